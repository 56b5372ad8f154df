"""`followthrough check-message`: findings underlined, exit 1 when one blocks."""

from __future__ import annotations

import io
import sys

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.composer.conftest import HALF_APOLOGY, HEATED, KIND_REPLY


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_message", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str) -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_a_greeting_with_an_offer_under_no_offer_exits_1_with_the_span_underlined(write):
    text = "Happy birthday, Dana! Celebrate with 20% off your next order."
    code, out = run(write("greeting.txt", text), "--kind", "greeting", "--tags", "no-offer")
    assert code == 1
    assert "BLOCK greeting-offer" in out
    lines = out.splitlines()
    line = next(ln for ln in lines if ln.endswith(text))
    carets = lines[lines.index(line) + 1]
    start = carets.index("^")
    assert line[start : start + len(carets.strip())] == "20% off"


def test_a_half_apology_only_warns_and_exits_0(write):
    code, out = run(write("reply.txt", HALF_APOLOGY))
    assert code == 0
    assert "warn  half-apology" in out
    assert "suggestion:" in out


def test_a_clean_message_says_so_and_exits_0(write):
    assert run(write("ok.txt", "Thanks, Dana. The pads ship today."))[0] == 0


def test_a_reply_inside_the_cooling_off_exits_1_and_summarises_what_they_wrote(write):
    received = "2026-11-24 10:00"
    with time_machine.travel("2026-11-24 10:10Z", tick=False):
        code, out = run(
            write("reply.txt", KIND_REPLY),
            "--reply-to",
            write("inbound.txt", HEATED),
            "--received",
            received,
        )
    assert code == 1
    assert out.startswith("They wrote: heated")
    assert "BLOCK cooling-off" in out
    with time_machine.travel("2026-11-24 10:31Z", tick=False):
        code, out = run(
            write("reply.txt", KIND_REPLY),
            "--reply-to",
            write("inbound.txt", HEATED),
            "--received",
            received,
        )
    assert code == 0
    assert "cooling-off" not in out


def test_a_greeting_that_sells_blocks_and_exits_1_without_any_tag(write):
    text = "Happy birthday, Dana! 20% off everything this week, buy now."
    code, out = run(write("greeting.txt", text), "--kind", "greeting")
    assert code == 1
    assert "BLOCK greeting-offer" in out


def test_the_same_greeting_without_the_offer_exits_0(write):
    code, out = run(
        write("greeting.txt", "Happy birthday, Dana! Have a lovely day."), "--kind", "greeting"
    )
    assert code == 0
    assert "greeting-offer" not in out


def test_an_upsell_to_a_new_customer_blocks(write):
    text = "How is the bike? You might also like our helmet, now 15% off."
    code, out = run(write("x.txt", text), "--kind", "after_sale", "--customer-days", "10")
    assert code == 1
    assert "BLOCK first-order-upsell" in out


def test_standard_input_is_read_for_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HALF_APOLOGY.encode())))
    code, out = run("-")
    assert code == 0
    assert "half-apology" in out


def test_json_output_carries_the_spans(write):
    import json

    _code, out = run(write("x.txt", HALF_APOLOGY), "--json")
    (f,) = [f for f in json.loads(out)["findings"] if f["rule"] == "half-apology"]
    assert f["start"] < f["end"]


def test_a_missing_file_is_a_clear_usage_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read draft"):
        call_command("check_message", str(tmp_path / "nope.txt"))


def test_a_bad_received_time_is_a_clear_usage_error(write):
    with pytest.raises(CommandError, match="--received"):
        call_command("check_message", write("x.txt", "hi"), "--received", "soonish")


def test_the_promise_due_time_is_printed(write):
    with time_machine.travel("2026-11-24 10:00Z", tick=False):
        code, out = run(write("x.txt", "I'll call you in ten minutes."), "--tz", "UTC")
    assert code == 0
    assert "due: 2026-11-24T10:10:00+00:00" in out
