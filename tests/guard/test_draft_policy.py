from datetime import UTC, datetime, timedelta

import pytest

from followthrough.guard import DraftContext, Promise, check_draft, find_promises, format_findings

NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)  # a Wednesday
BIRTHDAY = "Happy birthday, Anna! Celebrate with 20% off your next order."
PLAIN_BIRTHDAY = "Happy birthday, Anna! We hope you have a wonderful day."


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_greeting_with_an_offer_blocks_without_any_tag():
    (f,) = by_rule(check_draft(BIRTHDAY, DraftContext(kind="greeting")), "greeting-offer")
    assert f.severity == "block"
    assert "20% off" in BIRTHDAY[f.start : f.end]


def test_greeting_with_an_offer_blocks_under_the_no_offer_tag():
    ctx = DraftContext(kind="greeting", policy_tags=frozenset({"no-offer"}))
    (f,) = by_rule(check_draft(BIRTHDAY, ctx), "greeting-offer")
    assert f.severity == "block"


@pytest.mark.parametrize(
    "text",
    [
        "Happy anniversary! Upgrade to our premium plan today.",
        "Happy holidays! Use code JOY for a discount.",
        "Congratulations on a year with us! Check out our new range.",
    ],
)
def test_other_selling_greetings_fire(text):
    assert by_rule(check_draft(text, DraftContext(kind="greeting")), "greeting-offer")


def test_a_plain_greeting_fires_nothing():
    ctx = DraftContext(kind="greeting", policy_tags=frozenset({"no-offer"}))
    assert check_draft(PLAIN_BIRTHDAY, ctx) == []


def test_offers_outside_greetings_are_not_greeting_offers():
    assert by_rule(check_draft(BIRTHDAY, DraftContext(kind="new")), "greeting-offer") == []


def test_upsell_within_days_of_first_order_blocks():
    ctx = DraftContext(kind="after_sale", customer_since_days=10)
    text = "How is the blender working out? You might also like our juicer, now 15% off."
    found = by_rule(check_draft(text, ctx), "first-order-upsell")
    assert found
    assert {f.severity for f in found} == {"block"}


def test_upsell_blocks_with_the_no_offer_tag():
    ctx = DraftContext(kind="check_in", customer_since_days=10, policy_tags=frozenset({"no-offer"}))
    found = by_rule(check_draft("Upgrade to the pro plan today!", ctx), "first-order-upsell")
    assert found
    assert {f.severity for f in found} == {"block"}


def test_an_offer_to_an_established_customer_is_fine():
    ctx = DraftContext(kind="new", customer_since_days=400)
    assert by_rule(check_draft("Upgrade to the pro plan today.", ctx), "first-order-upsell") == []


def test_a_check_in_without_an_offer_is_fine():
    ctx = DraftContext(
        kind="after_sale", customer_since_days=3, policy_tags=frozenset({"no-offer"})
    )
    assert check_draft("Did your blender arrive safely? Is it working well?", ctx) == []


def test_win_back_in_an_exit_conversation_blocks():
    ctx = DraftContext(kind="exit_conversation")
    text = "Sorry to see you go. Come back and get 3 months free!"
    found = by_rule(check_draft(text, ctx), "win-back-in-exit")
    assert found
    assert {f.severity for f in found} == {"block"}


def test_an_exit_conversation_that_asks_why_is_fine():
    ctx = DraftContext(kind="exit_conversation")
    text = "Thank you for the years with us. What could we have done better?"
    assert check_draft(text, ctx) == []


def test_promise_is_found_with_its_due_time():
    ctx = DraftContext(now=NOW, timezone="America/New_York")
    (f,) = by_rule(check_draft("Thanks! I'll call you in ten minutes.", ctx), "promise")
    assert f.severity == "info"
    assert isinstance(f.data, Promise)
    assert f.data.due == NOW + timedelta(minutes=10)
    assert f.data.what == "call you"
    assert f.data.due_text == "in ten minutes"


@pytest.mark.parametrize(
    ("text", "what", "due"),
    [
        (
            "I will send the quote by Friday.",
            "send the quote",
            datetime(2026, 3, 6, 22, tzinfo=UTC),
        ),
        ("We'll ship it tomorrow 3pm.", "ship it", datetime(2026, 3, 5, 20, tzinfo=UTC)),
    ],
)
def test_promises_in_the_members_timezone(text, what, due):
    (p,) = find_promises(text, now=NOW, tz="America/New_York")
    assert (p.what, p.due) == (what, due)


def test_no_promise_without_a_time_or_without_a_commitment():
    assert find_promises("I'll look into it.", now=NOW) == []
    assert find_promises("The shop opens tomorrow at 9am.", now=NOW) == []


def test_promises_need_now():
    assert by_rule(check_draft("I'll call you in ten minutes."), "promise") == []


def test_format_findings_underlines_the_span():
    text = "Thanks.\nSorry, but that is our policy."
    out = format_findings(text, check_draft(text))
    lines = out.splitlines()
    i = lines.index("   2 | Sorry, but that is our policy.")
    assert lines[i + 1] == "       ^^^^^^^^^^"
    assert "half-apology" in out
    assert "suggestion: Sorry, and" in out


def test_format_findings_with_nothing_to_say():
    assert format_findings("Hello", []) == "No findings."
