"""Helpers for the race tests: release many threads at once against PostgreSQL."""

import threading
from collections import Counter
from collections.abc import Callable

from django.conf import settings
from django.db import connection


def pool_size() -> int:
    return settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]


def run_together(work: list[Callable[[], object]], *, timeout: float = 60) -> list[object]:
    """Run each callable in its own thread, released at once; return results or exceptions."""
    assert pool_size() > len(work), (
        f"The connection pool holds {pool_size()} connections but this test runs {len(work)} "
        "threads besides the test's own: set DATABASE_POOL_MAX_SIZE (CI sets 40)."
    )
    barrier = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = action()
        except Exception as exc:  # The test inspects every outcome, whatever it is.
            results[index] = exc
        finally:
            # Hand the connection back to the pool; the thread's connection is its own.
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, action)) for index, action in enumerate(work)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    return results


def kinds_of(results: list[object]) -> Counter:
    return Counter(type(result).__name__ for result in results)
