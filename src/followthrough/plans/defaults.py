"""The built-in plans every workspace starts with (managers can edit every word)."""

from __future__ import annotations

from dataclasses import dataclass

from followthrough.plans.models import Anchor, DateField, PlanKind, TouchChannel, TouchKind


@dataclass(frozen=True)
class TouchSpec:
    offset_days: int
    title: str
    subject: str
    body: str
    guidance: str
    channel: str = TouchChannel.EMAIL
    kind: str = TouchKind.CHECK_IN
    tags: str = ""
    on_date: str = DateField.NONE


@dataclass(frozen=True)
class PlanSpec:
    kind: str
    name: str
    description: str
    anchor: str
    touches: tuple[TouchSpec, ...] = ()
    ideal_days: int | None = None
    max_days: int | None = None


NO_OFFER = "no-offer,ask-feedback"

BUILTIN: tuple[PlanSpec, ...] = (
    PlanSpec(
        PlanKind.AFTER_PURCHASE,
        "After first purchase",
        "A few check-ins about them after their first order. Never an offer.",
        Anchor.FIRST_ORDER,
        (
            TouchSpec(
                2,
                "Did it arrive?",
                "Did everything arrive?",
                "Hi {first_name},\n\nI wanted to check that everything arrived safely and in "
                "good shape. If anything is missing or not right, tell me and I'll sort it "
                "out.\n\n{member}",
                "Ask only about the delivery. If something is wrong, fix it first; nothing "
                "else matters until it is right.",
                kind=TouchKind.AFTER_SALE,
                tags=NO_OFFER,
            ),
            TouchSpec(
                10,
                "Is it working for them?",
                "How is it going?",
                "Hi {first_name},\n\nNow that you've had it for a little while: is it working "
                "the way you hoped? Any questions I can answer?\n\n{member}",
                "Listen for small problems they wouldn't call about. Offer help, not products.",
                channel=TouchChannel.CALL,
                kind=TouchKind.AFTER_SALE,
                tags=NO_OFFER,
            ),
            TouchSpec(
                30,
                "Are they getting the results?",
                "Getting what you wanted from it?",
                "Hi {first_name},\n\nA month on, are you getting the results you wanted? If "
                "not, let's look at it together.\n\n{member}",
                "Ask about their results, in their words. Write down what they say.",
                kind=TouchKind.AFTER_SALE,
                tags=NO_OFFER,
            ),
        ),
    ),
    PlanSpec(
        PlanKind.COACHING,
        "Coaching",
        "For customers who asked for help getting started: sessions and usage check-ins.",
        Anchor.FIRST_ORDER,
        (
            TouchSpec(
                3,
                "Book the onboarding session",
                "Shall we set up a short session?",
                "Hi {first_name},\n\nYou said you'd like a hand getting started. Which day "
                "suits you for a 30-minute session?\n\n{member}",
                "Offer two or three times. Keep the session about their goals.",
                channel=TouchChannel.CALL,
                tags="no-offer",
            ),
            TouchSpec(
                14,
                "Second session: their questions",
                "Questions since we last spoke?",
                "Hi {first_name},\n\nAny questions since our session? Happy to go through "
                "them.\n\n{member}",
                "Let them lead. Note what confuses them: it helps the next customer too.",
                channel=TouchChannel.MEETING,
                tags="no-offer",
            ),
            TouchSpec(
                45,
                "Usage check-in",
                "How are you using it now?",
                "Hi {first_name},\n\nHow are you using it these days? Is there anything you "
                "expected to do that you can't?\n\n{member}",
                "Ask how they use it day to day.",
                tags="ask-feedback",
            ),
        ),
    ),
    PlanSpec(
        PlanKind.LOW_TOUCH,
        "Low-touch updates",
        "For customers who prefer to find their own way: small updates, spaced out, patient.",
        Anchor.FIRST_ORDER,
        (
            TouchSpec(
                21,
                "A small tip",
                "One small tip",
                "Hi {first_name},\n\nOne small thing other customers found useful: …\n\nNo "
                "need to reply.\n\n{member}",
                "One short, useful note. No questions that need an answer, no offer.",
                tags="no-offer",
            ),
            TouchSpec(
                75,
                "A short update",
                "A short update",
                "Hi {first_name},\n\nA short note in case it's useful: …\n\nI'm here if you "
                "ever need anything.\n\n{member}",
                "Brief. They chose to be left in peace; respect that.",
            ),
            TouchSpec(
                180,
                "Still here if needed",
                "Still here if you need anything",
                "Hi {first_name},\n\nJust so you know, I'm still here if you ever need "
                "anything.\n\n{member}",
                "Two lines at most.",
                tags="no-offer",
            ),
        ),
    ),
    PlanSpec(
        PlanKind.STAY_IN_TOUCH,
        "Stay in touch",
        "Chosen accounts: talk at least every 30 days, never more than 60 without a word. "
        "A logged call, a meeting or their reply restarts the clock; an unanswered message "
        "does not.",
        Anchor.LAST_TWO_WAY,
        ideal_days=30,
        max_days=60,
    ),
    PlanSpec(
        PlanKind.GREETINGS,
        "Greetings",
        "Their birthday and the anniversary of their first purchase. A greeting only.",
        Anchor.DATES,
        (
            TouchSpec(
                0,
                "Birthday greeting",
                "Happy birthday, {first_name}!",
                "Happy birthday, {first_name}! Wishing you a wonderful day.\n\n{member}",
                "Good wishes only. No offer, no news, no ask.",
                kind=TouchKind.GREETING,
                tags="no-offer",
                on_date=DateField.BIRTHDAY,
            ),
            TouchSpec(
                0,
                "Customer anniversary",
                "A year already — thank you",
                "Hi {first_name},\n\nIt's a year since you first bought from us. Thank you "
                "for your trust.\n\n{member}",
                "Thank them. That's all.",
                kind=TouchKind.GREETING,
                tags="no-offer",
                on_date=DateField.CUSTOMER_SINCE,
            ),
        ),
    ),
    PlanSpec(
        PlanKind.EXIT,
        "Exit conversation",
        "A customer or prospect we lost: one conversation to learn why. Not to win them back.",
        Anchor.LOST,
        (
            TouchSpec(
                1,
                "Ask what we could have done better",
                "Could I ask you one thing?",
                "Hi {first_name},\n\nI'm sorry we didn't work out. Would you tell me what we "
                "could have done better? It helps us more than you know.\n\n{member}",
                "Ask, then listen. Don't argue, don't discount, don't try to win them back. "
                "Write down their reason in their words.",
                channel=TouchChannel.CALL,
                kind=TouchKind.EXIT_CONVERSATION,
                tags="no-win-back,no-offer",
            ),
        ),
    ),
    PlanSpec(
        PlanKind.NURTURE,
        "Prospect nurture",
        "Prospects who are not ready yet: useful, unhurried touches.",
        Anchor.ENROLLED,
        (
            TouchSpec(
                3,
                "Share something useful",
                "Something you might find useful",
                "Hi {first_name},\n\nI came across this and thought of what you told me: …"
                "\n\n{member}",
                "Something that helps them whether or not they buy.",
            ),
            TouchSpec(
                14,
                "Ask how their plans are going",
                "How are your plans coming along?",
                "Hi {first_name},\n\nHow are your plans coming along? Anything I can help "
                "you think through?\n\n{member}",
                "Ask about their situation, not about the sale.",
                channel=TouchChannel.CALL,
            ),
            TouchSpec(
                45,
                "A last friendly note",
                "Here when you're ready",
                "Hi {first_name},\n\nNo rush at all. I'm here when you're ready.\n\n{member}",
                "One last note, then let them come to you.",
                tags="no-offer",
            ),
        ),
    ),
)
