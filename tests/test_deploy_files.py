"""The deploy kit agrees with itself and with the settings: docker-compose.yml, .env.example,
the Dockerfile's health check, the lock file and the proxy's configuration.

Docker does not run here, so these read the files; the services' commands were run by hand
(README.md, "Deploying"), and `docker compose config` and `caddy validate` check the syntax.
"""

import http.server
import importlib.util
import re
import threading
import tomllib
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PORTAL_SERVICES = ("migrate", "app", "worker", "scheduler")

# How ucl_cop/settings.py and gunicorn.conf.py read a variable (across line breaks too).
READS = re.compile(
    r"""(?:os\.environ(?:\.get)?\s*[\[(]|\benv(?:bool|int|float|list)\(|\b_int\()\s*"""
    r"""["']([A-Z][A-Z0-9_]*)["']"""
)
# Values in the compose file that are the topology itself, not configuration.
TOPOLOGY_CONSTANTS = {"PGHOST": "postgres", "BACKUP_DIR": "/backups"}


def settings_variables() -> set[str]:
    names = set()
    for source in ("ucl_cop/settings.py", "gunicorn.conf.py"):
        names |= set(READS.findall((ROOT / source).read_text()))
    return names


def env_example() -> dict[str, str]:
    """.env.example's variables, set (NAME=value) or left optional (#NAME=value)."""
    found = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.fullmatch(r"#?([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            found[match[1]] = match[2]
    return found


def test_the_settings_read_variables_this_test_can_see():
    # A guard on the pattern above: if it stopped matching, every check below would pass.
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_TASKS_BACKEND", "WEB_CONCURRENCY"} <= (
        settings_variables()
    )


def test_every_variable_the_settings_read_is_in_env_example():
    missing = settings_variables() - env_example().keys()
    assert not missing, f"add to .env.example, with a comment: {sorted(missing)}"


def test_every_variable_the_settings_read_reaches_the_portal_containers():
    passed = set(COMPOSE["x-portal-environment"])
    assert passed == settings_variables(), (
        "docker-compose.yml's x-portal-environment must list exactly the variables the settings "
        f"read: missing {sorted(settings_variables() - passed)}, "
        f"extra {sorted(passed - settings_variables())}"
    )
    for name in PORTAL_SERVICES:
        assert SERVICES[name]["environment"] == COMPOSE["x-portal-environment"], name


def test_every_service_environment_comes_from_env_example():
    example = env_example()
    text = (ROOT / "docker-compose.yml").read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    assert interpolated <= example.keys(), sorted(interpolated - example.keys())
    for name, service in SERVICES.items():
        assert "env_file" not in service, f"{name}: list variables, so each is checked here"
        for variable, value in (service.get("environment") or {}).items():
            if value is None:  # passed through from .env when set there
                assert variable in example, f"{name}: {variable} is not in .env.example"
            else:
                assert "${" in str(value) or TOPOLOGY_CONSTANTS.get(variable) == value, (
                    f"{name}: {variable} is fixed in docker-compose.yml; take it from .env"
                )


def test_env_example_holds_no_secret_and_explains_each_variable():
    example = env_example()
    for variable, value in example.items():
        if re.search(r"SECRET|PASSWORD", variable):
            assert value == "" or "CHANGE-ME" in value, f"{variable} looks like a real secret"
    # Each block of variables has at least one comment saying what it is for.
    for block in (ROOT / ".env.example").read_text().split("\n\n"):
        lines = block.strip().splitlines()
        if any(re.match(r"#?[A-Z][A-Z0-9_]*=", line) for line in lines):
            assert any(line.startswith("# ") for line in lines), block
    assert example["DJANGO_DEBUG"] == "false"
    assert example["DJANGO_TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert example["DJANGO_STORAGE"] == "s3"
    assert example["REDIS_URL"].startswith("redis://redis:")


def test_the_app_runs_twice_under_gunicorn_with_an_http_health_check():
    app = SERVICES["app"]
    assert app["deploy"]["replicas"] == 2
    assert app["command"] == ["gunicorn", "-c", "gunicorn.conf.py", "ucl_cop.wsgi"]
    assert "ports" not in app  # only the proxy reaches it
    assert app["healthcheck"]["test"][:3] == ["CMD", "python", "/app/scripts/healthcheck"]
    assert "/healthz/" in app["healthcheck"]["test"]


def test_migrate_runs_once_before_everything_that_runs_the_portals_code():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--no-input"]
    assert migrate["restart"] == "no"
    assert "migrate" not in migrate["depends_on"]
    for name in ("app", "worker", "scheduler"):
        condition = SERVICES[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_the_worker_scheduler_and_backing_services():
    assert SERVICES["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert SERVICES["scheduler"]["command"] == ["python", "scripts/scheduler"]
    assert "replicas" not in SERVICES["scheduler"].get("deploy", {})
    # They run the web image but serve no HTTP: its HEALTHCHECK would mark them unhealthy.
    for name in ("migrate", "worker", "scheduler"):
        assert SERVICES[name]["healthcheck"] == {"disable": True}, name
    for name in ("postgres", "redis", "app", "minio"):
        assert SERVICES[name]["healthcheck"]["test"], name
    assert SERVICES["minio-init"]["restart"] == "no"
    assert SERVICES["app"]["depends_on"]["minio-init"]["condition"] == (
        "service_completed_successfully"
    )
    assert SERVICES["caddy"]["depends_on"]["app"]["condition"] == "service_healthy"
    caddyfile = (ROOT / "deploy/Caddyfile").read_text()
    assert re.search(r"name app\s+port 8000", caddyfile)
    for script in ("deploy/backup.sh", "deploy/minio-init.sh", "deploy/Caddyfile"):
        assert f"./{script}:" in (ROOT / "docker-compose.yml").read_text(), script


def test_the_dockerfile_health_check_asks_healthz_over_http():
    dockerfile = (ROOT / "Dockerfile").read_text()
    healthcheck = re.search(r"^HEALTHCHECK .*?(?<!\\)\n", dockerfile, re.MULTILINE | re.DOTALL)
    assert healthcheck, "the Dockerfile has no HEALTHCHECK"
    assert '"/app/scripts/healthcheck", "/healthz/"' in healthcheck[0]
    assert "socket" not in healthcheck[0]
    # The image keeps the scripts the containers run, though scripts/ is otherwise left out.
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "!scripts/healthcheck" in ignored
    assert "!scripts/scheduler" in ignored
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile


@pytest.fixture
def healthcheck():
    loader = SourceFileLoader("healthcheck", str(ROOT / "scripts/healthcheck"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@pytest.fixture
def fake_gunicorn():
    """A server on a free port that answers as told and records the Host header it got."""
    seen = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen["host"], seen["path"] = self.headers["Host"], self.path
            status = seen.get("status", 200)
            self.send_response(status)
            if status == 301:
                self.send_header("Location", "https://elsewhere.invalid/")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    seen["port"] = server.server_address[1]
    yield seen
    server.shutdown()
    server.server_close()


def test_the_health_check_sends_an_allowed_host(healthcheck, fake_gunicorn, monkeypatch):
    monkeypatch.setenv("PORT", str(fake_gunicorn["port"]))
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " .cop.example.ac.uk, other.example.ac.uk")

    assert healthcheck.main(["healthcheck"]) == 0
    assert fake_gunicorn["host"] == "cop.example.ac.uk"
    assert fake_gunicorn["path"] == "/healthz/"

    assert healthcheck.main(["healthcheck", "/readyz/"]) == 0
    assert fake_gunicorn["path"] == "/readyz/"


@pytest.mark.parametrize("status", [301, 400, 503])
def test_the_health_check_fails_on_other_statuses(healthcheck, fake_gunicorn, monkeypatch, status):
    monkeypatch.setenv("GUNICORN_BIND", f"0.0.0.0:{fake_gunicorn['port']}")
    fake_gunicorn["status"] = status

    assert str(status) in healthcheck.check()
    assert healthcheck.main(["healthcheck"]) == 1


def test_the_health_check_fails_when_nothing_listens(healthcheck, fake_gunicorn, monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:1")  # a port nothing serves

    assert "did not answer" in healthcheck.check()


def test_django_answers_the_health_checks_request(client, db, healthcheck, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "localhost")

    response = client.get("/healthz/", HTTP_HOST=healthcheck.host_header())

    assert response.status_code == 200


def test_the_lock_pins_every_runtime_dependency_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text()
    assert "#    make lock" in lock  # regenerated by the Makefile's command
    pins = {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", lock, re.M)
    }
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {requirement.specifier}: "
            "run `make lock`"
        )
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[2])
    unhashed = [entry.split()[0] for entry in entries if "--hash=sha256:" not in entry]
    assert not unhashed, unhashed


def test_ci_audits_the_lock_and_make_regenerates_it():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lock: ", makefile, re.M)
    assert "--generate-hashes" in makefile
    assert re.search(r"^audit: ", makefile, re.M)
    assert "make audit" in (ROOT / ".ci/run").read_text()
