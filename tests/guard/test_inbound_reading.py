"""How the inbound reading generalises: names are not sentiment, facts stated with a negation
are complaints, polite negatives and questions are not, "but" and mock praise turn a message.

Every sentence here is written for this file, from how customers write; none comes from an
evaluation set.
"""

import pytest

from followthrough.guard import analyze_inbound, lexicon


@pytest.mark.parametrize(
    ("with_name", "without"),
    [
        ("@united my bag is missing", "my bag is missing"),
        ("@joy where is my order?", "where is my order?"),
        ("Hi @happyhomes, the sofa leg snapped.", "Hi, the sofa leg snapped."),
    ],
)
def test_a_handle_carries_no_sentiment(with_name, without):
    assert lexicon.score(with_name).compound == lexicon.score(without).compound


@pytest.mark.parametrize(
    "text",
    [
        "I flew United and my suitcase never came off the belt.",
        "Customer care put me through to a number that rings out.",
        "As a loyal customer of twelve years I expected better than a form letter.",
        "Your support line charged my credit card twice for one call.",
    ],
)
def test_names_and_service_nouns_do_not_sweeten_a_complaint(text):
    assert analyze_inbound(text).unhappy


@pytest.mark.parametrize(
    "text",
    [
        "Please call customer care on this number: 0161 555 0101.",
        "My reward points and store credit should cover the rest.",
    ],
)
def test_service_nouns_alone_are_not_praise(text):
    assert analyze_inbound(text).sentiment == "neutral"


@pytest.mark.parametrize(
    "text",
    [
        "The replacement charger doesn't fit my laptop.",
        "We weren't told the delivery would need a signature.",
        "My refund hasn't come through yet.",
        "The sofa cushions don't match the frame we picked.",
        "The engineer never turned the water back on.",
        "The invoice didn't include the discount we agreed.",
    ],
)
def test_a_fact_stated_with_a_negation_is_a_complaint(text):
    a = analyze_inbound(text)
    assert a.unhappy, a.reasons
    assert a.is_complaint


@pytest.mark.parametrize(
    "text",
    [
        "Don't hesitate to call me if you need anything.",
        "Can't wait for the new range to come out!",
        "Never mind, I found the receipt.",
        "It isn't a problem at all, take your time.",
        "No problem, I can wait until Monday.",
        "Don't worry about the box, we recycled it.",
    ],
)
def test_polite_negatives_are_not_complaints(text):
    a = analyze_inbound(text)
    assert not a.unhappy, a.reasons


def test_a_negation_inside_a_question_is_not_a_stated_fact():
    a = analyze_inbound("Couldn't the courier leave it with a neighbour next time?")
    assert not any("negated-fact" in r for r in a.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "Could you help me change my delivery address?",
        "Can I pay by bank transfer instead?",
        "Could you send me the manual for the X200 please?",
    ],
)
def test_asking_for_help_is_a_request_not_a_complaint(text):
    assert not analyze_inbound(text).unhappy


@pytest.mark.parametrize(
    "text",
    [
        "The driver was lovely, but the wardrobe door is hanging off.",
        "Thanks for the quick reply, but the invoice is still wrong.",
        "The delivery was quick but the chair arrived scratched.",
    ],
)
def test_what_comes_after_but_decides(text):
    a = analyze_inbound(text)
    assert a.unhappy, a.reasons
    assert a.sentiment == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "Great, another week without hot water.",
        "Wonderful, still no reply from anyone.",
        "Lovely service, delayed again.",
    ],
)
def test_mock_praise_is_a_complaint(text):
    assert analyze_inbound(text).unhappy


@pytest.mark.parametrize(
    "text",
    [
        "Brilliant service, not a single problem.",
        "Lovely service from start to finish, thank you.",
        "The kettle works perfectly, thank you!",
    ],
)
def test_real_praise_stays_positive(text):
    assert analyze_inbound(text).sentiment == "positive"


def test_negation_flips_praise_and_intensifiers_deepen_it():
    plain = analyze_inbound("The repair was good.").compound
    negated = analyze_inbound("The repair was not good.").compound
    assert negated < 0 < plain
    slow = analyze_inbound("The refund was slow.").compound
    very_slow = analyze_inbound("The refund was extremely slow.").compound
    assert very_slow < slow < 0
