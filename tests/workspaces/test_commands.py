"""The operator commands: demo, createworkspace, worker (and its scheduler), serve."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from followthrough.core.periodic import (
    PeriodicRegistry,
    PeriodicScheduler,
    periodic_registry,
    register_periodic,
)
from followthrough.workspaces.management.background import BackgroundWorker
from followthrough.workspaces.models import Member, Role, User, Workspace
from tests.conftest import NOW
from tests.factories import PASSWORD

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def open_workspace(name: str) -> str:
    """A task with a visible effect: a row only the worker could have written."""
    return Workspace.objects.create(name=name).code


@task()
def ping() -> str:
    return "pong"


def run(*args: str, **kwargs: Any) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


# demo ---------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_without_serving_creates_the_data_folder_loads_once_and_prints_the_sign_in(
    tmp_path: Path, settings: Any
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    first = run("demo", "--no-serve")
    assert (tmp_path / "data").is_dir()
    assert "Loaded the demo business Harbor Bikes & Outdoor" in first
    assert "maya@harborbikes.test" in first
    assert "sam@harborbikes.test" in first
    assert "harbor-demo-2024" in first
    workspace = Workspace.objects.get(name="Harbor Bikes & Outdoor")
    second = run("demo", "--no-serve")
    assert "Reusing the demo business" in second
    assert Workspace.objects.filter(name="Harbor Bikes & Outdoor").get() == workspace


@pytest.mark.django_db
def test_demo_refuses_to_serve_with_production_settings_before_doing_anything(
    tmp_path: Path, settings: Any
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.SECURE_SSL_REDIRECT = True
    with pytest.raises(CommandError, match="settings"):
        run("demo", "--port", "8999")
    assert not (tmp_path / "data").exists()
    assert not Workspace.objects.exists()


# createworkspace ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_createworkspace_creates_a_business_whose_manager_can_sign_in() -> None:
    out = run(
        "createworkspace",
        "--name",
        "Dana's Desks",
        "--email",
        "Dana@Desks.test",
        "--manager-name",
        "Dana",
        "--password",
        PASSWORD,
        "--timezone",
        "Europe/Berlin",
    )
    member = Member.objects.select_related("workspace", "user").get(user__email="dana@desks.test")
    assert member.workspace.name == "Dana's Desks"
    assert member.role == Role.MANAGER
    assert member.timezone == "Europe/Berlin"
    assert member.user.check_password(PASSWORD)
    assert "Dana's Desks" in out
    assert "/login/" in out


@pytest.mark.django_db
def test_createworkspace_with_an_existing_account_keeps_its_password(alice: Member) -> None:
    run("createworkspace", "--name", "Second shop", "--email", "alice@example.com",
        "--manager-name", "Alice")  # fmt: skip
    user = User.objects.get(email="alice@example.com")
    assert user.check_password(PASSWORD)
    assert sorted(m.workspace.name for m in user.memberships.all()) == [
        "Alice's Bikes",
        "Second shop",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--email", "not-an-address", "--password", PASSWORD], "--email"),
        (["--email", "e@x.test", "--password", "short"], "Password"),
        (["--email", "e@x.test", "--password", PASSWORD, "--timezone", "Mars/Base"], "--timezone"),
    ],
)
def test_createworkspace_rejects_bad_input_saying_which_option(
    extra: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run("createworkspace", "--name", "Shop", "--manager-name", "Eve", *extra)
    assert not Workspace.objects.exists()


@pytest.mark.django_db
def test_createworkspace_without_a_password_or_a_terminal_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="--password"):
        run("createworkspace", "--name", "Shop", "--email", "e@x.test", "--manager-name", "Eve")
    assert not User.objects.filter(email="e@x.test").exists()


# the periodic scheduler ----------------------------------------------------------------------


@pytest.fixture
def registry() -> PeriodicRegistry:
    fresh = PeriodicRegistry()
    fresh.register(ping, every=timedelta(minutes=5))
    return fresh


@pytest.fixture
def ping_registered_globally() -> Iterator[None]:
    register_periodic(ping, every=timedelta(minutes=5))
    yield
    periodic_registry.unregister(ping)


def test_register_periodic_adds_the_sweep_to_the_registry(ping_registered_globally: None) -> None:
    entry = next(e for e in periodic_registry.entries() if e.task == ping)
    assert entry.every == timedelta(minutes=5)
    assert entry.name == "tests.workspaces.test_commands.ping"


def test_a_sweep_needs_a_positive_interval() -> None:
    with pytest.raises(ValueError, match="positive"):
        PeriodicRegistry().register(ping, every=timedelta(0))


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS)
def test_the_scheduler_enqueues_a_registered_sweep_once_per_interval(
    registry: PeriodicRegistry,
) -> None:
    scheduler = PeriodicScheduler(registry)
    queued = DBTaskResult.objects.filter(task_path="tests.workspaces.test_commands.ping")
    scheduler.run_pending(now=NOW)
    assert queued.count() == 1
    scheduler.run_pending(now=NOW + timedelta(minutes=1))
    scheduler.run_pending(now=NOW + timedelta(minutes=4, seconds=59))
    assert queued.count() == 1
    scheduler.run_pending(now=NOW + timedelta(minutes=5))
    assert queued.count() == 2
    assert set(queued.values_list("status", flat=True)) == {TaskResultStatus.READY}


# the worker ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_background_worker_thread_runs_an_enqueued_task_and_stops() -> None:
    finished = threading.Event()

    def on_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
        finished.set()

    task_finished.connect(on_finished)
    result = open_workspace.enqueue("Opened by the worker")
    background = BackgroundWorker(interval=0.05, scheduler=False)
    try:
        background.start()
        assert finished.wait(timeout=20), "the worker never ran the task"
    finally:
        task_finished.disconnect(on_finished)
        assert background.stop(timeout=10)
    assert not background.is_alive
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert Workspace.objects.filter(name="Opened by the worker", code=row.return_value).exists()


# The worker closes stale connections between tasks, as it must in production; that would
# end a test's wrapping transaction on PostgreSQL, so these tests commit for real.


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_worker_command_in_batch_mode_runs_what_is_waiting_then_exits() -> None:
    result = open_workspace.enqueue("Opened in a batch")
    run("worker", "--batch", "--no-scheduler", "--interval", "0")
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.SUCCESSFUL
    assert Workspace.objects.filter(name="Opened in a batch").exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_the_worker_command_enqueues_and_runs_the_registered_sweeps(
    ping_registered_globally: None,
) -> None:
    run("worker", "--batch", "--interval", "0")
    ran = DBTaskResult.objects.get(task_path="tests.workspaces.test_commands.ping")
    assert ran.status == TaskResultStatus.SUCCESSFUL
    assert ran.return_value == "pong"


@pytest.mark.django_db
def test_the_worker_command_explains_a_task_backend_it_cannot_use() -> None:
    with pytest.raises(CommandError, match="DatabaseBackend"):
        run("worker", "--batch")


def test_the_worker_command_restores_the_signal_handlers_it_installs(
    transactional_db: None,
) -> None:
    before = signal.getsignal(signal.SIGINT)
    with override_settings(TASKS=DB_TASKS):
        run("worker", "--batch", "--no-scheduler", "--interval", "0")
    assert signal.getsignal(signal.SIGINT) is before


# serve --------------------------------------------------------------------------------------


def test_serve_rejects_zero_workers(db: None) -> None:
    with pytest.raises(CommandError, match="--workers"):
        run("serve", "--workers", "0")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — our own server
        return response.status, response.read()


SERVE_START_SECONDS = 120


@pytest.mark.slow
def test_serve_runs_gunicorn_with_static_files_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "FOLLOWTHROUGH_DATA": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "followthrough.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("SECRET_KEY", None)
    (tmp_path / "data").mkdir()
    cli = [sys.executable, "-m", "followthrough.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, timeout=120)  # noqa: S603
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--with-worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        status, page = 0, b""
        # Gunicorn, its worker and the task worker start in ~1 s on a quiet machine, much
        # later on a loaded one (load 15 on 2 cores): wait up to two minutes, and stop at
        # once if the server died (its error is then in the assertion below).
        deadline = time.monotonic() + SERVE_START_SECONDS
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/login/")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, f"serve exited {server.poll()} or did not answer in time"
        assert b"password" in page
        status, css = _get(f"http://127.0.0.1:{port}/static/followthrough/app.css")
        assert status == 200
        assert len(css) > 100
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=40)
    assert server.returncode == 0, err.decode()
    assert b"development settings" in err


def _cli_env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "FOLLOWTHROUGH_DATA": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "followthrough.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("SECRET_KEY", None)
    return env


def test_import_help_lists_what_can_be_imported(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "followthrough.cli"]
    env = _cli_env(tmp_path)
    done = subprocess.run(  # noqa: S603
        [*cli, "import", "--help"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "import contacts FILE" in done.stdout
    assert "import orders FILE" in done.stdout
    bare = subprocess.run([*cli, "export"], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert bare.returncode == 2
    assert "export contacts" in bare.stdout


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`followthrough … | head`: the pipe closes under a command still writing."""
    cli = [sys.executable, "-m", "followthrough.cli"]
    code = "import sys\nfor n in range(500000): print(n)"
    with subprocess.Popen(  # noqa: S603
        [*cli, "manage", "shell", "-v", "0", "-c", code],
        env=_cli_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        assert proc.stdout.readline() == b"0\n"
        proc.stdout.close()  # as `head -1` does
        err = proc.stderr.read()
        proc.wait(timeout=120)
    assert proc.returncode == 141
    assert b"Traceback" not in err
    assert b"BrokenPipe" not in err
