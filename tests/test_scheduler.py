"""scripts/scheduler: the recurring commands run when due, each logged, and one that fails does
not stop the others."""

import importlib.util
import json
import os
import subprocess
import sys
import threading
from importlib.machinery import SourceFileLoader
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts/scheduler"


@pytest.fixture(scope="module")
def scheduler():
    loader = SourceFileLoader("scheduler", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def log_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_it_schedules_the_portals_recurring_commands(scheduler):
    every = {job.command: job.every for job in scheduler.SCHEDULE}

    assert every == {
        "deliver_outbox": 60,
        "send_session_reminders": 60 * 60,
        "reconfirm_core_memberships": 24 * 60 * 60,
        "apply_retention": 24 * 60 * 60,
    }
    missing = set(every) - set(get_commands())
    assert not missing, f"no such management command: {sorted(missing)}"


def test_a_failing_command_is_logged_and_the_others_still_run(scheduler, capsys):
    ran = []

    def runner(job):
        ran.append(job.command)
        if job.command == "send_session_reminders":
            return 3
        if job.command == "reconfirm_core_memberships":
            raise RuntimeError("boom")
        return 0

    assert scheduler.run_once(runner=runner) is False

    assert ran == [job.command for job in scheduler.SCHEDULE]
    lines = log_lines(capsys.readouterr().out)
    outcomes = {line["command"]: line for line in lines if "exit_code" in line}
    assert outcomes["deliver_outbox"]["level"] == "INFO"
    assert outcomes["deliver_outbox"]["exit_code"] == 0
    assert outcomes["send_session_reminders"]["level"] == "ERROR"
    assert outcomes["send_session_reminders"]["exit_code"] == 3
    assert outcomes["reconfirm_core_memberships"]["exit_code"] == -1
    assert outcomes["apply_retention"]["exit_code"] == 0
    assert all(line["logger"] == "scheduler" and "time" in line for line in lines)


def test_the_loop_runs_each_command_when_due_and_goes_on_after_failures(scheduler, capsys):
    now = [0.0]
    ran = []

    class StopAfter(threading.Event):
        # Waiting moves the fake clock on; past 200 s the loop is told to stop.
        def wait(self, timeout=None):
            now[0] += timeout
            if now[0] > 200:
                self.set()
            return self.is_set()

    def runner(job):
        ran.append((now[0], job.command))
        now[0] += 1  # each run takes a second
        return 1 if job.command == "deliver_outbox" else 0  # the outbox always fails

    scheduler.loop(runner=runner, stop=StopAfter(), clock=lambda: now[0])

    outbox = [at for at, command in ran if command == "deliver_outbox"]
    assert outbox == [0, 60, 120, 180]  # every minute from its last start, failures or not
    assert [command for _, command in ran].count("apply_retention") == 1
    assert [command for _, command in ran].count("send_session_reminders") == 1


def test_an_unknown_option_is_refused(scheduler, capsys):
    assert scheduler.main(["scheduler", "--every-second"]) == 2


@pytest.mark.postgres
@pytest.mark.usefixtures("transactional_db", "django_db_serialized_rollback")
def test_once_runs_every_command_against_the_database():
    # The real commands, each in its own process, against this test's database.
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}

    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    finished = [line for line in log_lines(done.stdout) if line.get("exit_code") == 0]
    assert [line["command"] for line in finished] == [
        "deliver_outbox",
        "send_session_reminders",
        "reconfirm_core_memberships",
        "apply_retention",
    ]
