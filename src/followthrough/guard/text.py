"""Small text helpers: sentences, words, questions, quoted-reply stripping."""

from __future__ import annotations

import re
from collections.abc import Iterator

WORD_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019-]*")
# A sentence ends at . ! ? (runs of them) or a blank line / newline; abbreviations like
# "e.g." or "Mr." may split early, which only makes sentences shorter (the safe side).
SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_QUESTION_START = re.compile(
    r"^(?:(?:and|but|so|also|hi|hello|hey|ok|okay)[, ]+)?"
    r"(?:can|could|would|will|when|where|why|what|how|who|which|is|are|do|does|did|has|have|"
    r"should|any update|any news|please (?:let me know|advise|confirm|tell me)|"
    r"i(?:'d| would) like to know|i (?:want|need) to know|do you know|i wonder)\b",
    re.IGNORECASE,
)
_QUOTE_LINE = re.compile(r"^\s*>")
_QUOTE_HEADER = re.compile(r"^\s*On .{0,200}wrote:\s*$", re.MULTILINE)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-blank sentence, stripped of surrounding spaces."""
    for m in SENTENCE_RE.finditer(text):
        start, end = m.span()
        chunk = m.group()
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            yield start + lead, end - trail


_ENDS = ".!?\n"


def sentence_around(text: str, i: int) -> tuple[int, int]:
    """The (start, end) that ``sentence_spans`` gives for the sentence holding offset ``i``
    (which must not be a sentence end or blank)."""
    start = max(text.rfind(c, 0, i) for c in _ENDS) + 1
    ends = [j for j in (text.find(c, i) for c in _ENDS) if j >= 0]
    end = min(ends) if ends else len(text)
    if end < len(text) and text[end] != "\n":
        while end < len(text) and text[end] in ".!?":
            end += 1
    chunk = text[start:end]
    return start + len(chunk) - len(chunk.lstrip()), end - (len(chunk) - len(chunk.rstrip()))


def strip_quoted(text: str) -> str:
    """Drop quoted lines ("> ...") and everything after an "On ... wrote:" header."""
    header = _QUOTE_HEADER.search(text) if "wrote:" in text else None
    if header:
        text = text[: header.start()]
    if ">" not in text:
        return text
    return "\n".join(line for line in text.splitlines() if not _QUOTE_LINE.match(line))


def questions(text: str) -> tuple[str, ...]:
    """The questions a message asks: sentences ending in "?" or phrased as a request."""
    found: list[str] = []
    for chunk in SENTENCE_RE.findall(text):
        sentence = chunk.strip()
        if sentence.endswith("?"):
            found.append(sentence)
        elif _QUESTION_START.match(sentence) and len(sentence.split()) >= 3:
            lowered = sentence.lower()
            if lowered.startswith(("please", "i'd like", "i would", "i want", "i need", "any")) or (
                not sentence.endswith("!") and _looks_interrogative(lowered)
            ):
                found.append(sentence)
    return tuple(found)


_LEAD_IN = re.compile(r"^(?:(?:and|but|so|also|hi|hello|hey|ok|okay)[, ]+)+")


def _looks_interrogative(lowered: str) -> bool:
    # "Could you send the invoice." is a question; "When it arrived it was broken." is not.
    lowered = _LEAD_IN.sub("", lowered)
    return lowered.startswith(("can you", "could you", "would you", "will you", "do you"))
