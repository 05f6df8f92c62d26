#!/usr/bin/env python3
"""Measure a practice area's report page against the community list, under gunicorn and wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_bench \\
        .venv/bin/python scripts/bench_reports.py [--people 20000] [--no-seed] [--area SLUG]

What it does, in order:
1. migrates the database named by DATABASE_URL (the project's SQLite file when unset), unless
   --no-seed runs `manage.py seed_demo --people N` (which does nothing when the same data is
   already there), and refreshes the planner's statistics (ANALYZE);
2. collects static files into a temporary folder and starts gunicorn on a free port on
   127.0.0.1 with DEBUG off, as in production (no query logging, compressed static files);
3. signs in as the Head of CoPs by writing a session directly (no password needed);
4. runs wrk for a bounded time (-t 2 -c 4 -d 10s by default) against the report of the area
   with the most active members, /communities/ and the programme index /reports/, in turn
   (--rounds times, keeping each page's median run), and prints requests per second, latency
   percentiles and the report's ratio to the community list.

Nothing leaves 127.0.0.1. This is a measurement to run by hand, not a test.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20000, help="seed_demo --people")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--area", help="practice area slug (default: the one with most members)")
    parser.add_argument("--duration", default="10s", help="wrk -d (default 10s)")
    parser.add_argument("--connections", type=int, default=4, help="wrk -c (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="alternate the pages this many times and keep each page's median (default 1)",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_settings(folder: Path) -> None:
    """A settings module that only moves STATIC_ROOT, so the checkout stays untouched."""
    (folder / "bench_settings.py").write_text(
        f"from ucl_cop.settings import *  # noqa: F403\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
    )


def sign_in_head(env: dict) -> tuple[str, str]:
    """Create a session for a Head of CoPs; return (session cookie, busiest area's slug)."""
    code = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count, Q
from communities.models import PracticeArea
from membership.models import HEAD_OF_COPS_GROUP, Person
head = Person.objects.filter(groups__name=HEAD_OF_COPS_GROUP, is_active=True).first()
if head is None:
    raise SystemExit("No Head of CoPs in this database: run seed_demo or add one.")
session = SessionStore()
session[SESSION_KEY] = str(head.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = head.get_session_auth_hash()
session.create()
active = Q(communities__memberships__ended_at__isnull=True)
area = (
    PracticeArea.objects.annotate(
        members=Count("communities__memberships", filter=active),
        people=Count("communities__memberships__person", filter=active, distinct=True),
    )
    .order_by("-members")
    .first()
)
print(session.session_key, area.slug, area.members, area.people)
"""
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    key, slug, memberships, people = output[-4:]
    print(f"Busiest area: {slug} ({int(memberships):,} active memberships, {int(people):,} people)")
    return key, slug


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped while starting; see its output above.")
        try:
            with urllib.request.urlopen(f"{base}/healthz/", timeout=5):
                return
        except OSError:  # Refused while starting, or a slow first answer.
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz/ within 30 seconds.")


def check_page(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}, not 200.")
        return len(body)


def run_wrk(url: str, cookie: str, args: argparse.Namespace) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw error responses for {url}:\n{output}")
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percentile in ("50", "90", "99"):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        value, unit = float(match.group(1)), match.group(2)
        result[f"p{percentile}"] = value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    return result


def main() -> None:
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install -y wrk).")
    database = os.environ.get("DATABASE_URL", "the project's SQLite file")
    print(f"Database: {database}")

    env = {**os.environ, "DJANGO_DEBUG": "true"}
    manage(env, "migrate", "--noinput", "-v0")
    if not args.no_seed:
        manage(env, "seed_demo", "--people", str(args.people))
    # Fresh bulk inserts leave the planner guessing; a live database has statistics.
    manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; connection.cursor().execute('ANALYZE')",
    )

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        prepare_settings(Path(folder))
        production = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([folder, str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        manage(production, "collectstatic", "--noinput", "-v0")
        key, slug = sign_in_head(production)
        cookie = f"sessionid={key}"

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "ucl_cop.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=production,
        )
        try:
            wait_until_up(base, gunicorn)
            pages = {
                f"report /reports/{slug}/": f"{base}/reports/{slug}/",
                "community list /communities/": f"{base}/communities/",
                "reports index /reports/ (programme)": f"{base}/reports/",
                # A bare Django view under the same gunicorn: the floor the pages stand on.
                "bare view /healthz/": f"{base}/healthz/",
            }
            runs = {name: [] for name in pages}
            for name, url in pages.items():
                print(f"{name}: {check_page(url, cookie):,} bytes")
            # Alternating the pages spreads any background load over both of them.
            for round_number in range(1, args.rounds + 1):
                for name, url in pages.items():
                    print(f"Round {round_number}: measuring {name} for {args.duration}...")
                    runs[name].append(run_wrk(url, cookie, args))
            results = {
                name: sorted(results, key=lambda result: result["rps"])[len(results) // 2]
                for name, results in runs.items()
            }
        finally:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)

    print()
    print(f"{'page':<46}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'requests':>10}")
    for name, result in results.items():
        print(
            f"{name:<46}{result['rps']:>9.1f}{result['p50']:>9.1f}{result['p90']:>9.1f}"
            f"{result['p99']:>9.1f}{result['requests']:>10}"
        )
    report, listing, index, bare = results.values()
    print(f"\nReport throughput is {report['rps'] / listing['rps']:.2f}× the community list's")
    print(f"(the programme index: {index['rps'] / listing['rps']:.2f}×).")
    print(
        f"Against the bare view: report {report['rps'] / bare['rps']:.2f}×, "
        f"list {listing['rps'] / bare['rps']:.2f}×, index {index['rps'] / bare['rps']:.2f}×."
    )


if __name__ == "__main__":
    main()
