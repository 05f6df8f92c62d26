"""The benchmark's runs at one size: warm up, alternate each page with its bare view, run the
join + leave cycle, and top the pages up to the memory figures' number of requests.

Standard library only. `log` prints progress; `deadline` (time.monotonic()) bounds the rounds:
a round that would not finish in time is not started, and the results are the medians of the
rounds that ran.
"""

import os
import time
from pathlib import Path

from . import load, table

CPUS = os.cpu_count() or 1
POOL_BLOCK = 64  # people per wrk thread in each join + leave run (far more than its connections)
CYCLE = "join + leave cycle"


def pool_size(rounds: int, threads: int) -> int:
    return rounds * POOL_BLOCK * threads


def cycle_lines(state: dict, people: list[dict], *, threads: int, lag: int, bare: bool):
    """The join + leave cycle's requests for cycle.lua: each person joins, and leaves `lag`
    requests later, so a thread never sends a leave before its join has been answered (it has
    fewer than `lag` requests in flight). Thread k of `threads` takes lines k, k + threads...:
    its people are people[k::threads]. For the bare run the same POSTs go to /bench/user/."""
    community = f"/communities/{state['community']}/"

    def line(person: dict, action: str, body: str) -> tuple:
        cookie = (
            f"{state['cookie_name']}={person['session']}; "
            f"{state['csrf_cookie_name']}={person['csrf']}"
        )
        path = "/bench/user/" if bare else f"{community}{action}/"
        return ("POST", path, cookie, person["csrf"], body)

    sequences = []
    for thread in range(threads):
        mine = people[thread::threads]
        sequence = []
        for index in range(len(mine) + lag):
            if index < len(mine):
                sequence.append(line(mine[index], "join", "kind=wider"))
            if index >= lag:
                sequence.append(line(mine[index - lag], "leave", "confirm=1"))
        sequences.append(sequence)
    return [sequence[i] for i in range(len(sequences[0])) for sequence in sequences]


def run_seconds(args, result: dict, pages: dict) -> dict:
    """How long each page's runs last: long enough for its connections to be served three times
    over on these CPUs (judged from one request alone), between --duration and --max-duration."""
    seconds = {}
    for name in pages:
        alone = result["pages"][name]["alone_ms"] / 1000
        wanted = 3 * args.connections * alone / CPUS
        seconds[name] = min(args.max_duration, max(args.duration, wanted))
    seconds[CYCLE] = args.duration
    return seconds


def run_pages(server, state, pages, args, result, workdir: Path, deadline: float, log) -> None:
    people = result["people"]
    wrk = {"connections": args.connections, "threads": args.threads, "server": server}
    url = server.base
    bare = {"ok": ("/bench/ok/", False), "user": ("/bench/user/", True)}
    specs = {page.name: page for page in table.PAGES}
    seconds = run_seconds(args, result, pages)
    # Each round: every page's run, as many bare runs, and time for gunicorn to catch up.
    round_seconds = sum(seconds.values()) + len(seconds) * (args.duration + 2)
    warmup = max(1.0, args.duration / 3)
    log(f"{people:,} people: warming up ({warmup:g} s a page)")
    server.wait_idle()
    for page in pages.values():
        load.wrk(url + page["path"], seconds=warmup, cookie=page["cookie"], **wrk)

    rss_before = server.worker_rss_mib()
    comparisons = {name: load.Comparison() for name in [*pages, CYCLE]}
    block = POOL_BLOCK * args.threads
    lag = 2 * -(-args.connections // args.threads)
    for round_number in range(args.rounds):
        started = time.monotonic()
        if started + round_seconds > deadline:
            log(f"{people:,} people: out of time after {round_number} rounds")
            result["incomplete"] = f"{round_number} of {args.rounds} rounds (time limit)"
            break
        log(f"{people:,} people: round {round_number + 1} of {args.rounds}")
        for name, page in pages.items():
            comparison = comparisons[name]
            bare_path, signed_in = bare[specs[name].bare]
            runs = [
                (comparison.pages, page["path"], page["cookie"], seconds[name]),
                (comparison.bares, bare_path, page["cookie"] if signed_in else "", args.duration),
            ]
            # Alternate which goes first, so a drift in the machine's load falls on both.
            for runs_list, path, cookie, duration in runs[:: -1 if round_number % 2 else 1]:
                runs_list.append(load.wrk(url + path, seconds=duration, cookie=cookie, **wrk))
        # The cycle takes a fresh block of the pool each round, so no run starts with people an
        # earlier run left as members.
        here = state["pool"][1 + round_number * block : 1 + (round_number + 1) * block]
        cycle = comparisons[CYCLE]
        for runs_list, bare_run in ((cycle.pages, False), (cycle.bares, True)):
            lines = cycle_lines(state, here, threads=args.threads, lag=lag, bare=bare_run)
            requests_file = load.write_requests(workdir / "cycle.txt", lines)
            runs_list.append(
                load.wrk(url, seconds=args.duration, requests_file=requests_file, **wrk)
            )
        # The next round takes as long as this one did, waits for gunicorn included.
        round_seconds = max(round_seconds, time.monotonic() - started)
    if not comparisons[CYCLE].pages:
        return
    for name, comparison in comparisons.items():
        result["pages"].setdefault(name, {}).update(
            vs=table.BARE_OK if specs[name].bare == "ok" else table.BARE_USER,
            seconds=seconds[name],
            ratios=comparison.ratios,
            ratio=comparison.ratio,
            rps=comparison.median(comparison.pages, "rps"),
            bare_rps=comparison.median(comparison.bares, "rps"),
            p50=comparison.median(comparison.pages, "p50"),
            p99=comparison.median(comparison.pages, "p99"),
            requests=comparison.median(comparison.pages, "requests"),
            errors=comparison.errors,
        )
    result["cycle_posts"] = sum(run.requests for run in comparisons[CYCLE].pages)
    if people == max(args.sizes):
        served = {
            "pages": sum(run.requests for c in comparisons.values() for run in c.pages),
            "bare": sum(run.requests for c in comparisons.values() for run in c.bares),
        }
        served["pages"] += top_up(server, pages, args, workdir, served["pages"], deadline, log)
        result["memory"] = {
            "people": people,
            "served": served,
            "before": rss_before,
            "after": server.worker_rss_mib(),
        }


def top_up(server, pages, args, workdir: Path, served: int, deadline: float, log) -> int:
    """Requests over every GET page until the pages have served --memory-requests in all (the
    rounds serve most of them); returns how many this sent. Bounded by the time left."""
    missing = args.memory_requests - served
    seconds = min(60.0, deadline - time.monotonic())
    if missing <= 0 or seconds < 5:
        return 0
    lines = [("GET", page["path"], page["cookie"], "", "") for page in pages.values()]
    # Thread k takes every threads-th line: repeat each, so every thread sends every page.
    lines = [line for line in lines for _ in range(args.threads)]
    requests_file = load.write_requests(workdir / "mix.txt", lines)
    log(f"{missing:,} more page requests for the memory figures (at most {seconds:.0f} s)")
    run = load.wrk(
        server.base,
        seconds=seconds,
        requests_file=requests_file,
        stop_after=-(-missing // args.threads),
        connections=args.connections,
        threads=args.threads,
        server=server,
    )
    return run.requests
