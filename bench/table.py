"""The benchmark's pages, the issue's targets, and the tables it prints. Standard library only.

Targets (issue 17), as ratios of a page's throughput to its bare view's in the same run at the
largest size, and queries with warm caches. Besides them, every figure must move by less than
20% from the smallest size to the largest (judged on the ratio and p50), and the query counts,
cold and warm, must be the same at every size (no query grows with the data).
"""

from dataclasses import dataclass

DRIFT_LIMIT = 0.20


@dataclass(frozen=True)
class Page:
    name: str
    bare: str  # "ok" (anonymous pages) or "user" (signed-in pages: same cookie)
    ratio_target: float | None
    queries_target: int | None


PAGES = (
    Page("anonymous /communities/", "ok", 0.90, 0),
    Page("anonymous community page", "ok", 0.90, 0),
    Page("signed-in community page", "user", 0.40, 4),
    Page("/me/", "user", 0.40, 6),
    Page("sponsor report", "user", 0.25, 4),
    Page("/reports/ (the Head)", "user", 0.25, 4),
    Page("/events/ (signed in)", "user", None, None),
    Page("join + leave cycle", "user", 0.25, None),
)
BARE_OK, BARE_USER = "bare /bench/ok/", "bare /bench/user/"


def _change(small: float, large: float) -> float:
    return (large - small) / small if small else float("inf")


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def detail(size: dict) -> list[str]:
    """One size's table: each page against its bare view. "reqs" is how many requests a page's
    run completed (the median: a handful means its ratio is rough), "alone" the time in ms of
    one request with the server otherwise idle."""
    lines = [
        f"{'page':<28}{'vs':<18}{'page/s':>8}{'bare/s':>8}{'ratio':>7}{'range':>13}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'reqs':>6}{'alone':>7}{'KB':>6}{'queries cold/warm':>19}",
    ]
    for name, result in size["pages"].items():
        queries = size["queries"].get(name, {})
        ratios = result.get("ratios") or []
        spread = f"{min(ratios):.3f}–{max(ratios):.3f}" if ratios else "–"
        lines.append(
            f"{name:<28}{result.get('vs', ''):<18}{_fmt(result.get('rps')):>8}"
            f"{_fmt(result.get('bare_rps')):>8}{_fmt(result.get('ratio'), 3):>7}{spread:>13}"
            f"{_fmt(result.get('p50')):>8}{_fmt(result.get('p99')):>8}"
            f"{_fmt(result.get('requests'), 0):>6}{_fmt(result.get('alone_ms'), 0):>7}"
            f"{_fmt(result.get('kb'), 0):>6}"
            f"{queries.get('cold', '–')!s:>11}/{queries.get('warm', '–')!s:<7}"
        )
        if result.get("errors"):
            lines.append(f"{'':<28}FAILED: {', '.join(result['errors'])}")
        if result.get("requests") == 0 and result.get("bare_rps"):
            lines.append(
                f"{'':<28}no request answered within its {result['seconds']:g} s runs: "
                f"its ratio is below {1 / result['seconds'] / result['bare_rps']:.4f}"
            )
    for name in (BARE_OK, BARE_USER):
        queries = size["queries"].get(name, {})
        lines.append(
            f"{name:<28}{'':<18}{'':>8}{'':>8}{'':>7}{'':>13}{'':>8}{'':>8}{'':>6}{'':>7}{'':>6}"
            f"{queries.get('cold', '–')!s:>11}/{queries.get('warm', '–')!s:<7}"
        )
    return lines


def summary(sizes: list[dict]) -> list[str]:
    """The issue's table, with targets and PASS or MISS, as Markdown (it goes into notes)."""
    small, large = sizes[0], sizes[-1]
    both = len(sizes) > 1
    label = f"{small['people']:,}" + (f" → {large['people']:,}" if both else "")
    lines = [
        f"| Page ({label} people) | Ratio | Target | p50 ms | p99 ms | Queries cold | "
        f"Queries warm | Target | Result |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def pair(name: str, key: str, digits: int) -> str:
        values = [size["pages"].get(name, {}).get(key) for size in sizes]
        return " → ".join(_fmt(value, digits) for value in values)

    def counts(name: str, state: str) -> str:
        values = [size["queries"].get(name, {}).get(state, "–") for size in sizes]
        return " → ".join(str(value) for value in values)

    for page in PAGES:
        found = large["pages"].get(page.name, {})
        misses = []
        ratio = found.get("ratio")
        warm = large["queries"].get(page.name, {}).get("warm")
        if found.get("errors"):
            misses.append("failed requests")
        if page.ratio_target is not None and (ratio is None or ratio < page.ratio_target):
            misses.append("ratio")
        if page.queries_target is not None and (warm is None or warm > page.queries_target):
            misses.append("queries")
        if both:
            for key in ("ratio", "p50"):
                before = small["pages"].get(page.name, {}).get(key)
                if before and found.get(key) is not None:
                    moved = _change(before, found[key])
                    if abs(moved) >= DRIFT_LIMIT:
                        misses.append(f"{key} moved {moved:+.0%}")
            for state in ("cold", "warm"):
                seen = {size["queries"].get(page.name, {}).get(state) for size in sizes}
                if len(seen) > 1:
                    misses.append(f"{state} queries grow")
        result = "PASS" if not misses else "MISS (" + ", ".join(misses) + ")"
        ratio_target = "–" if page.ratio_target is None else f"≥ {page.ratio_target:.2f}"
        queries_target = "–" if page.queries_target is None else f"≤ {page.queries_target}"
        lines.append(
            f"| {page.name} | {pair(page.name, 'ratio', 3)} | {ratio_target} | "
            f"{pair(page.name, 'p50', 1)} | {pair(page.name, 'p99', 1)} | "
            f"{counts(page.name, 'cold')} | {counts(page.name, 'warm')} | {queries_target} | "
            f"{result} |"
        )
    return lines


def memory(found: dict) -> list[str]:
    if not found:
        return ["Worker memory: not measured."]
    before, after = found["before"], found["after"]

    def describe(sizes: dict) -> str:
        values = sorted(sizes.values())
        if not values:
            return "no workers found"
        mean = sum(values) / len(values)
        return f"{mean:.1f} MiB a worker ({values[0]:.1f}–{values[-1]:.1f}, {len(values)} workers)"

    same = set(before) == set(after)
    served = found["served"]
    lines = [
        f"Worker memory (RSS, {found['people']:,} people), before and after "
        f"{served['pages'] + served['bare']:,} requests ({served['pages']:,} to the pages, "
        f"{served['bare']:,} to the bare views):",
        f"  before: {describe(before)}",
        f"  after:  {describe(after)}",
    ]
    if same and before:
        growth = [after[pid] - before[pid] for pid in before]
        lines.append(
            f"  change: {sum(growth) / len(growth):+.1f} MiB a worker on average "
            f"({min(growth):+.1f} to {max(growth):+.1f})"
        )
    elif before:
        lines.append("  (workers were replaced during the run, so only the levels compare)")
    return lines
