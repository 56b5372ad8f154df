"""Compiled cue tables from ``rules_data``, scanned quickly.

A text is checked against dozens of patterns. Searching each regex over every message would
cost hundreds of microseconds, so each pattern is indexed by the words a match can start with,
read from the pattern itself (``triggers.first_words``: "delay(?:ed|s)?" starts with delay,
delayed or delays; "fuck\\w*" with any word beginning "fuck"). The text is lower-cased and
split into words once (``Words``, shared by the cue tables, the lexicon and the learned model);
the words present are intersected with each table's trigger words in one set operation, and a
pattern is tried (anchored, so cheaply) only where one of its first words occurs. A pattern
whose first word cannot be known is searched the ordinary way. Patterns are compiled without
IGNORECASE and run on the lower-cased text (same offsets).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from followthrough.guard import rules_data
from followthrough.guard.triggers import COMMON_WORDS, first_words

__all__ = ["COMMON_WORDS", "TOKEN_RE", "Cue", "CueTable", "Probe", "Words", "first_words", "lower"]

#: Tokens: words (with inner apostrophes), runs of ! or ?, clause punctuation, "=" emoticons.
#: The same tokens as ``[a-z0-9][a-z0-9']*|[!?]+|[.;:,\n]|[:;=]-?[()dp/|]`` (":" and ";"
#: are always punctuation there), written to start with one character class so the regex
#: engine skips spaces and other characters without trying each alternative: about twice
#: as fast.
TOKEN_RE = re.compile(
    r"[a-z0-9!?.;:,\n=]"
    r"(?:(?<=[a-z0-9])[a-z0-9']*|(?<=[!?])[!?]*|(?<=[.;:,\n])|(?<==)-?[()dp/|])"
)
_WORDCHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")


def lower(text: str) -> str:
    """Lower-case ``text`` keeping every character's offset (a typographic apostrophe read as ')."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.replace("\u2019", "'")


class Words:
    """A text lower-cased and split into tokens once, shared by everything that reads it:
    the cue tables, the lexicon, the learned model and the category words."""

    __slots__ = ("_pairs", "lowered", "present", "tokens")

    def __init__(self, text: str) -> None:
        self.lowered = lower(text)
        self.tokens: list[str] = TOKEN_RE.findall(self.lowered)
        self.present = frozenset(self.tokens)
        self._pairs: list[tuple[str, str]] | None = None

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Adjacent token pairs, in order (built on first use)."""
        if self._pairs is None:
            tokens = self.tokens
            self._pairs = list(itertools.pairwise(tokens))
        return self._pairs


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    weight: float
    pattern: re.Pattern[str]
    suggestion: str | None = None
    group: str = ""


#: (cue index, string to look for, must a word end after it, second word of a pair or "",
#: does the pattern match that word on its own wherever it occurs — see ``_sure``).
Probe = tuple[int, str, bool, str, bool]

_LOOKAROUND = re.compile(r"\(\?<?[=!]")


def _sure(pattern: re.Pattern[str], word: str) -> bool:
    """Does ``pattern`` match the whole word ``word`` by itself, with no look-around that
    could depend on the text around it? Then wherever ``word`` occurs as a token of an ASCII
    text without "_" (so ``\\b`` holds at its edges) the cue fires: no search needed."""
    return _LOOKAROUND.search(pattern.pattern) is None and pattern.fullmatch(word) is not None


def _starts(text: str, s: str, exact: bool) -> list[int]:
    """Offsets where ``s`` begins a word in ``text`` (and ends it, when ``exact``)."""
    out: list[int] = []
    n = len(s)
    size = len(text)
    i = text.find(s)
    while i >= 0:
        if (i == 0 or text[i - 1] not in _WORDCHARS) and (
            not exact or i + n == size or text[i + n] not in _WORDCHARS
        ):
            out.append(i)
        i = text.find(s, i + 1)
    return out


@dataclass(frozen=True, slots=True)
class CueTable:
    """Patterns indexed by their first words; see the module docstring."""

    cues: tuple[Cue, ...]
    by_word: dict[str, tuple[Probe, ...]]
    word_keys: frozenset[str]
    by_stem: tuple[tuple[str, tuple[Probe, ...]], ...]  # word-prefix triggers ("fuck…")
    unindexed: tuple[int, ...]
    groups: tuple[str, ...]  # each cue's group, by index

    @classmethod
    def build(cls, cues: tuple[Cue, ...]) -> CueTable:
        by_word: dict[str, list[Probe]] = {}
        by_stem: dict[str, list[Probe]] = {}
        unindexed: list[int] = []
        for n, cue in enumerate(cues):
            triggers = first_words(cue.pattern.pattern)
            if triggers is None:
                unindexed.append(n)
                continue
            for word, exact in sorted(triggers):
                first, _, second = word.partition(" ")
                if exact or second:
                    sure = exact and not second and _sure(cue.pattern, word)
                    probe = (n, word, exact, second if exact else "", sure)
                    by_word.setdefault(first, []).append(probe)
                else:
                    by_stem.setdefault(word, []).append((n, word, False, "", False))
        return cls(
            cues,
            {k: tuple(v) for k, v in by_word.items()},
            frozenset(by_word),
            tuple((k, tuple(v)) for k, v in sorted(by_stem.items())),
            tuple(unindexed),
            tuple(c.group for c in cues),
        )

    def probes(self, words: Words) -> list[Probe]:
        """The (cue, trigger) pairs whose trigger word occurs in the text."""
        present = words.present
        text = words.lowered
        probes = [p for w in present.intersection(self.word_keys) for p in self.by_word[w]]
        for stem, more in self.by_stem:
            if stem in text:
                probes.extend(more)
        return probes

    def occurring(
        self,
        words: Words,
        groups: frozenset[str] | None = None,
        probes: list[Probe] | None = None,
    ) -> list[int]:
        """Indexes (ascending) of the cues that match somewhere in the text, or only of
        those in ``groups``. Each cue is tried only where one of its first words occurs,
        and only until it matches once. ``probes`` is ``self.probes(words)`` if known."""
        text = words.lowered
        present = words.present
        cues = self.cues
        found: set[int] = set()
        size = len(text)
        plain = "_" not in text and text.isascii()
        for idx, s, exact, second, sure in self.probes(words) if probes is None else probes:
            if idx in found or (second and second not in present):
                continue
            if groups is not None and self.groups[idx] not in groups:
                continue
            if sure and plain:  # the word is a token of the text: the cue fires
                found.add(idx)
                continue
            # The first word-start occurrence of ``s`` where the pattern matches (inlined).
            pattern = cues[idx].pattern
            n = len(s)
            i = text.find(s)
            while i >= 0:
                if (i == 0 or text[i - 1] not in _WORDCHARS) and (
                    not exact or i + n == size or text[i + n] not in _WORDCHARS
                ):
                    m = pattern.match(text, i)
                    if m is not None and m.end() > i:
                        found.add(idx)
                        break
                i = text.find(s, i + 1)
        for idx in self.unindexed:
            if (groups is None or self.groups[idx] in groups) and cues[idx].pattern.search(text):
                found.add(idx)
        return sorted(found)

    def matches(
        self,
        words: Words,
        groups: frozenset[str] | None = None,
        probes: list[Probe] | None = None,
    ) -> list[tuple[int, re.Match[str]]]:
        """(cue index, match) for every non-overlapping match of every cue (or of the cues in
        ``groups``), grouped by cue in table order; the same matches ``finditer`` would give."""
        text = words.lowered
        present = words.present
        starts: dict[int, set[int]] = {}
        for idx, s, exact, second, _ in self.probes(words) if probes is None else probes:
            if (second and second not in present) or (
                groups is not None and self.groups[idx] not in groups
            ):
                continue
            found = _starts(text, s, exact)
            if found:
                starts.setdefault(idx, set()).update(found)
        out: list[tuple[int, re.Match[str]]] = []
        for idx in sorted(starts):
            pattern = self.cues[idx].pattern
            last_end = -1
            for start in sorted(starts[idx]):
                if start < last_end:
                    continue
                m = pattern.match(text, start)
                if m is not None and m.end() > start:
                    last_end = m.end()
                    out.append((idx, m))
        for idx in self.unindexed:
            if groups is None or self.groups[idx] in groups:
                out.extend((idx, m) for m in self.cues[idx].pattern.finditer(text))
        return out


@lru_cache(maxsize=1)
def inbound_table() -> CueTable:
    """Every inbound cue in one table, so a message is indexed once. Groups: complaint, anger,
    calm, positive, urgency (each cue counts once however often it occurs)."""
    cues: list[Cue] = []
    for group, entries in (
        ("complaint", rules_data.COMPLAINT_CUES),
        ("anger", rules_data.ANGER_CUES),
        ("calm", rules_data.CALM_CUES),
        ("positive", rules_data.POSITIVE_CUES),
        ("urgency", rules_data.URGENCY_CUES),
    ):
        cues.extend(Cue(c, w, re.compile(p), None, group) for c, w, p in entries)
    return CueTable.build(tuple(cues))


def fire(table: CueTable, words: Words) -> dict[str, dict[str, float]]:
    """Group → cue id → weight for each cue that occurs (once, however often; in table order).
    Patterns that share an id count once."""
    out: dict[str, dict[str, float]] = {}
    cues = table.cues
    for idx in table.occurring(words):
        cue = cues[idx]
        group = out.setdefault(cue.group, {})
        group[cue.id] = cue.weight
    return out


@dataclass(frozen=True, slots=True)
class CategoryWords:
    """``rules_data.CATEGORY_WORDS`` as lookups: word → ((category, weight), ...), and the same
    for word pairs; plus the non-word patterns."""

    words: dict[str, tuple[tuple[str, float], ...]]
    word_keys: frozenset[str]
    pairs: dict[tuple[str, str], tuple[tuple[str, float], ...]]
    pair_keys: frozenset[tuple[str, str]]
    patterns: tuple[tuple[str, float, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def category_words() -> CategoryWords:
    words: dict[str, list[tuple[str, float]]] = {}
    pairs: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for name, weighted in rules_data.CATEGORY_WORDS.items():
        for weight, listed in weighted:
            for entry in listed.split():
                first, _, second = entry.partition("_")
                if second:
                    pairs.setdefault((first, second), []).append((name, weight))
                else:
                    words.setdefault(first, []).append((name, weight))
    patterns = tuple(
        (name, weight, re.compile(p))
        for name, weighted in rules_data.CATEGORY_PATTERNS.items()
        for weight, p in weighted
    )
    return CategoryWords(
        {k: tuple(v) for k, v in words.items()},
        frozenset(words),
        {k: tuple(v) for k, v in pairs.items()},
        frozenset(pairs),
        patterns,
    )


def category_scores(words: Words) -> dict[str, float]:
    """Category → summed weight of the distinct words, phrases and patterns of it that occur
    (a word repeated counts once, so one noisy word cannot outvote the rest)."""
    table = category_words()
    out: dict[str, float] = {}
    for w in words.present.intersection(table.word_keys):
        for name, weight in table.words[w]:
            out[name] = out.get(name, 0.0) + weight
    for p in table.pair_keys.intersection(words.pairs):
        for name, weight in table.pairs[p]:
            out[name] = out.get(name, 0.0) + weight
    text = words.lowered
    for name, weight, pattern in table.patterns:
        if pattern.search(text):
            out[name] = out.get(name, 0.0) + weight
    return out
