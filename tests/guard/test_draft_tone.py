import pytest

from followthrough.guard import DraftContext, check_draft

GOOD_REPLY = "I'm sorry we let you down. We can refund or replace it — which would you prefer?"


def rules(text, ctx=None):
    return [f.rule for f in check_draft(text, ctx or DraftContext())]


def test_sorry_but_you_should_have_fires_blame_and_half_apology():
    found = rules("Sorry, but you should have read the manual.")
    assert "blame" in found
    assert "half-apology" in found


def test_a_full_apology_with_options_fires_nothing():
    ctx = DraftContext(kind="reply", inbound_text="My kettle arrived broken. Not happy.")
    assert [f for f in check_draft(GOOD_REPLY, ctx) if f.severity != "info"] == []


@pytest.mark.parametrize(
    "text",
    [
        "Per my last email, the invoice is attached.",
        "As I already explained, the update takes a day.",
        "Like I told you, the store closes at 6.",
        "As I said before, we need the order number.",
        "You should have checked the size chart.",
    ],
)
def test_blame_phrases_fire_with_a_neutral_rewrite(text):
    found = [f for f in check_draft(text, DraftContext()) if f.rule == "blame"]
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warn"
    assert text[f.start : f.end]
    assert f.message


@pytest.mark.parametrize(
    "text",
    [
        "As you said, the order number is 1234.",
        "I said I would call, and here I am.",
        "You should receive it on Friday.",
        "As we discussed, I've attached the quote.",
    ],
)
def test_blame_does_not_fire_on_ordinary_phrasing(text):
    assert "blame" not in rules(text)


def test_blame_suggestion_keeps_sentence_case():
    (f,) = [f for f in check_draft("Per my last email, see below.") if f.rule == "blame"]
    assert f.suggestion == "To recap"


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry if you feel we were slow.",
        "Sorry, but that is our policy.",
        "We apologize for any inconvenience this may have caused.",
        "We're sorry you feel that way.",
    ],
)
def test_half_apologies_fire_and_suggest_a_full_apology(text):
    found = [f for f in check_draft(text) if f.rule == "half-apology"]
    assert found
    assert found[0].suggestion


@pytest.mark.parametrize(
    "text",
    [
        "I'm sorry we missed the delivery date.",
        "Sorry for the delay — it's on its way now.",
        "I'm sorry, we got this wrong.",
    ],
)
def test_real_apologies_are_not_half_apologies(text):
    assert "half-apology" not in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Oh great, just what we needed.",
        "Thanks for nothing.",
        "Yeah right, as if that would work.",
        "Good luck with that.",
    ],
)
def test_sarcasm_fires(text):
    assert "sarcasm" in rules(text)


@pytest.mark.parametrize(
    "text",
    ["Great news: your order has shipped.", "Thanks for your patience.", "Right, let's fix it."],
)
def test_sarcasm_does_not_fire_on_sincere_phrases(text):
    assert "sarcasm" not in rules(text)


def test_shouting_fires_on_caps_and_repeated_exclamation_with_lowercase_rewrite():
    found = [f for f in check_draft("This is NOT our fault!!!") if f.rule == "shouting"]
    assert [f.suggestion for f in found] == ["not", "!"]


def test_acronyms_and_single_exclamations_are_not_shouting():
    assert "shouting" not in rules("The PDF is attached; I'll send the FAQ ASAP. Thanks!")


@pytest.mark.parametrize("text", ["You never read our emails.", "You always call at 5."])
def test_absolutes_aimed_at_the_customer_fire(text):
    assert "absolutes" in rules(text)


def test_absolutes_about_ourselves_do_not_fire():
    assert "absolutes" not in rules("We never share your data, and we always reply within a day.")
