"""`followthrough bench` runs the registered benchmarks, loading the scale set when missing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_list_names_every_registered_benchmark():
    out = StringIO()
    call_command("bench", list=True, stdout=out)
    assert "contacts" in out.getvalue()
    assert "python -m bench.bench_contacts" in out.getvalue()


def test_an_unknown_benchmark_is_refused_with_the_known_names():
    with pytest.raises(CommandError, match=r"Unknown benchmark nosuch; choose from today, "):
        call_command("bench", only="nosuch")


@pytest.mark.slow
def test_bench_loads_a_missing_scale_set_then_reuses_it_and_prints_the_table(tmp_path, capfd):
    options = {
        "only": "contacts",
        "data": str(tmp_path),
        "scale_args": "--contacts 120 --interactions 600 --members 3 --seed 5",
        "runs": 1,
        "repeat": 1,
        "stdout": StringIO(),
    }
    call_command("bench", **options)
    first = capfd.readouterr().out
    assert "Loading Scale Co" in first
    assert "| list: first page" in first
    assert "| search: no match 'zzqx'" in first
    assert (tmp_path / "followthrough.sqlite3").is_file()

    call_command("bench", **options)
    again = capfd.readouterr().out
    assert "already loaded" in again
    assert "Loading Scale Co" not in again


def test_every_registered_benchmark_is_listed_and_its_module_exists():
    import importlib.util

    from followthrough.core.management.commands.bench import registry, repo_root

    out = StringIO()
    call_command("bench", list=True, stdout=out)
    listed = out.getvalue()
    for name in ("today", "api-agenda", "contacts", "import", "orders", "plans", "guard"):
        assert f"\n{name} " in f"\n{listed}", name
    for b in registry(repo_root()):
        assert importlib.util.find_spec(b.module) is not None, b.module


def test_a_db_that_is_neither_sqlite_nor_postgres_is_refused():
    with pytest.raises(CommandError, match=r"--db is 'sqlite' or a postgres:// URL"):
        call_command("bench", only="guard", db="mysql://x")


def test_short_mode_passes_each_benchmark_its_short_arguments(monkeypatch):
    from followthrough.core.management.commands import bench

    ran: list[tuple[str, list[str]]] = []

    def fake_run(self, root, env, module, args, *, fail=True):
        ran.append((module, args))
        return True

    monkeypatch.setattr(bench.Command, "_run", fake_run)
    call_command("bench", only="today,import,guard", short=True, stdout=StringIO())
    by_module = dict(ran)
    assert by_module["bench.bench_today"][:4] == ["--runs", "20", "--repeat", "1"]
    assert "--no-sweep" in by_module["bench.bench_today"]
    assert by_module["bench.import_bench"] == ["--repeat", "1", "--rows", "20000"]
    assert by_module["bench.guard_speed"] == []
    assert by_module["bench.scale"][0] == "--if-missing"


def test_scale_small_loads_the_smaller_set(monkeypatch):
    from followthrough.core.management.commands import bench

    ran: list[tuple[str, list[str]]] = []

    def fake_run(self, root, env, module, args, *, fail=True):
        ran.append((module, args))
        return True

    monkeypatch.setattr(bench.Command, "_run", fake_run)
    call_command("bench", only="contacts", scale="small", stdout=StringIO())
    module, args = ran[0]
    assert module == "bench.scale"
    assert args[args.index("--contacts") + 1] == "10000"
