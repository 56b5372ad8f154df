"""Check an outgoing draft: ``check_draft(text, context) -> list[Finding]``.

Each rule is a small function reading the phrase tables in ``rules_data``; a rule that lacks
what it needs from the context (no inbound message, no ``now``) stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followthrough.guard import rules_data as rd
from followthrough.guard.cues import Cue, CueTable, Words
from followthrough.guard.inbound import analyze_inbound
from followthrough.guard.lexicon import load_lexicon
from followthrough.guard.promises import find_promises
from followthrough.guard.text import sentence_spans, strip_quoted
from followthrough.guard.text import words as split_words
from followthrough.guard.types import DraftContext, Finding, InboundAnalysis, Severity

# A character class first lets the regex engine skip ahead quickly; the lookbehind keeps it a
# whole word.
_CAPS = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z']{2,}\b")
_BANGS = re.compile(r"!{3,}|\?{3,}")
ACRONYMS = frozenset(
    [
        "ASAP",
        "FAQ",
        "PDF",
        "USA",
        "EU",
        "UK",
        "US",
        "SKU",
        "URL",
        "API",
        "CEO",
        "CTO",
        "CFO",
        "VAT",
        "EOD",
        "EOW",
        "FYI",
        "RSVP",
        "GDPR",
        "HTML",
        "CSV",
        "PIN",
        "ETA",
        "NPS",
        "CRM",
        "SMS",
        "ID",
        "OK",
        "TV",
        "PM",
        "AM",
        "IBAN",
        "BIC",
        "UPS",
        "DHL",
        "USPS",
        "FEDEX",
        "TNT",
        "IT",
        "HR",
        "PO",
        "PS",
    ]
)
_REPLY_KINDS = frozenset({"reply"})


_TONE = ("blame", "half-apology", "sarcasm", "absolutes", "condescension")


@lru_cache(maxsize=1)
def _tables() -> dict[str, CueTable]:
    """The draft phrase lists as cue tables: one for the tone rules together (matched in one
    pass), one per other group (the rule, or the rule's helper), so a draft is indexed
    only against the lists a rule asks about."""
    tone: list[Cue] = []
    tables: dict[str, CueTable] = {}

    def cues(group: str, entries: tuple[tuple[str, str | None], ...]) -> tuple[Cue, ...]:
        return tuple(Cue(group, 1.0, re.compile(p), s, group) for p, s in entries)

    def plain(patterns: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
        return tuple((p, None) for p in patterns)

    tone.extend(cues("blame", rd.BLAME_PHRASES))
    tone.extend(cues("half-apology", rd.HALF_APOLOGY_PHRASES))
    tone.extend(cues("sarcasm", plain(rd.SARCASM_PATTERNS)))
    tone.extend(cues("absolutes", rd.ABSOLUTE_PATTERNS))
    tone.extend(cues("condescension", plain(rd.CONDESCENSION_PATTERNS)))
    tables["tone"] = CueTable.build(tuple(tone))
    tables["refusal"] = CueTable.build(cues("refusal", plain(rd.REFUSAL_PATTERNS)))
    tables["options"] = CueTable.build(cues("options", plain(rd.OPTION_CUES)))
    tables["offer"] = CueTable.build(
        cues("offer", plain(rd.OFFER_PATTERNS + rd.SEASONAL_OFFER_PATTERNS))
    )
    tables["win-back"] = CueTable.build(cues("win-back", plain(rd.WIN_BACK_PATTERNS)))
    return tables


class Draft:
    """One draft being checked: its text split once, and what several rules share, computed
    on first use: whether a group's phrases occur, and their matches (the tone groups are
    matched together, in one pass)."""

    __slots__ = ("_has", "_spans", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = Words(text)
        self._has: dict[str, bool] = {}
        self._spans: dict[str, list[tuple[int, int, Cue]]] = {}

    def has(self, group: str) -> bool:
        got = self._has.get(group)
        if got is None:
            if group in self._spans:
                got = bool(self._spans[group])
            else:
                got = bool(_tables()[group].occurring(self.words))
            self._has[group] = got
        return got

    def spans(self, group: str) -> list[tuple[int, int, Cue]]:
        """(start, end, cue) of every match of the group's phrases, grouped by phrase in
        table order."""
        got = self._spans.get(group)
        if got is not None:
            return got
        if group in _TONE:
            for g in _TONE:
                self._spans[g] = []
            table = _tables()["tone"]
        else:
            self._spans[group] = []
            table = _tables()[group]
        for idx, m in table.matches(self.words):
            cue = table.cues[idx]
            self._spans[cue.group].append((m.start(), m.end(), cue))
        return self._spans[group]

    def tone(self, rule: str) -> list[tuple[int, int, Cue]]:
        return self.spans(rule)


Rule = Callable[[Draft, DraftContext, InboundAnalysis | None], list[Finding]]


def _keep_case(original: str, suggestion: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if original[:1].isupper() else suggestion


# --- tone rules -------------------------------------------------------------------------------


def _phrase_rule(rule: str, message: str, severity: Severity = "warn") -> Rule:
    def check(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
        text = draft.text
        out: list[Finding] = []
        for start, end, cue in draft.tone(rule):
            suggestion = cue.suggestion and _keep_case(text[start:end], cue.suggestion)
            out.append(Finding(rule, severity, start, end, message, suggestion or None))
        return out

    return check


_blame_phrases = _phrase_rule(
    "blame",
    "Reads as blame or I-told-you-so. Restate the point without pointing at the customer.",
)
_SELF_BLAME_AFTER = re.compile(rd.SELF_BLAME_AFTER)
_SELF_BLAME_NEAR = re.compile(rd.SELF_BLAME_NEAR)
_RECAP = re.compile(r"as |like |per |i |i'|we ")


def blame(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    """Blame phrases, except a recap ("as I said") about our own promise or mistake: "as I
    said we would", or a recap in a sentence (or the next) that owns the failure."""
    found = _blame_phrases(draft, ctx, inbound)
    if not found:
        return found
    low = draft.words.lowered
    kept = []
    for f in found:
        if _RECAP.match(low, f.start) and (
            _SELF_BLAME_AFTER.match(low, f.end) or _owns_failure(low, f.start, f.end)
        ):
            continue
        kept.append(f)
    return kept


def _owns_failure(low: str, start: int, end: int) -> bool:
    """Does the sentence around ``start..end``, or the next one, own our failure?"""
    begin = max(low.rfind(".", 0, start), low.rfind("\n", 0, start)) + 1
    stop = end
    for _ in range(2):
        nxt = min((i for i in (low.find(c, stop) for c in ".!?\n") if i >= 0), default=-1)
        stop = len(low) if nxt < 0 else nxt + 1
    return _SELF_BLAME_NEAR.search(low, begin, stop) is not None


_half_apology_phrases = _phrase_rule(
    "half-apology",
    "A half-apology: it apologises for their feelings or takes it back with 'but'. "
    "Apologise for what happened, plainly.",
)
_APOLOGY = re.compile(rd.APOLOGY_WORDS)
_WITHDRAW = re.compile(rd.WITHDRAW_PHRASES)


def half_apology(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    """Half-apology phrases, and an apology taken back a sentence later ("…that said")."""
    out = _half_apology_phrases(draft, ctx, inbound)
    low = draft.words.lowered
    if not ("sorry" in low or "apolog" in low or "regret" in low):
        return out
    for m in _WITHDRAW.finditer(low):
        before = low[max(0, m.start() - rd.WITHDRAW_WINDOW) : m.start()]
        if _APOLOGY.search(before):
            out.append(
                Finding(
                    "half-apology",
                    "warn",
                    m.start(),
                    m.end(),
                    f"“{draft.text[m.start() : m.end()].strip()}” takes back the apology just "
                    "made. Keep the apology whole; give the bad news as its own point, with "
                    "what you can do.",
                    None,
                )
            )
    return out


condescension = _phrase_rule(
    "condescension",
    "Talks down to the customer ('clearly', 'obviously', 'it's quite simple'). "
    "Say it plainly without suggesting they should have known.",
)
sarcasm = _phrase_rule(
    "sarcasm", "Could read as sarcastic. In writing, irony lands as contempt; say it straight."
)
absolutes = _phrase_rule(
    "absolutes",
    "An absolute aimed at the customer ('you never', 'you always') invites a fight. "
    "Describe the specific case instead.",
)


def _shouted(word: str, text: str, start: int, end: int) -> bool:
    """Is this all-capitals word shouting? Only an ordinary word is (NOT, PLEASE, OVERDUE):
    codes, acronyms, time zones and file types (INV, EST, PDF, SAML) are not, nor is any
    capitalised word that is part of a code (TBL-OAK-180, US-EAST-1, SO-10293)."""
    bare = word.replace("'", "")
    if bare in ACRONYMS or len(bare) < 3:
        return False
    after = text[end : end + 2]
    if (start and text[start - 1] in _CODE_JOIN) or (
        (after[:1] in _CODE_JOIN and after[:1] != ".") or (after[:1] == "." and after[1:].isalnum())
    ):
        return False
    low = bare.lower()
    return low in rd.STOPWORDS or low in rd.SHOUTED_WORDS or low in load_lexicon()


_CODE_JOIN = frozenset("-/_#.@0123456789")  # "." only before a letter or digit, when after


def shouting(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    text = draft.text
    out: list[Finding] = []
    if text.islower() and "!!!" not in text and "???" not in text:
        return out
    for m in _CAPS.finditer(text):
        word = m.group()
        if not _shouted(word, text, m.start(), m.end()):
            continue
        out.append(
            Finding(
                "shouting",
                "warn",
                m.start(),
                m.end(),
                "Capitals read as shouting.",
                word.lower() if m.start() > 0 else word.capitalize(),
            )
        )
    for m in _BANGS.finditer(text) if "!!!" in text or "???" in text else ():
        out.append(
            Finding(
                "shouting",
                "warn",
                m.start(),
                m.end(),
                "Repeated punctuation reads as shouting.",
                m.group()[0],
            )
        )
    return out


# --- reply rules ------------------------------------------------------------------------------


def cooling_off(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    if inbound is None or not inbound.heated or ctx.inbound_received_at is None:
        return []
    if ctx.now is None or ctx.kind not in _REPLY_KINDS:
        return []
    earliest = ctx.inbound_received_at + timedelta(minutes=ctx.cooling_off_minutes)
    if ctx.now >= earliest:
        return []
    try:
        local = earliest.astimezone(ZoneInfo(ctx.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        local = earliest
    wait = int((earliest - ctx.now).total_seconds() // 60) + 1
    return [
        Finding(
            "cooling-off",
            "block",
            0,
            len(draft.text),
            f"The message you are answering reads as heated. Replies are held until "
            f"{ctx.cooling_off_minutes} minutes after it arrived: earliest send "
            f"{local:%H:%M %Z} ({local:%Y-%m-%d}), in about {wait} min. Read it once more then.",
            None,
        )
    ]


def _offers_a_step(draft: Draft) -> bool:
    """Is there a next step or a choice, not counting words inside a refusal ("we can't
    refund it" offers no refund)?"""
    if not draft.has("options"):
        return False
    refusals = [(a, b) for a, b, _ in draft.spans("refusal")] if draft.has("refusal") else []
    if not refusals:
        return True
    return any(
        not any(a <= start < b + 2 for a, b in refusals) for start, _, _ in draft.spans("options")
    )


def refusal(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    """A flat refusal ("that's simply how it works, we can't change it") with no next step."""
    if not draft.has("refusal") or _offers_a_step(draft):
        return []
    start, end, _ = draft.spans("refusal")[0]
    return [
        Finding(
            "refusal",
            "warn",
            start,
            end,
            "A flat refusal that leaves the customer nowhere to go. Say what you can do "
            "instead, or what they can do next.",
            None,
        )
    ]


def no_options(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    if inbound is None or not inbound.unhappy or ctx.kind not in _REPLY_KINDS:
        return []
    if _offers_a_step(draft):
        return []
    text = draft.text
    first = next(sentence_spans(text), (0, len(text)))
    return [
        Finding(
            "no-options",
            "warn",
            first[0],
            first[1],
            "This answers a complaint but offers no choice or next step. Say what you will do, "
            "or offer options (refund, replacement, a call) and ask which they prefer.",
            None,
        )
    ]


# A sentence of more than LONG_SENTENCE_WORDS words has at least 2 * LONG_SENTENCE_WORDS + 1
# characters; only such runs between sentence ends are looked at.
_RUN = re.compile(r"[^.!?\n]+")
_LONG_RUN_CHARS = 2 * rd.LONG_SENTENCE_WORDS + 1


@lru_cache(maxsize=256)
def _inbound_words(inbound_text: str) -> int:
    return len(split_words(strip_quoted(inbound_text)))


def too_long(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    text = draft.text
    out: list[Finding] = []
    soft, hard = rd.WORD_LIMITS.get(ctx.kind, rd.WORD_LIMITS["new"])
    if ctx.max_words is not None:
        soft = hard = ctx.max_words
    reply = bool(ctx.inbound_text) and ctx.kind in _REPLY_KINDS
    floor = min(soft, rd.REPLY_LENGTH_FLOOR) if reply else soft
    # Every word starts a token (and no word is a "." or ","), so this bounds the word
    # count: count words only when the draft could be over a limit.
    tokens = draft.words.tokens
    bound = len(tokens) - tokens.count(".") - tokens.count(",")
    n = len(split_words(text)) if bound > floor else 0
    reason = None
    if n > soft:
        reason = f"{n} words; a {ctx.kind.replace('_', ' ')} reads best under {soft}."
    if reply and n > rd.REPLY_LENGTH_FLOOR:
        asked = _inbound_words(ctx.inbound_text or "")
        limit = max(rd.REPLY_LENGTH_FLOOR, int(rd.REPLY_LENGTH_RATIO * asked))
        if n > limit:
            reason = f"{n} words in answer to a message of {asked}: answer what was asked."
    if reason:
        severity: Severity = "warn" if n > hard or ctx.max_words is not None else "info"
        out.append(Finding("too-long", severity, 0, len(text), "Too long: " + reason, None))
    for m in _RUN.finditer(text):
        if m.end() - m.start() < _LONG_RUN_CHARS:
            continue
        end = m.end()
        while end < len(text) and text[end] in ".!?":
            end += 1
        chunk = text[m.start() : end]
        start = m.start() + len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if text.count(" ", start, end) < rd.LONG_SENTENCE_WORDS:  # cheap bound first
            continue
        count = len(split_words(text[start:end]))
        if count > rd.LONG_SENTENCE_WORDS:
            out.append(
                Finding(
                    "too-long",
                    "info",
                    start,
                    end,
                    f"A {count}-word sentence. Split it: one idea per sentence.",
                    None,
                )
            )
    return out


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    for suffix in ("ing", "ed", "es", "s", "'s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=1024)
def _keywords(text: str) -> frozenset[str]:
    return frozenset(
        _stem(w) for w in split_words(text) if len(w) > 2 and w.lower() not in rd.STOPWORDS
    )


def _mentions(draft: Draft, key: str) -> bool:
    """Does a draft word (not a stopword) stem to ``key``? A word stems to a prefix of
    itself, so only words starting with ``key`` can, and only if ``key`` is in the text."""
    if key not in draft.words.lowered:
        return False
    return any(
        _stem(w) == key
        for w in draft.words.present
        if w.startswith(key) and len(w) > 2 and w not in rd.STOPWORDS
    )


_LEAD = r"^\W*(?:(?:and|so|also|ok|okay|hi|hello|hey|thanks|great)\b\W*)*"
_WHEN_Q = re.compile(_LEAD + r"(?:when|what time|how (?:long|soon)|what day|which day|what date)\b")
_YESNO_Q = re.compile(
    _LEAD + r"(?:is|are|does|do|did|has|have|can|could|will|would|was|were|should|shall)\b"
)
_REQUEST_Q = re.compile(
    r"\b(?:can|could|would|will) you\b|\bplease\b|\bcan (?:i|we) (?:have|get)\b"
)
_TIME_ANSWER = re.compile(
    r"\b(?:today|tomorrow|tmrw|tonight|this (?:morning|afternoon|evening|week)|next week|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?::\d{2})? ?(?:am|pm)|\d{1,2}:\d{2}|"
    r"\d+ (?:minutes?|hours?|days?|weeks?|months?|working days?|business days?)|"
    r"(?:one|two|three|four|five|six|seven|ten|fourteen|thirty) (?:days?|weeks?|months?)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d|\d+(?:st|nd|rd|th)\b|"
    r"morning|afternoon|evening|end of (?:the )?(?:day|week))"
)
_GREETING_LINE = re.compile(
    r"^\W*(?:(?:hi|hello|hey|dear|morning|good (?:morning|afternoon|evening))\b"
    r"[^,.!\n]{0,30}[,.!\n])?\W*"
)
_YESNO_ANSWER = re.compile(
    r"(?:yes|yep|yeah|yup|no|nope|sure|certainly|absolutely|of course|definitely|not yet|"
    r"i'm afraid|afraid not|unfortunately|we (?:do|are|don't|aren't|can|can't|will|have|haven't)|"
    r"it (?:is|does|isn't|doesn't|will|can|has|hasn't)|there (?:is|are|isn't)|"
    r"they (?:are|do|aren't|don't)|(?:it's|they're|we're) (?:not )?)\b"
)
_DONE = re.compile(
    r"\b(?:attached|attaching|enclosed|here it is|here you go|here you are|here they are|"
    r"done|sent|(?:i|we)(?:'ve| have) (?:just |now |also )?[a-z]+(?:ed|sent|put|made|set|done|run)|"
    r"just emailed|on its way|(?:we|i) (?:found|fixed|sorted|resolved|moved|extended|booked)|"
    r"(?:it's|it is|that's) (?:now )?(?:fixed|sorted|resolved|done))\b"
)


def _answers_by_form(question: str, draft: Draft) -> bool:
    """A question answered without sharing a word with it: a when-question by a time ("tmrw
    morning"), a yes/no question by a leading yes or no ("We are, 10 to 3"), a request by an
    attachment or a thing done ("Attached.", "I've extended it to the 28th")."""
    q = question.lower()
    low = draft.words.lowered
    if _WHEN_Q.match(q) and _TIME_ANSWER.search(low):
        return True
    if _YESNO_Q.match(q):
        start = _GREETING_LINE.match(low)
        if _YESNO_ANSWER.match(low, start.end() if start else 0):
            return True
    return bool((_REQUEST_Q.search(q) or _YESNO_Q.match(q)) and _DONE.search(low))


def unanswered_questions(
    draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    """A question in the message answered that shares no keyword with the draft and is not
    answered by its form (see ``_answers_by_form``). The span is the whole draft: the
    question is in their message, not in ours."""
    if inbound is None or not inbound.questions:
        return []
    out: list[Finding] = []
    for question in inbound.questions:
        keys = _keywords(question)
        if not keys or any(_mentions(draft, k) for k in keys):
            continue
        if _answers_by_form(question, draft):
            continue
        out.append(
            Finding(
                "unanswered-questions",
                "warn",
                0,
                len(draft.text),
                f"They asked: “{question}” — the draft does not seem to answer it.",
                None,
            )
        )
    return out


# --- policy rules -----------------------------------------------------------------------------
# A policy finding (a greeting that sells, an upsell too soon after a first order, a win-back
# in an exit conversation) always blocks: ../shared/PRODUCT.md makes these rules, not advice,
# so the web app, the API and check-message refuse alike.


def _offers(draft: Draft) -> list[tuple[int, int]]:
    spans = sorted((s, e) for s, e, _ in draft.spans("offer"))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def greeting_offer(
    draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    if ctx.kind != "greeting":
        return []
    return [
        Finding(
            "greeting-offer",
            "block",
            s,
            e,
            "A greeting that sells is not a greeting. Send the good wishes alone; keep offers "
            "for another message.",
            None,
        )
        for s, e in _offers(draft)
    ]


def first_order_upsell(
    draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    if ctx.kind in ("greeting", "exit_conversation"):
        return []
    tagged = "no-offer" in ctx.policy_tags
    new_customer = (
        ctx.customer_since_days is not None
        and ctx.customer_since_days < ctx.first_order_upsell_days
    )
    if not (tagged or new_customer):
        return []
    why = (
        f"This customer's first order was {ctx.customer_since_days} days ago"
        if new_customer
        else "This touch is tagged no-offer"
    )
    return [
        Finding(
            "first-order-upsell",
            "block",
            s,
            e,
            f"{why}: ask how it is going for them; don't sell yet.",
            None,
        )
        for s, e in _offers(draft)
    ]


def win_back_in_exit(
    draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    if ctx.kind != "exit_conversation" and "no-win-back" not in ctx.policy_tags:
        return []
    return [
        Finding(
            "win-back-in-exit",
            "block",
            s,
            e,
            "An exit conversation is for learning why they left, not for winning them back. "
            "Ask what we could have done better, and listen.",
            None,
        )
        for s, e, _ in draft.spans("win-back")
    ]


def promise(draft: Draft, ctx: DraftContext, inbound: InboundAnalysis | None) -> list[Finding]:
    if ctx.now is None:
        return []
    return [
        Finding(
            "promise",
            "info",
            p.start,
            p.end,
            f"A promise: {p.what}, due {p.due.astimezone(_zone(ctx.timezone)):%a %d %b %H:%M}. "
            "Record it so it is kept.",
            None,
            p,
        )
        for p in find_promises(draft.text, now=ctx.now, tz=ctx.timezone, words=draft.words)
    ]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


RULES: tuple[Rule, ...] = (
    cooling_off,
    blame,
    half_apology,
    sarcasm,
    shouting,
    absolutes,
    condescension,
    refusal,
    no_options,
    too_long,
    unanswered_questions,
    greeting_offer,
    first_order_upsell,
    win_back_in_exit,
    promise,
)


def check_draft(text: str, context: DraftContext | None = None) -> list[Finding]:
    """Every finding for ``text``, ordered by position (then by severity, worst first)."""
    ctx = context or DraftContext()
    inbound = ctx.inbound_analysis
    if inbound is None and ctx.inbound_text:
        inbound = analyze_inbound(ctx.inbound_text)
    draft = Draft(text)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(draft, ctx, inbound))
    severity_rank = {"block": 0, "warn": 1, "info": 2}
    findings.sort(key=lambda f: (f.start, severity_rank[f.severity], -f.end))
    return _drop_overlaps(findings)


#: Rules whose findings all span the whole draft, one per thing noticed (each question).
_WHOLE_DRAFT_RULES = frozenset({"unanswered-questions"})


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep one finding where several of the same rule overlap (the first, widest)."""
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for f in findings:
        if f.rule in _WHOLE_DRAFT_RULES:
            kept.append(f)
            continue
        if f.start < last_end.get(f.rule, -1) and f.end > f.start:
            continue
        kept.append(f)
        if f.end > f.start:
            last_end[f.rule] = max(f.end, last_end.get(f.rule, -1))
    return kept
