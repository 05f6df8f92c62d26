"""gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py ucl_cop.wsgi`.

Every value can be changed from the environment; options on the command line win over this
file (the fault script binds to 127.0.0.1 with `--bind`).
"""

import math
import multiprocessing
import os
from pathlib import Path


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def available_cpus() -> int:
    """CPUs this process may use: its affinity mask, capped by a cgroup v2 quota (a container's
    --cpus), which multiprocessing.cpu_count() would not see."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        count = multiprocessing.cpu_count()
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if quota != "max":
            count = min(count, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError):
        pass
    return max(1, count)


bind = [os.environ.get("GUNICORN_BIND", f"0.0.0.0:{_int('PORT', 8000)}")]

# Processes and threads. Each process keeps its own database pool (DATABASE_POOL_MAX_SIZE, more
# than the threads), so the database sees at most workers × pool size connections per container.
workers = _int("WEB_CONCURRENCY", available_cpus() * 2 + 1)
threads = _int("GUNICORN_THREADS", 4)  # more than one: the gthread worker

# A worker silent this long is restarted; on a restart or deploy, requests in flight get this
# long to finish.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Keep idle connections open longer than the proxy in front does (nginx and AWS load balancers
# default to 60 s), so the proxy always closes first and never sends a request on a connection
# gunicorn has just closed. gunicorn's own 2 s dropped about 3% of requests in bursts.
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# Restart each worker after about this many requests (jittered, so they do not all restart at
# once), which bounds any slow growth in memory.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# The heartbeat file lives in memory, not on a container's overlay disk, which can stall it.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# Only this proxy's X-Forwarded-* headers are believed (a comma-separated list, or * behind a
# private network's load balancer).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# The access log goes to stdout and gunicorn's own messages to stderr. With debug off both are
# JSON lines, like Django's (ucl_cop/logs.py): one object per request, with its request id.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

if os.environ.get("DJANGO_DEBUG", "").strip().lower() not in {"1", "true", "yes", "on"}:
    logconfig_dict = {
        "formatters": {"json": {"()": "ucl_cop.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            # Not propagated: Django's root handler would print each line a second time.
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }

# No runtime control socket: nothing here uses `gunicornc`, and its default place ($HOME) is
# not writable by the image's unprivileged user, which only made gunicorn log a warning.
control_socket_disable = True
