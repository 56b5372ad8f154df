"""Issue 13: the false alarms a rep would learn to ignore stay quiet, and the misses fire.

Each new rule (refusal, condescension, the new blame, sarcasm and half-apology forms, bare-fact
complaints) has must-fire and must-not-fire cases; each false alarm fixed has a must-not-fire.
"""

from __future__ import annotations

import pytest

from followthrough.guard import DraftContext, analyze_inbound, check_draft

COMPLAINT = "Hi, my order arrived with a cracked lid. Could you help?"


def rules(text: str, inbound: str | None = None, kind: str = "reply") -> set[str]:
    ctx = DraftContext(kind=kind, inbound_text=inbound)
    return {f.rule for f in check_draft(text, ctx) if f.severity != "info"}


def spans(text: str, rule: str, inbound: str | None = None) -> list[str]:
    ctx = DraftContext(kind="reply", inbound_text=inbound)
    return [text[f.start : f.end] for f in check_draft(text, ctx) if f.rule == rule]


# --- shouting: codes, acronyms, time zones and file types are not shouting ------------------


@pytest.mark.parametrize(
    "text",
    [
        "Invoice INV-2025-0042 is attached. Payment terms: NET 30.",
        "Confirming our demo on Monday 9:30 AM PST; 10:00 EST for the New York team.",
        "The XML feed, the JSON schema and the XLSX export are attached.",
        "SKU TBL-OAK-180 is back in stock; the AWS outage in US-EAST-1 is over.",
        "Please find attached the signed SOW and the NDA for your DPO.",
        "Happy birthday! Hope the weather holds for your BBQ.",
        "Sorry for the delay!! It's out for delivery today.",
    ],
)
def test_codes_and_a_double_bang_are_not_shouting(text):
    assert "shouting" not in rules(text, kind="new")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("PLEASE NOTE: orders placed after 2pm ship the next day.", "PLEASE"),
        ("We need the signed form back TODAY.", "TODAY"),
        ("The quote does NOT include VAT.", "NOT"),
        ("Your invoice is OVERDUE. Pay it now.", "OVERDUE"),
    ],
)
def test_ordinary_words_in_capitals_are_shouting(text, word):
    assert word in spans(text, "shouting")


def test_three_bangs_are_shouting():
    assert "!!!" in spans("The fee is not refundable!!!", "shouting")


# --- "still" in thanks and questions is not a complaint --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Thanks so much for sorting it. Still getting used to the new dashboard but the team "
        "loves it.",
        "Are you still open on Saturdays?",
        "Thanks! Is the Thursday slot still free?",
        "All good now, thanks. Still works perfectly after the update.",
    ],
)
def test_still_in_thanks_or_a_question_is_not_unhappy(text):
    assert not analyze_inbound(text).unhappy


def test_still_waiting_is_still_unhappy():
    assert analyze_inbound("I returned the boots on the 2nd and I'm still waiting.").unhappy


def test_a_reply_to_a_question_with_still_is_not_asked_for_options():
    assert "no-options" not in rules(
        "We are, 10am-3pm every Saturday.", "Are you still open on Saturdays?"
    )


# --- complaints stated as bare facts are unhappy --------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Unpacked the lamp tonight. The base is in three pieces.",
        "The parcel came today. The box was soaked and the two notebooks inside are wet through.",
        "Order 5521 arrived this morning. It's the blue one, I ordered grey.",
        "Only two of the four chairs were in the delivery.",
        "The box says size 10 but the shoes inside are a 9.",
        "The driver threw the parcel over the gate.",
        "This is my fourth email about this.",
    ],
)
def test_bare_fact_complaints_are_unhappy(text):
    assert analyze_inbound(text).unhappy


@pytest.mark.parametrize(
    "text",
    [
        "Delivery came today, everything in one piece.",
        "The order arrived this morning, all present.",
        "Our new address from 1 March is 14 High Street, Bristol.",
        "Do you have the oak table in stock in the 180cm size?",
    ],
)
def test_plain_updates_and_questions_are_not_unhappy(text):
    assert not analyze_inbound(text).unhappy


def test_a_reply_to_a_bare_fact_complaint_is_checked_for_options():
    inbound = "Unpacked the lamp tonight. The base is in three pieces."
    assert "no-options" in rules("Thanks for letting us know about the lamp.", inbound)
    assert "no-options" not in rules("Sorry! A new lamp leaves our warehouse tomorrow.", inbound)


# --- blame: self-blame is not blame; blame without stock phrases is ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry. We should have replied within a day, as I said we would, and we didn't.",
        "As I said on the phone, the refund should have gone out on the 5th. It didn't, and "
        "that's our mistake.",
        "I'm sorry — this one's on us, as I said it would arrive Monday and it didn't.",
    ],
)
def test_a_recap_that_owns_our_failure_is_not_blame(text):
    assert "blame" not in rules(text, COMPLAINT)


def test_a_recap_aimed_at_the_customer_is_still_blame():
    assert "blame" in rules("As I already explained, the password is case-sensitive.", COMPLAINT)


@pytest.mark.parametrize(
    "text",
    [
        "The problem is on your end. Our portal works fine for everyone else.",
        "It works perfectly on our side, so the problem must be your network.",
        "You must have typed the password wrong.",
        "That's the courier's fault, not ours.",
        "Once it ships it's out of our hands.",
        "The fee applies because your bank was slow, which you'd need to take up with them.",
        "This is extremely rare.",
        "Nobody else has ever had a problem with our labels.",
        "You're the only customer who has mentioned this.",
    ],
)
def test_blame_without_the_stock_phrases_fires(text):
    assert "blame" in rules(text, COMPLAINT)


def test_owning_a_courier_problem_is_not_blame():
    text = "The courier left it in the rain, which is on us: a new one ships today."
    assert "blame" not in rules(text, COMPLAINT)


# --- no-options: a choice phrased as a question, a fix done outright --------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sorry about Thursday. Monday morning or Tuesday afternoon — which suits you?",
        "I've reactivated it, nothing is lost.",
        "Fixed: I've reset your access and you can log in now.",
        "We found the cause and fixed it this morning.",
        "Sorry, new lid going out today.",
        "Swap for the 10s, or a full refund: your call.",
    ],
)
def test_a_choice_or_a_fix_counts_as_a_next_step(text):
    assert "no-options" not in rules(text, COMPLAINT)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your message. We have passed it on to the relevant team.",
        "Thanks, I've noted that on your order.",
        "I'm sorry to hear that.",
    ],
)
def test_acknowledging_without_a_step_still_asks_for_options(text):
    assert "no-options" in rules(text, COMPLAINT)


# --- unanswered questions: answered by a time, a yes, an attachment or an action -------------


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("When will order 7731 ship?", "hey! its going out tmrw morning, tracking to follow"),
        ("Could you resend invoice INV-2291 as a PDF?", "Attached, and copied to accounts."),
        ("Can we move our call to later this week?", "Sure, how about Wednesday afternoon?"),
        ("Is there a way to export our contacts?", "There is. I've attached a short guide."),
        ("Can you send over the contract so I can sign it?", "I've sent it through DocuSign."),
        ("How long is the trial?", "Fourteen days as standard."),
    ],
)
def test_a_question_answered_by_its_form_is_answered(question, reply):
    assert "unanswered-questions" not in rules(reply, question)


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("Does the quote include VAT?", "Thanks for getting in touch, Dan. Hope you're well."),
        ("What time is the webinar in my time zone?", "Looking forward to seeing you there!"),
        ("Can we move our call to later this week?", "Thanks, speak soon."),
    ],
)
def test_a_question_left_unanswered_still_fires(question, reply):
    assert "unanswered-questions" in rules(reply, question)


# --- refusal ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "That's simply how it works, we can't change it.",
        "Unfortunately we are unable to refund April. This is company policy.",
        "There's nothing we can do about cosmetic damage.",
        "Once an order ships, it can't be exchanged.",
        "We won't be able to honour the quoted price. That's final.",
    ],
)
def test_a_flat_refusal_fires(text):
    assert "refusal" in rules(text, COMPLAINT)


@pytest.mark.parametrize(
    "text",
    [
        "We can't refund a used item, but I can repair it free this week.",
        "I'm sorry, we can't fit the kitchen before Christmas. Would 6 January suit, or shall "
        "I refund the deposit?",
        "The blue is discontinued; the grey is the closest match and I can send a swatch.",
    ],
)
def test_a_refusal_with_a_next_step_does_not_fire(text):
    assert "refusal" not in rules(text, COMPLAINT)


def test_a_refusal_span_is_the_refusal_phrase():
    text = "Thanks for writing. That's simply how it works, we can't change it."
    assert spans(text, "refusal", COMPLAINT) == ["That's simply how it works"]


# --- condescension ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Clearly the password you entered is wrong.",
        "Obviously you can export to CSV.",
        "As anyone can see, the app is working normally.",
        "It's quite simple: the trial is 14 days.",
        "Just to spell it out for you: the invoice is due in 30 days.",
    ],
)
def test_condescension_fires(text):
    assert "condescension" in rules(text, kind="new")


@pytest.mark.parametrize(
    "text",
    [
        "That was clearly our mistake, and I'm sorry.",
        "I should have explained it more clearly. The trial is 14 days.",
        "The steps are simple: Settings, Export, CSV.",
    ],
)
def test_owning_a_mistake_clearly_is_not_condescension(text):
    assert "condescension" not in rules(text, kind="new")


# --- sarcasm ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Congratulations, you've found the one button that logs you out.",
        "Here we go again. Yes, the delivery has moved.",
        "Lucky you, the one cracked lid in the batch!",
        "I'm sure you'll figure it out eventually.",
        "Oh joy, another 'where is my order' email.",
    ],
)
def test_sarcasm_without_the_old_phrases_fires(text):
    assert "sarcasm" in rules(text, COMPLAINT)


@pytest.mark.parametrize(
    "text",
    [
        "Congratulations on the new office, Lisa! It looks fantastic.",
        "Congrats on the award, well deserved!",
        "Great, thanks for letting me know.",
    ],
)
def test_real_congratulations_are_not_sarcasm(text):
    assert "sarcasm" not in rules(text, kind="greeting")


# --- half-apology withdrawn ("that said") -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We're sorry for the confusion. That said, the £25 fee applies.", "That said"),
        ("Sorry for the wait. Having said that, refunds take 28 days.", "Having said that"),
        (
            "We're sorry it arrived broken. However, our policy is that damage must be reported "
            "within 24 hours.",
            "However,",
        ),
    ],
)
def test_an_apology_taken_back_is_a_half_apology(text, phrase):
    found = spans(text, "half-apology", COMPLAINT)
    assert any(s.startswith(phrase) for s in found)


@pytest.mark.parametrize(
    "text",
    [
        "That said, the new plan starts on Monday.",  # no apology before it
        "I'm sorry. However, I've refunded the whole order today.",  # however + a remedy
    ],
)
def test_that_said_without_an_apology_to_take_back_is_fine(text):
    assert "half-apology" not in rules(text, COMPLAINT)


# --- policy findings always block -------------------------------------------------------------


def test_a_greeting_that_sells_blocks_with_no_tag():
    ctx = DraftContext(kind="greeting")
    found = check_draft("Happy birthday! 20% off everything, buy now.", ctx)
    assert {(f.rule, f.severity) for f in found} == {("greeting-offer", "block")}


def test_a_win_back_by_price_match_blocks_in_an_exit_conversation():
    ctx = DraftContext(kind="exit_conversation")
    found = check_draft("We'll match the other supplier's offer if you stay.", ctx)
    assert {(f.rule, f.severity) for f in found} == {("win-back-in-exit", "block")}
