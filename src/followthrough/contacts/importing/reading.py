"""Open a file of contacts: decode it, tell vCard from CSV, and hand on its records."""

from __future__ import annotations

import itertools
from typing import TextIO

from followthrough.contacts.importing.csv_reader import read_csv
from followthrough.contacts.importing.records import ImportFileError, RecordSource
from followthrough.contacts.importing.vcard_reader import is_vcard_start, read_vcards


def open_records(text: TextIO) -> RecordSource:
    lines = iter(text)
    offset = 0
    for line in lines:
        if line.strip():
            break
        offset += 1
    else:
        raise ImportFileError("The file is empty.")
    rest = itertools.chain([line], lines)
    if is_vcard_start(line):
        return read_vcards(rest, offset=offset)
    return read_csv(rest, offset=offset)
