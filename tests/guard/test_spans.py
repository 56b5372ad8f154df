"""Findings that concern the whole draft span it, and each is kept."""

from followthrough.guard import DraftContext, check_draft, format_findings


def test_each_unanswered_question_is_a_finding_over_the_whole_draft():
    ctx = DraftContext(
        kind="reply",
        inbound_text="When will my order ship? Can I change the colour? Is gift wrap free?",
    )
    draft = "Thanks for writing, Dana."
    found = [f for f in check_draft(draft, ctx) if f.rule == "unanswered-questions"]
    assert len(found) == 3
    assert {(f.start, f.end) for f in found} == {(0, len(draft))}
    assert ["ship" in found[0].message, "colour" in found[1].message] == [True, True]


def test_the_terminal_report_shows_an_unanswered_question_against_the_draft():
    ctx = DraftContext(kind="reply", inbound_text="Can I change the colour?")
    draft = "Thanks for your order.\nIt ships on Monday."
    out = format_findings(draft, check_draft(draft, ctx))
    assert "unanswered-questions" in out
    assert "(whole message)" in out
