"""gunicorn and wrk for the benchmark: start the server, load it, read its workers' memory.

Standard library only. Every run is bounded: wrk by its duration, the server's start by a
timeout, and the caller passes what time is left.
"""

import math
import os
import re
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import services

CYCLE_SCRIPT = Path(__file__).resolve().parent / "cycle.lua"
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """The project's gunicorn.conf.py serving `ucl_cop.wsgi` with the benchmark's settings.

    Its access log (one JSON line per request, as in production) goes to a file, not the screen.
    """

    def __init__(self, root: Path, python: str, env: dict, log_path: Path, database: str = ""):
        self.database = database  # whose queries still running mean the server is still busy
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", *self._bind(), "ucl_cop.wsgi"],
            cwd=root,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def _bind(self) -> list[str]:
        return ["--bind", f"127.0.0.1:{self.port}"]

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped while starting:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz/", timeout=5):
                    pass
            except OSError:  # refused while starting, or a slow first answer
                time.sleep(0.3)
                continue
            if len(self.workers()) >= 1:
                return
        raise SystemExit(f"gunicorn did not answer within {seconds:.0f} s:\n{self.tail()}")

    def workers(self) -> list[int]:
        """The worker processes: the master's children, from /proc."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The name in parentheses may hold spaces; the parent's id is the second field after.
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                children.append(int(entry.name))
        return sorted(children)

    def cpu_seconds(self) -> float:
        """CPU time the workers have used so far."""
        ticks = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime and stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def queries_running(self) -> int:
        """Queries PostgreSQL is still running for the server: a worker waiting for one uses
        no CPU, but the server is not idle."""
        if not self.database:
            return 0
        return int(
            services.psql(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                f"AND datname = '{self.database}' AND pid <> pg_backend_pid()"
            ).strip()
        )

    def wait_idle(self, seconds: float = 120) -> bool:
        """Wait until the workers stop working: wrk leaves requests it sent queued in them,
        which would otherwise eat into the next run. False if they were still busy."""
        deadline = time.monotonic() + seconds
        used = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = self.cpu_seconds()
            if now - used < 0.02 and not self.queries_running():
                return True
            used = now
        return False

    def worker_rss_mib(self) -> dict[int, float]:
        sizes = {}
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                sizes[pid] = int(match.group(1)) / 1024
        return sizes

    def tail(self, lines: int = 30) -> str:
        self._log.flush()
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, cookie: str = "") -> tuple[int, bytes]:
    """One GET, redirects not followed: (status, body)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _opener.open(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Run:
    """One wrk run: throughput, latency percentiles (ms) and any failures."""

    rps: float
    p50: float
    p99: float
    requests: int
    errors: list[str] = field(default_factory=list)


def _ms(value: str, unit: str) -> float:
    return float(value) * UNITS_MS[unit]


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    cookie: str = "",
    requests_file: Path | None = None,
    stop_after: int = 0,
    server: Gunicorn | None = None,
) -> Run:
    """Run wrk against `url` (or the requests in `requests_file`, through cycle.lua) for
    `seconds` (whole seconds: wrk takes no fractions), then wait for `server` to finish what wrk
    left it."""
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{math.ceil(seconds)}s", "--timeout", "60s",
        "--latency",
    ]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if requests_file is not None:
        command += ["-s", str(CYCLE_SCRIPT), url, "--", str(requests_file), str(threads)]
        command += [str(stop_after)]
    else:
        command.append(url)
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    busy = server is not None and not server.wait_idle()
    output = done.stdout
    if done.returncode != 0 or "Requests/sec" not in output:
        raise SystemExit(f"wrk failed on {url}:\n{output}\n{done.stderr}")
    percentiles = {}
    for percentile in ("50", "99"):
        match = re.search(rf"^\s+{percentile}\.000%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        match = match or re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        percentiles[percentile] = _ms(*match.groups()) if match else float("nan")
    errors = []
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors.append(f"{match.group(1)} error responses")
    if match := re.search(r"Socket errors: (.*)", output):
        errors.append(f"socket errors ({match.group(1).strip()})")
    if busy:
        errors.append("gunicorn still busy 2 minutes after a run")
    return Run(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50=percentiles["50"],
        p99=percentiles["99"],
        requests=int(re.search(r"(\d+) requests in", output).group(1)),
        errors=errors,
    )


def write_requests(path: Path, lines: list[tuple[str, str, str, str, str]]) -> Path:
    """Write cycle.lua's requests file: (method, path, cookie, CSRF token, form body) a line."""
    path.write_text("".join("\t".join(line) + "\n" for line in lines))
    return path


@dataclass
class Comparison:
    """A page and its bare view, measured in alternating runs."""

    pages: list[Run] = field(default_factory=list)
    bares: list[Run] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        pairs = zip(self.pages, self.bares, strict=True)
        return [page.rps / bare.rps if bare.rps else float("nan") for page, bare in pairs]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def median(self, runs: list[Run], name: str) -> float | None:
        """The median of `name` over `runs`; latencies only over runs that answered something
        (None if none did)."""
        if name in ("p50", "p99"):
            runs = [run for run in runs if run.requests]
        return statistics.median(getattr(run, name) for run in runs) if runs else None

    @property
    def errors(self) -> list[str]:
        errors = {error for run in self.pages + self.bares for error in run.errors}
        if any(not run.rps for run in self.bares):
            errors.add("a bare run answered nothing")
        return sorted(errors)


def environment_cpus() -> str:
    try:
        load = os.getloadavg()
    except OSError:
        return f"{os.cpu_count()} CPUs"
    return f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
