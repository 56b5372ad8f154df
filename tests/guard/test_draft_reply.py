from datetime import UTC, datetime, timedelta

from followthrough.guard import DraftContext, analyze_inbound, check_draft

NOW = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
HEATED = (
    "This is RIDICULOUS!!! My order is 3 weeks late, nobody answers and I want my money back NOW."
)
CALM_COMPLAINT = "Hi, my order arrived with a cracked lid. Could you help?"
REPLY = "I'm sorry about the lid. I'll send a replacement today, or we can refund you — your call."


def reply_ctx(inbound=HEATED, minutes_ago=10, **kw):
    return DraftContext(
        kind="reply",
        inbound_text=inbound,
        inbound_received_at=NOW - timedelta(minutes=minutes_ago),
        now=NOW,
        timezone="Europe/Berlin",
        **kw,
    )


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_cooling_off_blocks_a_reply_ten_minutes_after_a_heated_message():
    (f,) = by_rule(check_draft(REPLY, reply_ctx(minutes_ago=10)), "cooling-off")
    assert f.severity == "block"
    assert "15:20" in f.message  # 13:50 UTC + 30 min, shown in Berlin time


def test_cooling_off_is_over_after_thirty_one_minutes():
    assert by_rule(check_draft(REPLY, reply_ctx(minutes_ago=31)), "cooling-off") == []


def test_cooling_off_respects_a_configured_period():
    ctx = reply_ctx(minutes_ago=31, cooling_off_minutes=60)
    assert by_rule(check_draft(REPLY, ctx), "cooling-off")


def test_cooling_off_does_not_hold_a_reply_to_a_calm_message():
    assert by_rule(check_draft(REPLY, reply_ctx(inbound=CALM_COMPLAINT)), "cooling-off") == []


def test_cooling_off_uses_a_given_analysis():
    calm = analyze_inbound(CALM_COMPLAINT)
    ctx = DraftContext(
        inbound_analysis=calm, inbound_received_at=NOW - timedelta(minutes=1), now=NOW
    )
    assert by_rule(check_draft(REPLY, ctx), "cooling-off") == []


def test_no_options_fires_on_a_reply_to_a_complaint_that_offers_nothing():
    found = by_rule(
        check_draft("Thank you for your message.", reply_ctx(CALM_COMPLAINT)), "no-options"
    )
    assert found
    assert found[0].severity == "warn"


def test_no_options_is_quiet_when_a_next_step_is_offered():
    assert by_rule(check_draft(REPLY, reply_ctx(CALM_COMPLAINT)), "no-options") == []


def test_no_options_is_quiet_for_a_reply_to_a_happy_message():
    ctx = reply_ctx("Thanks, it works great now!")
    assert by_rule(check_draft("Glad to hear it!", ctx), "no-options") == []


def test_too_long_fires_for_a_reply_far_longer_than_the_question():
    long_reply = " ".join(["We value your feedback and"] * 40) + "."
    found = by_rule(check_draft(long_reply, reply_ctx("Where is my parcel?")), "too-long")
    assert found


def test_too_long_flags_a_long_sentence_only():
    sentence = "This sentence " + " ".join(["keeps going"] * 20) + "."
    found = by_rule(check_draft(sentence, DraftContext(kind="reply")), "too-long")
    assert [f.severity for f in found] == ["info"]


def test_a_short_reply_is_not_too_long():
    assert by_rule(check_draft(REPLY, reply_ctx(CALM_COMPLAINT)), "too-long") == []


def test_max_words_is_enforced():
    found = by_rule(check_draft(REPLY, DraftContext(max_words=5)), "too-long")
    assert found
    assert found[0].severity == "warn"


def test_unanswered_question_fires_when_the_draft_ignores_it():
    ctx = reply_ctx("When will my order ship? And can I change the colour?")
    found = by_rule(check_draft("Your order ships on Monday.", ctx), "unanswered-questions")
    assert len(found) == 1
    assert "colour" in found[0].message


def test_answered_questions_do_not_fire():
    ctx = reply_ctx("When will my order ship? And can I change the colour?")
    draft = "Your order ships on Monday, and yes, you can change the colour to blue."
    assert by_rule(check_draft(draft, ctx), "unanswered-questions") == []
