"""Search and sort keys, and the public codes the importer makes in bulk."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from followthrough.contacts.importing.writer import CODE_LENGTH, new_codes
from followthrough.contacts.keys import fold
from followthrough.core.codes import _ALPHABET as CODE_ALPHABET


def _fold_by_decomposing(text: str) -> str:
    """How keys were folded before ASCII text skipped the decomposition: stored keys must
    not change."""
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return re.sub(r"\s+", " ", stripped).strip().lower()


@pytest.mark.parametrize(
    "text",
    [
        "Ann  O'Neil",
        " \tMARY\nsmith ",
        "a\x1cb\x0bc",
        "x",
        "",
        "José  Núñez",
        "Søren\xa0Åberg",
        "ﬁnn Ⅻ",
        "Dvořák\u2003 Jr",
    ],
)
def test_fold_lowers_strips_accents_and_collapses_spaces(text):
    assert fold(text) == _fold_by_decomposing(text)


def test_fold_reads_accented_and_plain_names_alike():
    assert fold("José  Núñez") == fold("jose nunez") == "jose nunez"


def test_bulk_codes_are_distinct_and_use_every_letter_evenly():
    codes = new_codes(5000)
    assert len(set(codes)) == 5000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    counts = Counter("".join(codes))
    expected = 5000 * CODE_LENGTH / len(CODE_ALPHABET)
    assert set(counts) == set(CODE_ALPHABET)
    assert all(abs(n - expected) < expected * 0.15 for n in counts.values())
