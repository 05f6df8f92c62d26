"""Redis, PostgreSQL and one seeded database per size, for the benchmark. Standard library only.

A database is seeded once and reused while nothing it was made from has changed: the size, the
number of communities, the day (the demo's sessions are "upcoming" relative to the day they are
made), every migration, the demo data's code and the programme's fixture. Their fingerprint is
the database's comment; a different fingerprint means the database is dropped and made again,
so a migration filled in since (counter columns, triggers) is never missed.
"""

import datetime
import hashlib
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip
COMMENT_PREFIX = "ucl-cop bench "


def _ok(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _wait(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start within {seconds:.0f} seconds.")
        time.sleep(0.3)


def redis_up() -> bool:
    try:
        answer = subprocess.run(
            ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "ping"],
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return answer.stdout.strip() == "PONG"


def ensure_redis() -> str:
    if redis_up():
        return "Redis: running at 127.0.0.1:6379"
    subprocess.run(REDIS_START, check=True, timeout=30)
    _wait(redis_up, "Redis")
    return "Redis: was down, started at 127.0.0.1:6379"


def flush_redis(db: int) -> None:
    """Empty the benchmark's own Redis database (only that one)."""
    command = ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "-n", str(db), "flushdb"]
    subprocess.run(command, check=True, capture_output=True, timeout=30)


def postgres_up() -> bool:
    return _ok(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"])


def ensure_postgres() -> str:
    if postgres_up():
        return "PostgreSQL: running at 127.0.0.1:5432"
    for version in sorted(path.name for path in Path("/etc/postgresql").iterdir()):
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]
        subprocess.run(command, check=True, timeout=60)
    _wait(postgres_up, "PostgreSQL", 60)
    return "PostgreSQL: was down, started at 127.0.0.1:5432"


def psql(sql: str, database: str = "postgres") -> str:
    command = ["psql", f"{POSTGRES_URL}/{database}", "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", sql]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=600).stdout


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def fingerprint(root: Path, *, people: int, communities: int, seed: int) -> str:
    """What a seeded database was made from; see the module's docstring."""
    digest = hashlib.sha256()
    digest.update(f"{people} {communities} {seed} {datetime.date.today()}".encode())
    sources = sorted(
        path
        for pattern in ("*/migrations/*.py", "ucl_cop/demo/**/*", "fixtures/*.json")
        for path in root.glob(pattern)
        if path.is_file() and ".venv" not in path.parts and "__pycache__" not in path.parts
    )
    sources.append(root / "ucl_cop" / "management" / "commands" / "seed_demo.py")
    for path in sources:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def media_root(database: str) -> Path:
    """Where a benchmark database's uploaded files live: kept with it, outside the checkout."""
    return Path(tempfile.gettempdir()) / "ucl-cop-bench" / database / "media"


def ensure_database(
    name: str, *, root: Path, manage, people: int, communities: int, seed: int, log
) -> bool:
    """Make `name` hold `seed_demo --people N --communities C`, reusing it when it already does.

    `manage(*args)` runs manage.py against it. Returns True when it had to be seeded.
    """
    wanted = COMMENT_PREFIX + fingerprint(root, people=people, communities=communities, seed=seed)
    found = psql(
        "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database "
        f"WHERE datname = {_literal(name)}"
    ).strip()
    if found == wanted:
        log(f"Database {name}: already seeded with these options today; reused")
        return False
    started = time.monotonic()
    log(f"Database {name}: {'out of date, ' if found else ''}seeding {people:,} people")
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')
    shutil.rmtree(media_root(name), ignore_errors=True)
    manage("migrate", "--no-input", "-v0")
    seed_args = ["seed_demo", "--people", str(people), "--seed", str(seed)]
    if communities:
        seed_args += ["--communities", str(communities)]
    manage(*seed_args)
    # Fresh bulk inserts leave the planner guessing; a live database has statistics.
    psql("VACUUM ANALYZE", name)
    psql(f'COMMENT ON DATABASE "{name}" IS {_literal(wanted)}')
    log(f"Database {name}: seeded in {time.monotonic() - started:.1f} s")
    return True
