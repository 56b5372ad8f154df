"""Ninety days of calls, meetings, emails and messages, logged through `interaction_log`.

Each contact gets a few short stories (an inquiry answered, a test ride, a quote, a service
booked, a problem fixed…) told at believable moments: members act in their working hours,
customers write by day. Every inbound is answered, except the recent ones still waiting and
the few we leave pending on purpose so every member has replies owed on Today.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from followthrough.contacts.models import (
    CallOutcome,
    Direction,
    Interaction,
    Kind,
    MeetingOutcome,
    Stage,
)
from followthrough.contacts.services import (
    InteractionData,
    answers_them,
    asks_for_reply,
    interaction_log,
)
from followthrough.demo import texts
from followthrough.demo.context import DemoContext, Pending, Profile
from followthrough.demo.hours import customer_moment, random_moment, working_moment

WINDOW = timedelta(days=90)
STALE = timedelta(hours=36)  # older unanswered inbound would have been answered by now
QUIET_BEFORE_PENDING = timedelta(days=2)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

# What is left waiting for each member when the demo starts.
PENDING_KINDS = {
    "maya": ["email", "voicemail"],
    "sam": ["heated", "email", "message", "voicemail"],
    "priya": ["heated", "message", "email", "voicemail"],
    "tom": ["email", "message", "voicemail"],
    "jess": ["message", "email", "voicemail"],
}

IN, OUT, INTERNAL = Direction.INBOUND, Direction.OUTBOUND, Direction.INTERNAL


@dataclass
class Event:
    at: datetime
    kind: str
    direction: str
    subject: str = ""
    body: str = ""
    call_outcome: str = ""
    meeting_outcome: str = ""
    reply_to: Event | None = None
    thread: str = ""
    interaction: Interaction | None = field(default=None, repr=False)

    def as_data(self) -> InteractionData:
        reply_to = self.reply_to.interaction if self.reply_to is not None else None
        return InteractionData(
            kind=self.kind,
            direction=self.direction,
            occurred_at=self.at,
            subject=self.subject,
            body=self.body,
            call_outcome=self.call_outcome,
            meeting_outcome=self.meeting_outcome,
            thread_key=self.thread,
            in_reply_to=reply_to,
        )


def add_timeline(ctx: DemoContext) -> None:
    rng = ctx.rng("timeline")
    _mark_do_not_contact(ctx, rng)
    _choose_pending(ctx, rng)
    scheduled: list[tuple[datetime, int, int, Profile, Event]] = []
    for index, profile in enumerate(ctx.profiles):
        story = Story(profile, rng, ctx.now, index)
        for seq, event in enumerate(story.tell()):
            scheduled.append((event.at, index, seq, profile, event))
    scheduled.sort(key=lambda row: row[:3])
    for _, _, _, profile, event in scheduled:
        event.interaction = interaction_log(
            contact=profile.contact, member=profile.owner, data=event.as_data()
        )


def _mark_do_not_contact(ctx: DemoContext, rng: random.Random) -> None:
    for profile in ctx.profiles:
        if profile.contact.do_not_contact:
            start = max(profile.first_seen, ctx.now - timedelta(days=60))
            end = max(start + timedelta(days=1), ctx.now - timedelta(days=10))
            profile.do_not_contact_at = working_moment(
                profile.owner, random_moment(start, end, rng), rng
            )


def _choose_pending(ctx: DemoContext, rng: random.Random) -> None:
    for key, kinds in PENDING_KINDS.items():
        member = ctx.members[key]
        hours = sorted(rng.uniform(1.5, 46) for _ in kinds)
        for kind, hours_ago in zip(kinds, hours, strict=True):
            ago = rng.uniform(0.2, 0.5) if kind == "heated" else hours_ago
            at = ctx.now - timedelta(hours=ago)
            candidates = [p for p in ctx.profiles if _can_wait(p, member.pk, kind, at)]
            rng.choice(candidates).pending.append(Pending(kind=kind, at=at))


def _can_wait(profile: Profile, member_id: int, kind: str, at: datetime) -> bool:
    contact = profile.contact
    reachable = contact.email if kind in ("email", "heated") else contact.phone
    return bool(
        profile.owner.pk == member_id
        and reachable
        and not profile.pending
        and not contact.do_not_contact
        and profile.lost_at is None
        and profile.first_seen < at - timedelta(days=2)
        and (kind != "heated" or profile.customer_at is not None)
    )


class Story:
    """One contact's ninety days, as events in time order."""

    def __init__(self, profile: Profile, rng: random.Random, now: datetime, index: int) -> None:
        self.p = profile
        self.index = index
        self.rng = rng
        self.now = now
        self.events: list[Event] = []
        self.day = "Thursday"
        self._threads = 0
        contact = profile.contact
        self.values = {
            "first": contact.first_name or "there",
            "rep": profile.owner.display_name.split()[0],
            "item": profile.item,
            "price": f"{profile.price:,}",
            "company": contact.company.name if contact.company else "your team",
        }

    # The story ------------------------------------------------------------------------

    def tell(self) -> list[Event]:
        p, now = self.p, self.now
        limit = min(t for t in (p.quiet_from, p.lost_at, now) if t is not None)
        if p.pending:  # leave a gap before the message that is still waiting
            limit = min(limit, min(w.at for w in p.pending) - QUIET_BEFORE_PENDING)
        start = max(now - WINDOW, p.first_seen)
        if start < limit:
            self._regular(start, limit)
        self.events = [e for e in self.events if e.at < limit]
        self._drop_stale()
        if p.lost_at is not None and p.lost_at >= now - WINDOW:
            self.lost_exit(p.lost_at)
        if p.do_not_contact_at is not None:
            self.do_not_contact(p.do_not_contact_at)
        for pending in p.pending:
            self.waiting(pending)
        return sorted((e for e in self.events if e.at < now), key=lambda e: e.at)

    def _regular(self, start: datetime, limit: datetime) -> None:
        p, rng = self.p, self.rng
        if p.first_seen >= self.now - WINDOW:
            self._episode(self.inquiry if rng.random() < 0.6 else self.call, p.first_seen)
        if p.customer_at is not None and start <= p.customer_at < limit:
            self._episode(self.purchase, p.customer_at)
        count = {Stage.PROSPECT: (1, 3), Stage.CUSTOMER: (1, 4), Stage.LOST: (0, 2)}
        low, high = count[Stage(p.contact.stage)]
        for _ in range(rng.randint(low, high)):
            at = random_moment(start, limit, rng)
            customer = p.customer_at is not None and at > p.customer_at
            self._episode(self._pick(customer), at)

    def _pick(self, customer: bool) -> Callable[[datetime], None]:
        if customer:
            options = [self.check_in, self.service_booking, self.problem, self.ready, self.visit]
            weights = [3, 3, 1, 2, 1]
        else:
            options = [self.inquiry, self.call, self.visit, self.quote]
            weights = [3, 3, 2, 2]
        options.append(self.note)
        weights.append(1)
        return self.rng.choices(options, weights)[0]

    def _episode(self, episode: Callable[[datetime], None], at: datetime) -> None:
        self.day = self.rng.choice(DAYS)
        episode(at)

    def _drop_stale(self) -> None:
        """Unanswered inbound from long ago: in real life it was answered; leave it out."""
        waiting: list[Event] = []
        for event in sorted(self.events, key=lambda e: e.at):
            data = event.as_data()
            if asks_for_reply(data):
                waiting.append(event)
            elif answers_them(data):
                waiting = []
        stale = {id(e) for e in waiting if e.at < self.now - STALE}
        self.events = [e for e in self.events if id(e) not in stale]

    # Helpers ---------------------------------------------------------------------------

    def fill(self, text: str) -> str:
        return text.format(day=self.day, **self.values)

    def ours(self, after: datetime, low_hours: float = 0, high_hours: float = 0) -> datetime:
        delay = timedelta(hours=self.rng.uniform(low_hours, high_hours))
        return working_moment(self.p.owner, after + delay, self.rng)

    def theirs(self, after: datetime, low_hours: float = 0, high_hours: float = 0) -> datetime:
        delay = timedelta(hours=self.rng.uniform(low_hours, high_hours))
        return customer_moment(self.p.owner, after + delay, self.rng)

    def written(self, preferred: str = Kind.EMAIL) -> str:
        """Email or text message, whichever the contact can receive."""
        contact = self.p.contact
        if preferred == Kind.MESSAGE and contact.phone:
            return Kind.MESSAGE
        return Kind.EMAIL if contact.email else Kind.MESSAGE

    def thread(self) -> str:
        self._threads += 1
        return f"demo-{self.index}-{self._threads}"

    def add(
        self,
        at: datetime,
        kind: str,
        direction: str,
        body: str = "",
        *,
        subject: str = "",
        reply_to: Event | None = None,
        thread: str = "",
        call_outcome: str = "",
        meeting_outcome: str = "",
    ) -> Event:
        event = Event(
            at=at,
            kind=kind,
            direction=direction,
            subject="" if kind == Kind.MESSAGE else self.fill(subject),
            body=self.fill(body),
            call_outcome=call_outcome,
            meeting_outcome=meeting_outcome,
            reply_to=reply_to,
            thread=thread,
        )
        self.events.append(event)
        return event

    def reply(self, to: Event, at: datetime, body: str) -> Event:
        """The other side answers in the same thread and on the same channel."""
        subject = to.subject
        if subject and not subject.startswith("Re: "):
            subject = f"Re: {subject}"
        direction = OUT if to.direction == IN else IN
        # Already filled; escape braces so filling again leaves the text as it is.
        subject = subject.replace("{", "{{").replace("}", "}}")
        return self.add(
            at, to.kind, direction, body, subject=subject, reply_to=to, thread=to.thread
        )

    # Episodes --------------------------------------------------------------------------

    def inquiry(self, start: datetime) -> None:
        subject, question, answer = self.rng.choice(texts.INQUIRIES[self.p.topic])
        kind = self.written(Kind.EMAIL if self.rng.random() < 0.7 else Kind.MESSAGE)
        asked = self.add(
            self.theirs(start), kind, IN, question, subject=subject, thread=self.thread()
        )
        answered = self.reply(asked, self.ours(asked.at, 0.3, 5), answer)
        if self.rng.random() < 0.5:
            thanks = self.reply(answered, self.theirs(answered.at, 1, 30), texts.THANKS_REPLY)
            self.reply(thanks, self.ours(thanks.at, 0.2, 3), texts.THANKS_CONFIRM)

    def call(self, start: datetime) -> None:
        at = self.ours(start)
        for _ in range(3):
            outcome = self.rng.choices(
                [CallOutcome.CONNECTED, CallOutcome.VOICEMAIL, CallOutcome.NO_ANSWER], [55, 25, 20]
            )[0]
            body = ""
            if outcome == CallOutcome.CONNECTED:
                body = self.rng.choice(texts.CALL_NOTES)
            elif outcome == CallOutcome.VOICEMAIL:
                body = self.rng.choice([texts.VOICEMAIL_OUT[0], texts.VOICEMAIL_OUT[2]])
            self.add(at, Kind.CALL, OUT, body, call_outcome=outcome)
            if outcome == CallOutcome.CONNECTED or self.rng.random() < 0.4:
                return
            at = self.ours(at, 20, 60)

    def visit(self, start: datetime) -> None:
        at = self.ours(start)
        title = self.rng.choice(texts.MEETINGS[self.p.topic])
        outcome = self.rng.choices(
            [
                MeetingOutcome.HELD,
                MeetingOutcome.NO_SHOW,
                MeetingOutcome.CANCELLED,
                MeetingOutcome.RESCHEDULED,
            ],
            [70, 14, 8, 8],
        )[0]
        body = {
            MeetingOutcome.HELD: self.rng.choice(texts.MEETING_NOTES),
            MeetingOutcome.NO_SHOW: "",
            MeetingOutcome.CANCELLED: texts.MEETING_CANCELLED,
            MeetingOutcome.RESCHEDULED: texts.MEETING_RESCHEDULED,
        }[outcome]
        self.add(at, Kind.MEETING, OUT, body, subject=title, meeting_outcome=outcome)
        if outcome == MeetingOutcome.NO_SHOW and self.rng.random() < 0.7:
            self._after_no_show(at, title)
        elif outcome == MeetingOutcome.RESCHEDULED:
            self._meeting_held(self.ours(at, 40, 150), title)

    def _after_no_show(self, at: datetime, title: str) -> None:
        kind = self.written(Kind.MESSAGE)
        nudge = self.add(
            self.ours(at, 0.5, 3),
            kind,
            OUT,
            texts.NO_SHOW_FOLLOW_UP,
            subject="Missed you today",
            thread=self.thread(),
        )
        if self.rng.random() < 0.6:
            sorry = self.reply(nudge, self.theirs(nudge.at, 0.5, 20), texts.NO_SHOW_REPLY)
            ok = self.reply(sorry, self.ours(sorry.at, 0.2, 3), texts.NO_SHOW_CONFIRM)
            self._meeting_held(self.ours(ok.at, 30, 120), title)

    def _meeting_held(self, at: datetime, title: str) -> None:
        body = self.rng.choice(texts.MEETING_NOTES)
        self.add(at, Kind.MEETING, OUT, body, subject=title, meeting_outcome=MeetingOutcome.HELD)

    def quote(self, start: datetime) -> None:
        subject, body = texts.QUOTES.get(self.p.topic, texts.QUOTE)
        kind = self.written()
        sent = self.add(self.ours(start), kind, OUT, body, subject=subject, thread=self.thread())
        roll = self.rng.random()
        if roll < 0.6:
            question, answer = self.rng.choice(texts.QUOTE_QUESTIONS)
            asked = self.reply(sent, self.theirs(sent.at, 2, 48), question)
            self.reply(asked, self.ours(asked.at, 0.3, 5), answer)
        elif roll < 0.75:
            self.add(
                self.ours(sent.at, 96, 190),
                self.written(Kind.MESSAGE),
                OUT,
                texts.NUDGE,
                subject="The quote",
            )

    def purchase(self, at: datetime) -> None:
        title = texts.PURCHASE_TITLES.get(self.p.topic, texts.PURCHASE_TITLE)
        note = self.rng.choice(texts.PURCHASE_NOTES.get(self.p.topic, texts.PURCHASE_NOTE))
        self.add(at, Kind.MEETING, OUT, note, subject=title, meeting_outcome=MeetingOutcome.HELD)
        if self.rng.random() < 0.5:
            self.check_in(self.ours(at, 72, 240))

    def check_in(self, start: datetime) -> None:
        if self.rng.random() < 0.65:
            body, outcome = self.rng.choice(texts.CHECK_IN_NOTES), CallOutcome.CONNECTED
        else:
            body, outcome = texts.VOICEMAIL_OUT[1], CallOutcome.VOICEMAIL
        self.add(self.ours(start), Kind.CALL, OUT, body, call_outcome=outcome)

    def service_booking(self, start: datetime) -> None:
        subject, ask, answer = self.rng.choice(texts.SERVICE_BOOKING)
        asked = self.add(
            self.theirs(start), self.written(), IN, ask, subject=subject, thread=self.thread()
        )
        answered = self.reply(asked, self.ours(asked.at, 0.3, 4), answer)
        drop_off = self.ours(answered.at, 48, 140)
        self.add(
            drop_off,
            Kind.MEETING,
            OUT,
            "Dropped off for the service.",
            subject="Workshop drop-off",
            meeting_outcome=MeetingOutcome.HELD,
        )
        self.ready(self.ours(drop_off, 24, 50))

    def ready(self, start: datetime) -> None:
        ours, theirs, confirm = self.rng.choice(texts.READY)
        kind = self.written(Kind.MESSAGE)
        told = self.add(
            self.ours(start), kind, OUT, ours, subject="Ready to collect", thread=self.thread()
        )
        answered = self.reply(told, self.theirs(told.at, 0.2, 6), theirs)
        self.reply(answered, self.ours(answered.at, 0.1, 2), confirm)

    def problem(self, start: datetime) -> None:
        subject, complaint, answer = self.rng.choice(texts.PROBLEMS[self.p.topic])
        asked = self.add(
            self.theirs(start), self.written(), IN, complaint, subject=subject, thread=self.thread()
        )
        answered = self.reply(asked, self.ours(asked.at, 0.2, 3), answer)
        if self.rng.random() < 0.6:
            self.add(
                self.ours(answered.at, 20, 30),
                Kind.CALL,
                OUT,
                texts.PROBLEM_CALL,
                call_outcome=CallOutcome.CONNECTED,
            )

    def note(self, start: datetime) -> None:
        self.add(self.ours(start), Kind.NOTE, INTERNAL, self.rng.choice(texts.INTERNAL_NOTES))

    def lost_exit(self, lost_at: datetime) -> None:
        subject, theirs, ours = texts.LOST_MESSAGES[1 if self.p.topic == "service" else 0]
        kind = self.written()
        said = self.add(
            lost_at - timedelta(hours=self.rng.uniform(2, 20)),
            kind,
            IN,
            theirs,
            subject=subject,
            thread=self.thread(),
        )
        self.reply(said, lost_at, ours)
        note = f"Marked lost. {self.p.lost_reason}"
        self.add(lost_at + timedelta(minutes=5), Kind.NOTE, INTERNAL, note)

    def do_not_contact(self, at: datetime) -> None:
        self.add(
            at,
            Kind.CALL,
            IN,
            "Called to ask us to stop contacting them.",
            call_outcome=CallOutcome.CONNECTED,
        )
        self.add(at + timedelta(minutes=3), Kind.NOTE, INTERNAL, texts.DO_NOT_CONTACT_NOTE)

    def waiting(self, pending: Pending) -> None:
        """A message that has not been answered yet."""
        if pending.kind == "voicemail":
            body = self.rng.choice(texts.PENDING_VOICEMAILS)
            self.add(pending.at, Kind.CALL, IN, body, call_outcome=CallOutcome.VOICEMAIL)
            return
        if pending.kind == "heated":
            subject, body = self.rng.choice(texts.HEATED)
            self.add(pending.at, Kind.EMAIL, IN, body, subject=subject, thread=self.thread())
            return
        kind = Kind.EMAIL if pending.kind == "email" else Kind.MESSAGE
        options = [t for t in texts.PENDING[self.p.topic] if t[0] == kind] or texts.PENDING[
            self.p.topic
        ]
        _, subject, body = self.rng.choice(options)
        self.add(pending.at, kind, IN, body, subject=subject, thread=self.thread())
