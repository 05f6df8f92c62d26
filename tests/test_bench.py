"""The benchmark's own parts (scripts/bench): its bare views, its join + leave cycle, its verdicts.

The benchmark itself is run by hand (`make bench`); these check the pieces whose mistakes would
make its figures quietly wrong.
"""

import pytest
from django.test import Client, override_settings

from bench import measure, table

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_bare_views_answer_ok_and_say_who_is_signed_in(client_for, staff):
    assert Client().get("/bench/ok/").text == "ok"
    assert Client().get("/bench/user/").text == "ok anonymous"
    assert client_for(staff).get("/bench/user/").text == f"ok {staff.pk}"
    assert client_for(staff).post("/bench/user/").text == f"ok {staff.pk}"
    # The portal's own pages are still there, beside them.
    assert Client().get("/communities/").status_code == 200


def test_the_bare_views_are_never_routed_in_production():
    from django.urls import Resolver404, resolve

    for path in ("/bench/ok/", "/bench/user/"):
        with pytest.raises(Resolver404):
            resolve(path)


def _cycle(people: int, threads: int, lag: int) -> list[list[tuple[str, str]]]:
    state = {"community": "c", "cookie_name": "s", "csrf_cookie_name": "t"}
    pool = [{"session": f"session{n}", "csrf": f"token{n}"} for n in range(people)]
    lines = measure.cycle_lines(state, pool, threads=threads, lag=lag, bare=False)
    # What each wrk thread sends, in order: cycle.lua gives thread k lines k, k + threads...
    return [
        [
            (path.rsplit("/", 2)[1], cookie.split(";")[0])
            for _, path, cookie, _, _ in lines[k::threads]
        ]
        for k in range(threads)
    ]


def test_in_the_cycle_each_person_joins_then_leaves_later_in_one_thread_only():
    sent = _cycle(people=128, threads=2, lag=16)

    people = [{cookie for _, cookie in thread} for thread in sent]
    assert len(people[0]) == len(people[1]) == 64
    assert not people[0] & people[1]
    for thread in sent:
        for cookie in people[0] | people[1]:
            actions = [(n, action) for n, (action, who) in enumerate(thread) if who == cookie]
            if not actions:
                continue
            (joined, first), (left, second) = actions
            assert (first, second) == ("join", "leave")
            assert left - joined > 16  # far more than the thread's 8 requests in flight


def test_the_cycle_alternates_joins_and_leaves_once_under_way():
    thread = _cycle(people=128, threads=2, lag=16)[0]

    assert [action for action, _ in thread[:16]] == ["join"] * 16
    assert [action for action, _ in thread[16:20]] == ["join", "leave", "join", "leave"]


def _size(people: int, ratio: float, warm: int, p50: float = 100.0) -> dict:
    return {
        "people": people,
        "pages": {page.name: {"ratio": ratio, "p50": p50, "requests": 50} for page in table.PAGES},
        "queries": {page.name: {"cold": warm + 1, "warm": warm} for page in table.PAGES},
    }


def test_the_verdict_passes_a_page_only_on_every_target():
    passing = table.summary([_size(2000, 0.95, 0), _size(20000, 0.93, 0)])
    assert "| anonymous /communities/ | 0.950 → 0.930 | ≥ 0.90 |" in passing[2]
    assert passing[2].endswith("| PASS |")

    slow = table.summary([_size(2000, 0.95, 0), _size(20000, 0.5, 0)])
    assert "MISS (ratio, ratio moved -47%)" in slow[2]

    grown = _size(20000, 0.95, 0)
    grown["queries"]["anonymous /communities/"] = {"cold": 2, "warm": 1}
    verdict = table.summary([_size(2000, 0.95, 0), grown])[2]
    assert verdict.endswith("| MISS (queries, cold queries grow, warm queries grow) |")
