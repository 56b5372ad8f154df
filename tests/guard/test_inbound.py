import pytest

from followthrough.guard import analyze_inbound

ANGRY = [
    "This is RIDICULOUS!!! Three weeks and my order still hasn't arrived. Nobody answers "
    "the phone. I want a refund NOW.",
    "Your company is a joke. I was on hold for 2 hours and then the agent hung up on me.",
    "Worst service ever. The screen arrived cracked and you people don't care. Unacceptable.",
    "I'm sick and tired of chasing you. Fix this today or I'm taking my business elsewhere.",
]
HAPPY = [
    "Thank you so much, the replacement arrived this morning and it works perfectly!",
    "Just wanted to say your support team was fantastic. Really appreciate the quick help.",
    "Love the new dashboard, great job everyone.",
]
NEUTRAL = [
    "Could you send me the invoice for March?",
    "Hi, what are your opening hours on Saturday?",
    "Please update my delivery address to 12 Elm Street.",
]


@pytest.mark.parametrize("text", ANGRY)
def test_angry_messages_read_as_unhappy_and_heated(text):
    a = analyze_inbound(text)
    assert a.unhappy
    assert a.sentiment == "negative"
    assert a.heated, a.reasons
    assert a.anger >= 0.6


@pytest.mark.parametrize("text", HAPPY)
def test_happy_messages_read_as_positive(text):
    a = analyze_inbound(text)
    assert not a.unhappy, a.reasons
    assert not a.heated
    assert a.sentiment == "positive"


@pytest.mark.parametrize("text", NEUTRAL)
def test_plain_requests_read_as_neutral_and_calm(text):
    a = analyze_inbound(text)
    assert not a.heated
    assert a.sentiment == "neutral", a.reasons
    assert a.anger < 0.5


def test_a_polite_complaint_is_unhappy_but_not_heated():
    a = analyze_inbound(
        "Hello, my parcel was due last Tuesday and still hasn't arrived. Could you check "
        "where it is please? Thanks."
    )
    assert a.unhappy
    assert a.is_complaint
    assert not a.heated
    assert a.category == "delivery"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I was charged twice for my subscription, I want a refund.", "billing"),
        ("The lamp arrived broken, the glass is cracked. Very disappointed.", "quality"),
        ("Your agent was rude and hung up on me, terrible customer service.", "service"),
        ("The app keeps crashing when I try to log in. So frustrating.", "product"),
        ("My delivery is a week late and the tracking hasn't moved. Annoyed.", "delivery"),
    ],
)
def test_complaints_are_routed_to_a_category(text, category):
    a = analyze_inbound(text)
    assert a.unhappy
    assert a.category == category


def test_questions_are_extracted():
    a = analyze_inbound(
        "Hi. When will my order ship? Also, can you add gift wrap. Thanks for the help!"
    )
    assert a.questions == ("When will my order ship?", "Also, can you add gift wrap.")


def test_urgent_words_raise_urgency():
    assert analyze_inbound("Urgent: our system is down, please call asap").urgency == "high"
    assert analyze_inbound("Could you send the brochure?").urgency == "normal"


def test_reasons_explain_the_reading():
    a = analyze_inbound("I was on hold for 2 hours. Unacceptable.")
    assert any(r.startswith("complaint cue:") for r in a.reasons)
    assert any(r.startswith("sentiment") for r in a.reasons)


def test_quoted_history_is_ignored():
    text = "Thanks, that fixed it!\n\nOn Mon, Bob wrote:\n> This is a terrible, broken mess!!!"
    assert analyze_inbound(text).sentiment == "positive"


def test_empty_text_is_neutral():
    a = analyze_inbound("")
    assert (a.unhappy, a.heated, a.sentiment, a.category) == (False, False, "neutral", "other")
