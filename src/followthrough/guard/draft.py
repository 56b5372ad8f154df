"""Check an outgoing draft: ``check_draft(text, context) -> list[Finding]``.

Each rule is a small function reading the phrase tables in ``rules_data``; a rule that lacks
what it needs from the context (no inbound message, no ``now``) stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from followthrough.guard import rules_data as rd
from followthrough.guard.cues import Cue, CueTable, Words
from followthrough.guard.inbound import analyze_inbound
from followthrough.guard.promises import find_promises
from followthrough.guard.text import sentence_spans, strip_quoted
from followthrough.guard.text import words as split_words
from followthrough.guard.types import DraftContext, Finding, InboundAnalysis, Severity

# A character class first lets the regex engine skip ahead quickly; the lookbehind keeps it a
# whole word.
_CAPS = re.compile(r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z']{2,}\b")
_BANGS = re.compile(r"!{2,}|\?{3,}")
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


@lru_cache(maxsize=1)
def _tables() -> dict[str, CueTable]:
    def build(rule: str, entries: tuple[tuple[str, str | None], ...]) -> CueTable:
        return CueTable.build(tuple(Cue(rule, 1.0, re.compile(p), s) for p, s in entries))

    def plain(rule: str, patterns: tuple[str, ...]) -> CueTable:
        return build(rule, tuple((p, None) for p in patterns))

    return {
        "blame": build("blame", rd.BLAME_PHRASES),
        "half-apology": build("half-apology", rd.HALF_APOLOGY_PHRASES),
        "sarcasm": plain("sarcasm", rd.SARCASM_PATTERNS),
        "absolutes": build("absolutes", rd.ABSOLUTE_PATTERNS),
        "options": plain("options", rd.OPTION_CUES),
        "offer": plain("offer", rd.OFFER_PATTERNS),
        "win-back": plain("win-back", rd.WIN_BACK_PATTERNS),
    }


def _spans(table: CueTable, words: Words) -> Iterator[tuple[int, int, Cue]]:
    for idx, m in table.matches(words):
        yield m.start(), m.end(), table.cues[idx]


def _keep_case(original: str, suggestion: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if original[:1].isupper() else suggestion


# --- tone rules -------------------------------------------------------------------------------


def _phrase_rule(
    rule: str, message: str, severity: Severity = "warn"
) -> Callable[[str, Words, DraftContext, InboundAnalysis | None], list[Finding]]:
    def check(
        text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
    ) -> list[Finding]:
        out: list[Finding] = []
        for start, end, cue in _spans(_tables()[rule], words):
            suggestion = cue.suggestion and _keep_case(text[start:end], cue.suggestion)
            out.append(Finding(rule, severity, start, end, message, suggestion or None))
        return out

    return check


blame = _phrase_rule(
    "blame",
    "Reads as blame or I-told-you-so. Restate the point without pointing at the customer.",
)
half_apology = _phrase_rule(
    "half-apology",
    "A half-apology: it apologises for their feelings or takes it back with 'but'. "
    "Apologise for what happened, plainly.",
)
sarcasm = _phrase_rule(
    "sarcasm", "Could read as sarcastic. In writing, irony lands as contempt; say it straight."
)
absolutes = _phrase_rule(
    "absolutes",
    "An absolute aimed at the customer ('you never', 'you always') invites a fight. "
    "Describe the specific case instead.",
)


def shouting(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    out: list[Finding] = []
    for m in _CAPS.finditer(text):
        word = m.group()
        if word.replace("'", "") in ACRONYMS or len(word.replace("'", "")) < 3:
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
    for m in _BANGS.finditer(text):
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


def cooling_off(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
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
            len(text),
            f"The message you are answering reads as heated. Replies are held until "
            f"{ctx.cooling_off_minutes} minutes after it arrived: earliest send "
            f"{local:%H:%M %Z} ({local:%Y-%m-%d}), in about {wait} min. Read it once more then.",
            None,
        )
    ]


def no_options(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    if inbound is None or not inbound.unhappy or ctx.kind not in _REPLY_KINDS:
        return []
    for _ in _tables()["options"].matches(words):
        return []
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


def too_long(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    out: list[Finding] = []
    n = len(split_words(text))
    soft, hard = rd.WORD_LIMITS.get(ctx.kind, rd.WORD_LIMITS["new"])
    if ctx.max_words is not None:
        soft = hard = ctx.max_words
    reason = None
    if n > soft:
        reason = f"{n} words; a {ctx.kind.replace('_', ' ')} reads best under {soft}."
    if ctx.inbound_text and ctx.kind in _REPLY_KINDS:
        asked = len(split_words(strip_quoted(ctx.inbound_text)))
        limit = max(rd.REPLY_LENGTH_FLOOR, int(rd.REPLY_LENGTH_RATIO * asked))
        if n > limit:
            reason = f"{n} words in answer to a message of {asked}: answer what was asked."
    if reason:
        severity: Severity = "warn" if n > hard or ctx.max_words is not None else "info"
        out.append(Finding("too-long", severity, 0, len(text), "Too long: " + reason, None))
    for start, end in sentence_spans(text):
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


def _stem(word: str) -> str:
    w = word.lower().replace("\u2019", "'")
    for suffix in ("ing", "ed", "es", "s", "'s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def _keywords(text: str) -> set[str]:
    return {_stem(w) for w in split_words(text) if len(w) > 2 and w.lower() not in rd.STOPWORDS}


def unanswered_questions(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    if inbound is None or not inbound.questions:
        return []
    draft_words = {_stem(w) for w in words.present if len(w) > 2 and w not in rd.STOPWORDS}
    out: list[Finding] = []
    for question in inbound.questions:
        keys = _keywords(question)
        if keys and keys.isdisjoint(draft_words):
            out.append(
                Finding(
                    "unanswered-questions",
                    "warn",
                    0,
                    0,
                    f"They asked: “{question}” — the draft does not seem to answer it.",
                    None,
                )
            )
    return out


# --- policy rules -----------------------------------------------------------------------------


def _offers(words: Words) -> list[tuple[int, int]]:
    spans = sorted((s, e) for s, e, _ in _spans(_tables()["offer"], words))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def greeting_offer(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
    if ctx.kind != "greeting":
        return []
    severity: Severity = "block" if "no-offer" in ctx.policy_tags else "warn"
    return [
        Finding(
            "greeting-offer",
            severity,
            s,
            e,
            "A greeting that sells is not a greeting. Send the good wishes alone; keep offers "
            "for another message.",
            None,
        )
        for s, e in _offers(words)
    ]


def first_order_upsell(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
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
    severity: Severity = "block" if tagged else "warn"
    return [
        Finding(
            "first-order-upsell",
            severity,
            s,
            e,
            f"{why}: ask how it is going for them; don't sell yet.",
            None,
        )
        for s, e in _offers(words)
    ]


def win_back_in_exit(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
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
        for s, e, _ in _spans(_tables()["win-back"], words)
    ]


def promise(
    text: str, words: Words, ctx: DraftContext, inbound: InboundAnalysis | None
) -> list[Finding]:
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
        for p in find_promises(text, now=ctx.now, tz=ctx.timezone)
    ]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


RULES: tuple[Callable[[str, Words, DraftContext, InboundAnalysis | None], list[Finding]], ...] = (
    cooling_off,
    blame,
    half_apology,
    sarcasm,
    shouting,
    absolutes,
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
    words = Words(text)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule(text, words, ctx, inbound))
    severity_rank = {"block": 0, "warn": 1, "info": 2}
    findings.sort(key=lambda f: (f.start, severity_rank[f.severity], -f.end))
    return _drop_overlaps(findings)


def _drop_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep one finding where several of the same rule overlap (the first, widest)."""
    kept: list[Finding] = []
    last_end: dict[str, int] = {}
    for f in findings:
        if f.start < last_end.get(f.rule, -1) and f.end > f.start:
            continue
        kept.append(f)
        if f.end > f.start:
            last_end[f.rule] = max(f.end, last_end.get(f.rule, -1))
    return kept
