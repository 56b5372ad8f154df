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
    with pytest.raises(CommandError, match=r"Unknown benchmark nosuch; choose from contacts"):
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
