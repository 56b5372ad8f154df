"""The words a cue pattern's matches can start with, read from the pattern itself.

``first_words(r"\\bdelay(?:ed|s)?\\b")`` is ``{("delay", True), ("delayed", True),
("delays", True)}``: every match starts with one of those whole words. ``fuck\\w*`` gives
``("fuck", False)``: a word starting "fuck". A pattern that starts with a very common word
("is late", "you never") is indexed on its first two words instead. When the start cannot be
known (a digit class, say) the answer is ``None`` and the caller searches the ordinary way,
so an answer is never wrong, only sometimes missing.

This reads the small subset of regular-expression syntax that ``rules_data`` uses (literals,
``\\b``, groups, alternation, ``?``/``*``/``+``/``{m,n}``, character classes, look-arounds)
with its own tiny parser, so it does not depend on the standard library's private
``re._parser`` (whose shape changes between Python versions). Anything it does not know
makes the pattern "unknown", which is always safe.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_TRIGGERS = 3000

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

Trigger = tuple[str, bool]  # (word or word prefix, must the word end there?)


class UnsupportedSyntaxError(ValueError):
    """The pattern uses syntax this reader does not handle (the pattern is then unindexed)."""


# --- a tiny parser ----------------------------------------------------------------------------
# Nodes: ("lit", ch) · ("set", chars) · ("at",) · ("look",) · ("alt", [seq, ...])
#        ("rep", node, min, max) · ("digit",) · ("other",)      where seq is a list of nodes.

Node = tuple[object, ...]
_ESCAPED_CLASSES = frozenset("DwWsS")
_DIGITS = "0123456789"
_ANCHORS = frozenset("bBAZ")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}


@dataclass
class _Reader:
    src: str
    i: int = 0

    def peek(self) -> str:
        return self.src[self.i] if self.i < len(self.src) else ""

    def take(self) -> str:
        ch = self.peek()
        if not ch:
            raise UnsupportedSyntaxError("unexpected end")
        self.i += 1
        return ch


def parse(pattern: str) -> list[Node]:
    reader = _Reader(pattern)
    seq = _alternation(reader)
    if reader.i != len(pattern):
        raise UnsupportedSyntaxError("unbalanced parenthesis")
    return seq


def _alternation(r: _Reader) -> list[Node]:
    branches = [_sequence(r)]
    while r.peek() == "|":
        r.take()
        branches.append(_sequence(r))
    return branches[0] if len(branches) == 1 else [("alt", branches)]


def _sequence(r: _Reader) -> list[Node]:
    seq: list[Node] = []
    while r.peek() and r.peek() not in "|)":
        seq.append(_quantified(r, _atom(r)))
    return seq


def _atom(r: _Reader) -> Node:
    ch = r.take()
    if ch == "(":
        return _group(r)
    if ch == "[":
        return _charset(r)
    if ch == "\\":
        return _escape(r.take())
    if ch in "^$":
        return ("at",)
    if ch == ".":
        return ("other",)
    if ch in "*+?{":
        raise UnsupportedSyntaxError("nothing to repeat")
    return ("lit", ch)


def _group(r: _Reader) -> Node:
    look = False
    if r.peek() == "?":
        r.take()
        kind = r.take()
        if kind == "P" and r.peek() == "<":
            while r.take() != ">":
                pass
        elif kind == "<" and r.peek() in "=!":
            r.take()
            look = True
        elif kind in "=!":
            look = True
        elif kind != ":":
            raise UnsupportedSyntaxError(f"group (?{kind}")
    body = _alternation(r)
    if r.take() != ")":
        raise UnsupportedSyntaxError("unclosed group")
    return ("look",) if look else ("alt", [body])


def _escape(ch: str) -> Node:
    if ch in _ANCHORS:
        return ("at",)
    if ch == "d":
        return ("digit",)
    if ch in _ESCAPED_CLASSES:
        return ("other",)
    if ch.isalnum() and ch not in _SIMPLE_ESCAPES:
        raise UnsupportedSyntaxError(f"escape \\{ch}")
    return ("lit", _SIMPLE_ESCAPES.get(ch, ch))


def _charset(r: _Reader) -> Node:
    chars: set[str] = set()
    known = True
    if r.peek() == "^":
        r.take()
        known = False
    first = True
    if r.src.startswith("0-9]", r.i) and known:
        r.i += 4
        return ("digit",)
    while True:
        ch = r.take()
        if ch == "]" and not first:
            break
        first = False
        if ch == "\\":
            esc = r.take()
            if esc in _ESCAPED_CLASSES or esc == "d":
                known = False
                continue
            ch = _SIMPLE_ESCAPES.get(esc, esc)
        if r.peek() == "-" and r.src[r.i + 1 : r.i + 2] not in ("]", ""):
            r.take()
            r.take()
            known = False  # a range: treated as unknown, like any broad class
            continue
        chars.add(ch)
    return ("set", frozenset(chars)) if known else ("other",)


def _quantified(r: _Reader, node: Node) -> Node:
    ch = r.peek()
    if ch not in ("?", "*", "+", "{"):
        return node
    if ch == "{":
        close = r.src.find("}", r.i)
        body = r.src[r.i + 1 : close] if close > 0 else ""
        lo, _, hi = body.partition(",")
        if close < 0 or not lo.strip().isdigit() or (hi.strip() and not hi.strip().isdigit()):
            return node  # a literal "{", as Python reads it
        r.i = close + 1
        low = int(lo)
        high = (int(hi) if hi.strip() else -1) if "," in body else low
    else:
        r.take()
        low, high = {"?": (0, 1), "*": (0, -1), "+": (1, -1)}[ch]
    if r.peek() in ("?", "+"):
        r.take()  # lazy or possessive: the same set of possible starts
    return ("rep", node, low, high)


# --- first words -------------------------------------------------------------------------------


def first_words(pattern: str) -> frozenset[Trigger] | None:
    """The (word, exact) triggers every match of ``pattern`` starts with, or None if unknown."""
    try:
        found = _walk(parse(pattern), "", 0)
    except (UnsupportedSyntaxError, IndexError, RecursionError):
        return None
    return None if found is None else frozenset(found)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "'"


def _walk(items: list[Node], acc: str, depth: int) -> set[Trigger] | None:
    """The first words a match of ``items`` can start with (after ``acc``); None if unknown."""
    if depth > 60:
        return None
    for n, node in enumerate(items):
        kind = node[0]
        rest = items[n + 1 :]
        if kind == "at":
            if acc and not _extendable(acc):
                return {(acc, True)}
            continue
        if kind == "look":
            continue
        if kind == "lit":
            ch = str(node[1])
            if ch == " " and _extendable(acc):
                acc += " "  # a common first word: index on the pair "is late", not on "is"
                continue
            if not _is_word_char(ch):
                return _ended(acc)
            acc += ch
            continue
        if kind == "alt":
            branches: list[list[Node]] = node[1]  # type: ignore[assignment]
            return _union([_walk(b + rest, acc, depth + 1) for b in branches])
        if kind == "rep" and node[3] == 1:
            body: Node = node[1]  # type: ignore[assignment]
            once = _walk([body, *rest], acc, depth + 1)
            return once if int(node[2]) > 0 else _union([once, _walk(rest, acc, depth + 1)])  # type: ignore[call-overload]
        if kind == "set":
            chars: frozenset[str] = node[1]  # type: ignore[assignment]
            return _union([_walk([("lit", c), *rest], acc, depth + 1) for c in sorted(chars)])
        if kind == "digit" or (kind == "rep" and node[1] == ("digit",) and int(node[2]) > 0):  # type: ignore[call-overload]
            # a digit, then we cannot tell: a word that starts with acc and the digit
            return {(acc + d, False) for d in _DIGITS}
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
        if len(out) > MAX_TRIGGERS:
            return None
    return out
