"""Compiled cue tables from ``rules_data``, scanned quickly.

A text is checked against dozens of patterns. Searching each regex over every message would
cost hundreds of microseconds, so each pattern is indexed by the words a match can start with,
read from the regex's own parse tree ("delay(?:ed|s)?" starts with delay, delayed or delays;
"fuck\\w*" with any word beginning "fuck"). The text is split into words once; a pattern is
tried (anchored, so cheaply) only where one of its first words occurs. A pattern whose first
word cannot be known (it starts with a digit class, say) is searched the ordinary way.
Patterns are compiled without IGNORECASE and run on the lower-cased text (same offsets).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from followthrough.guard import rules_data

try:  # Python >= 3.11
    from re import _constants as _sre_c  # type: ignore[attr-defined]
    from re import _parser as _sre_p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _sre_c = None
    _sre_p = None

_MAX_WORDS = 3000

#: Words too common to index a pattern on alone: such a pattern is indexed on its first two
#: words ("is late", "you never") instead.
COMMON_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "i",
        "you",
        "we",
        "he",
        "she",
        "it",
        "they",
        "me",
        "my",
        "our",
        "your",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "not",
        "no",
        "so",
        "on",
        "in",
        "at",
        "to",
        "of",
        "for",
        "by",
        "and",
        "or",
        "but",
        "this",
        "that",
        "with",
        "can",
        "will",
        "would",
        "could",
        "should",
        "very",
        "all",
        "yet",
        "still",
        "just",
        "get",
        "got",
        "as",
        "if",
        "its",
        "it's",
        "i'm",
        "i've",
        "i'll",
        "we're",
        "we've",
        "we'll",
        "you're",
        "you've",
        "you'll",
        "what",
        "why",
        "how",
        "when",
        "who",
        "there",
        "here",
    ]
)

Trigger = tuple[str, bool]  # (word or prefix, exact word?)


def _is_word_char(code: int) -> bool:
    ch = chr(code)
    return ch.isalnum() or ch == "'"


def _walk(items: list[Any], acc: str, depth: int = 0) -> set[Trigger] | None:
    """The first words a match of ``items`` can start with (after ``acc``); None if unknown."""
    if depth > 60:
        return None
    i = 0
    while i < len(items):
        op, av = items[i]
        rest = items[i + 1 :]
        if op is _sre_c.AT:
            if acc and not _extendable(acc):
                return {(acc, True)}
            i += 1
            continue
        if op is _sre_c.LITERAL:
            if av == 32 and _extendable(acc):
                acc += " "  # a common first word: index on the pair "is late", not on "is"
            elif not _is_word_char(av):
                return _ended(acc)
            else:
                acc += chr(av)
            i += 1
            continue
        if op is _sre_c.SUBPATTERN:
            return _walk(list(av[-1]) + rest, acc, depth + 1)
        if op is _sre_c.BRANCH:
            return _union([_walk(list(alt) + rest, acc, depth + 1) for alt in av[1]])
        if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[1] == 1:
            once = _walk(list(av[2]) + rest, acc, depth + 1)
            return once if av[0] > 0 else _union([once, _walk(rest, acc, depth + 1)])
        if op is _sre_c.IN and all(o is _sre_c.LITERAL for o, _ in av):
            return _union([_walk([(o, v), *rest], acc, depth + 1) for o, v in av])
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            i += 1
            continue
        return _unknown_rest(acc)
    return _unknown_rest(acc)


def _extendable(acc: str) -> bool:
    return " " not in acc and acc in COMMON_WORDS


def _ended(acc: str) -> set[Trigger] | None:
    if not acc:
        return None
    return {(acc.rstrip(), True)}


def _unknown_rest(acc: str) -> set[Trigger] | None:
    if not acc:
        return None
    if acc.endswith(" "):
        return {(acc.rstrip(), True)}
    return {(acc, False)}


def _union(parts: list[set[Trigger] | None]) -> set[Trigger] | None:
    out: set[Trigger] = set()
    for p in parts:
        if p is None:
            return None
        out |= p
        if len(out) > _MAX_WORDS:
            return None
    return out


def first_words(pattern: str) -> frozenset[Trigger] | None:
    """The (word, exact) triggers every match of ``pattern`` starts with, or None if unknown."""
    if _sre_p is None:
        return None
    try:
        found = _walk(list(_sre_p.parse(pattern)), "")
    except Exception:
        return None
    return None if found is None else frozenset(found)


def lower(text: str) -> str:
    """Lower-case ``text`` keeping every character's offset (a typographic apostrophe read as ')."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.replace("\u2019", "'")


@dataclass(frozen=True, slots=True)
class Cue:
    id: str
    weight: float
    pattern: re.Pattern[str]
    suggestion: str | None = None
    group: str = ""
    once: bool = False  # only whether it occurs matters, not where or how often


class Words:
    """A text lower-cased and split into tokens once, shared by everything that reads it."""

    __slots__ = ("_prefixes", "lowered", "present", "tokens")

    def __init__(self, text: str) -> None:
        self.lowered = lower(text)
        self.tokens: list[str] = TOKEN_RE.findall(self.lowered)
        self.present = frozenset(self.tokens)
        self._prefixes: dict[int, frozenset[str]] = {}

    def prefixes(self, n: int) -> frozenset[str]:
        got = self._prefixes.get(n)
        if got is None:
            got = self._prefixes[n] = frozenset(w[:n] for w in self.present)
        return got


#: Tokens: words (with inner apostrophes), runs of ! or ?, clause punctuation, a few emoticons.
TOKEN_RE = re.compile(r"[a-z0-9][a-z0-9']*|[!?]+|[.;:,\n]|[:;=]-?[()dp/|]")
_WORDCHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'")


@lru_cache(maxsize=8192)
def _finder(s: str, exact: bool) -> re.Pattern[str]:
    # A literal first, so the regex engine's fast literal search skips most of the text.
    return re.compile(re.escape(s) + ("(?![a-z0-9'])" if exact else ""))


def _occurrences(text: str, s: str, exact: bool) -> Iterator[int]:
    """Start offsets where ``s`` begins a word in ``text`` (and ends it, when ``exact``)."""
    if len(s) >= 4:  # rarely inside other words: a plain substring search is quickest
        n = len(s)
        i = text.find(s)
        while i >= 0:
            if (i == 0 or text[i - 1] not in _WORDCHARS) and (
                not exact or i + n == len(text) or text[i + n] not in _WORDCHARS
            ):
                yield i
            i = text.find(s, i + 1)
        return
    for m in _finder(s, exact).finditer(text):
        i = m.start()
        if i == 0 or text[i - 1] not in _WORDCHARS:
            yield i


@dataclass(frozen=True, slots=True)
class CueTable:
    """Patterns indexed by their first words; see the module docstring."""

    cues: tuple[Cue, ...]
    exact: dict[str, tuple[int, ...]] = field(default_factory=dict)
    exact_keys: frozenset[str] = frozenset()
    pair_keys: frozenset[str] = frozenset()
    prefix_keys: dict[int, frozenset[str]] = field(default_factory=dict)
    prefix: dict[int, dict[str, tuple[tuple[int, str], ...]]] = field(default_factory=dict)
    pairs: dict[str, tuple[tuple[int, str, bool, str], ...]] = field(default_factory=dict)
    unindexed: tuple[int, ...] = ()

    @classmethod
    def build(cls, cues: tuple[Cue, ...]) -> CueTable:
        exact: dict[str, list[int]] = {}
        prefix: dict[int, dict[str, list[tuple[int, str]]]] = {}
        pairs: dict[str, list[tuple[int, str, bool, str]]] = {}
        unindexed: list[int] = []
        for n, cue in enumerate(cues):
            triggers = first_words(cue.pattern.pattern)
            if triggers is None:
                unindexed.append(n)
                continue
            for word, is_exact in triggers:
                if " " in word:
                    first, second = word.split(" ", 1)
                    pairs.setdefault(first, []).append((n, word, is_exact, second))
                elif is_exact:
                    exact.setdefault(word, []).append(n)
                else:
                    key = min(len(word), 3)
                    prefix.setdefault(key, {}).setdefault(word[:key], []).append((n, word))
        return cls(
            cues,
            {k: tuple(v) for k, v in exact.items()},
            frozenset(exact),
            frozenset(pairs),
            {k: frozenset(d) for k, d in prefix.items()},
            {k: {p: tuple(v) for p, v in d.items()} for k, d in prefix.items()},
            {k: tuple(v) for k, v in pairs.items()},
            tuple(unindexed),
        )

    def _candidates(self, words: Words) -> dict[int, set[tuple[str, bool]]]:
        candidates: dict[int, set[tuple[str, bool]]] = {}
        present = words.present
        for w in present.intersection(self.exact_keys):
            for idx in self.exact[w]:
                candidates.setdefault(idx, set()).add((w, True))
        for w in present.intersection(self.pair_keys):
            for idx, s, exact, second in self.pairs[w]:
                if (second in present) if exact else (second[:3] in words.prefixes(3)):
                    candidates.setdefault(idx, set()).add((s, exact))
        for n, table in self.prefix.items():
            for p in words.prefixes(n).intersection(self.prefix_keys[n]):
                for idx, s in table[p]:
                    candidates.setdefault(idx, set()).add((s, False))
        return candidates

    def matches(self, words: Words) -> Iterator[tuple[int, re.Match[str]]]:
        """(cue index, match) for every non-overlapping match of every cue, grouped by cue.

        A cue marked ``once`` yields only its first match found (not necessarily the first
        in the text).
        """
        text = words.lowered
        candidates = self._candidates(words)
        for idx in sorted(candidates):
            cue = self.cues[idx]
            pattern = cue.pattern
            if cue.once:
                m = _first_match(pattern, text, candidates[idx])
                if m is not None:
                    yield idx, m
                continue
            starts = sorted({i for s, ex in candidates[idx] for i in _occurrences(text, s, ex)})
            last_end = -1
            for start in starts:
                if start < last_end:
                    continue
                m = pattern.match(text, start)
                if m is not None and m.end() > m.start():
                    last_end = m.end()
                    yield idx, m
        for idx in self.unindexed:
            for m in self.cues[idx].pattern.finditer(text):
                yield idx, m
                if self.cues[idx].once:
                    break

    def fire(self, words: Words) -> dict[str, dict[str, float]]:
        """Group → cue id → weight (summed over occurrences unless the cue is ``once``)."""
        out: dict[str, dict[str, float]] = {}
        for idx, _ in self.matches(words):
            cue = self.cues[idx]
            group = out.setdefault(cue.group, {})
            group[cue.id] = cue.weight if cue.once else group.get(cue.id, 0.0) + cue.weight
        return out

    def scan(self, words: Words) -> dict[str, float]:
        """Cue id → weight for each cue that occurs (once, however often)."""
        fired: dict[str, float] = {}
        for idx, _ in self.matches(words):
            cue = self.cues[idx]
            fired[cue.id] = cue.weight
        return fired

    def count(self, words: Words) -> dict[str, float]:
        """Cue id → summed weight of every occurrence."""
        totals: dict[str, float] = {}
        for idx, _ in self.matches(words):
            cue = self.cues[idx]
            totals[cue.id] = totals.get(cue.id, 0.0) + cue.weight
        return totals


def _first_match(
    pattern: re.Pattern[str], text: str, triggers: set[tuple[str, bool]]
) -> re.Match[str] | None:
    for s, exact in triggers:
        for start in _occurrences(text, s, exact):
            m = pattern.match(text, start)
            if m is not None and m.end() > m.start():
                return m
    return None


def table(
    entries: tuple[tuple[str, float, str], ...], group: str = "", once: bool = True
) -> CueTable:
    return CueTable.build(tuple(Cue(c, w, re.compile(p), None, group, once) for c, w, p in entries))


@lru_cache(maxsize=1)
def inbound_table() -> CueTable:
    """Every inbound cue in one table, so a message is indexed once. Groups: complaint, anger,
    calm, positive, urgency (each cue counted once) and category (every occurrence counts)."""
    cues: list[Cue] = []
    for group, entries in (
        ("complaint", rules_data.COMPLAINT_CUES),
        ("anger", rules_data.ANGER_CUES),
        ("calm", rules_data.CALM_CUES),
        ("positive", rules_data.POSITIVE_CUES),
        ("urgency", rules_data.URGENCY_CUES),
    ):
        cues.extend(Cue(c, w, re.compile(p), None, group, True) for c, w, p in entries)
    for name, weighted in rules_data.CATEGORY_CUES.items():
        cues.extend(Cue(name, w, re.compile(p), None, "category", False) for w, p in weighted)
    return CueTable.build(tuple(cues))
