"""gunicorn.conf.py: processes from the CPUs, a keep-alive longer than a proxy's, logs to the
standard streams, and only gunicorn settings that exist."""

import runpy
from pathlib import Path

import pytest
from gunicorn.config import Config

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
OVERRIDES = [
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_KEEPALIVE",
    "GUNICORN_TIMEOUT",
    "GUNICORN_BIND",
    "PORT",
    "FORWARDED_ALLOW_IPS",
    "DJANGO_DEBUG",
]


def load(monkeypatch, **env) -> dict:
    for name in OVERRIDES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(CONF))
    return {name: value for name, value in namespace.items() if not name.startswith("_")}


def test_the_defaults_suit_production_behind_a_proxy(monkeypatch):
    conf = load(monkeypatch)

    assert conf["workers"] == conf["available_cpus"]() * 2 + 1
    assert conf["threads"] == 4
    assert conf["keepalive"] > 60  # longer than nginx's and AWS load balancers' 60 s
    assert conf["timeout"] == 30
    assert conf["graceful_timeout"] == 30
    assert conf["max_requests"] == 1000
    assert 0 < conf["max_requests_jitter"] < conf["max_requests"]
    assert conf["accesslog"] == "-"  # stdout
    assert conf["errorlog"] == "-"  # stderr
    assert conf["forwarded_allow_ips"] == "127.0.0.1"
    assert conf["bind"] == ["0.0.0.0:8000"]
    if Path("/dev/shm").is_dir():
        assert conf["worker_tmp_dir"] == "/dev/shm"
    assert conf["logconfig_dict"]["formatters"]["json"]["()"] == "ucl_cop.logs.JsonFormatter"


def test_the_environment_overrides_the_defaults(monkeypatch):
    conf = load(
        monkeypatch,
        WEB_CONCURRENCY="3",
        GUNICORN_THREADS="8",
        GUNICORN_KEEPALIVE="120",
        FORWARDED_ALLOW_IPS="10.0.0.5,10.0.0.6",
        PORT="9000",
    )

    assert (conf["workers"], conf["threads"], conf["keepalive"]) == (3, 8, 120)
    assert conf["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
    assert conf["bind"] == ["0.0.0.0:9000"]


def test_development_keeps_gunicorns_readable_lines(monkeypatch):
    assert "logconfig_dict" not in load(monkeypatch, DJANGO_DEBUG="true")


@pytest.mark.parametrize("debug", ["false", "true"])
def test_every_setting_is_one_gunicorn_knows_and_accepts(monkeypatch, debug):
    conf = load(monkeypatch, DJANGO_DEBUG=debug)
    config = Config()
    settings = {name: value for name, value in conf.items() if not callable(value)}
    settings = {name: value for name, value in settings.items() if not hasattr(value, "__file__")}

    for name, value in settings.items():
        assert name in config.settings, f"gunicorn has no setting {name!r}"
        config.set(name, value)  # validates the value

    assert config.worker_class_str == "gthread"
