"""A half-apology's finding covers the half-apology phrase only, and its rewrite keeps the rest
of the sentence (including text another rule flags)."""

import pytest

from followthrough.guard import DraftContext, check_draft


def apply(text, finding):
    return text[: finding.start] + finding.suggestion + text[finding.end :]


def half_apologies(text):
    return [f for f in check_draft(text, DraftContext()) if f.rule == "half-apology"]


@pytest.mark.parametrize(
    ("text", "phrase", "rewritten"),
    [
        (
            "I'm sorry if you feel we were slow to reply.",
            "sorry if you feel",
            "I'm sorry that we were slow to reply.",
        ),
        (
            "We're sorry you feel that way, and we will call you today.",
            "sorry you feel that way",
            "We're sorry we let you down, and we will call you today.",
        ),
        (
            "I'm sorry if you feel ignored by our team.",
            "sorry if you feel",
            "I'm sorry we made you feel ignored by our team.",
        ),
        (
            "I'm sorry if you were upset by the delay.",
            "sorry if you were upset",
            "I'm sorry we let you down by the delay.",
        ),
        (
            "I'm sorry if you were charged twice.",
            "sorry if",
            "I'm sorry you were charged twice.",
        ),
        (
            "Sorry, but that is our policy.",
            "Sorry, but",
            "Sorry, and that is our policy.",
        ),
        (
            "I apologize for any inconvenience this may have caused.",
            "I apologize for any inconvenience this may have caused",
            "I'm sorry for the trouble this caused you.",
        ),
        (
            "I'm sorry for the misunderstanding about the date.",
            "sorry for the misunderstanding",
            "I'm sorry I wasn't clear about the date.",
        ),
    ],
)
def test_the_span_is_the_phrase_and_the_rewrite_keeps_the_rest(text, phrase, rewritten):
    (f,) = half_apologies(text)
    assert text[f.start : f.end] == phrase
    assert apply(text, f) == rewritten


def test_the_rewrite_no_longer_deletes_a_separate_blame_finding():
    text = "Sorry, but you should have read the manual before ordering."
    findings = check_draft(text, DraftContext())
    (apology,) = [f for f in findings if f.rule == "half-apology"]
    (blame,) = [f for f in findings if f.rule == "blame"]
    assert apology.end <= blame.start  # the two spans do not overlap
    rewritten = apply(text, apology)
    assert rewritten == "Sorry, and you should have read the manual before ordering."
    assert [f.rule for f in check_draft(rewritten) if f.rule == "blame"] == ["blame"]
    assert [f for f in check_draft(rewritten) if f.rule == "half-apology"] == []


def test_a_rewritten_half_apology_is_not_flagged_again():
    text = "I'm sorry if you feel we let you down."
    (f,) = half_apologies(text)
    assert half_apologies(apply(text, f)) == []


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry that you were charged twice; the refund is on its way.",
        "We're sorry we let you down.",
        "Sorry for the delay, the parcel ships today.",
    ],
)
def test_sincere_apologies_are_not_half_apologies(text):
    assert half_apologies(text) == []
