"""Turn an uploaded or local file into text: find its encoding, refuse what is not text.

The file is read as a stream. Choosing between UTF-8 and the Windows code page takes one
extra pass over the bytes (fast, nothing kept); UTF-16 is recognised by its byte order mark
or by the zero bytes of ASCII text written in UTF-16.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import IO

from followthrough.contacts.importing.records import ImportFileError

SAMPLE_BYTES = 64 * 1024
_CHUNK = 1024 * 1024

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zipped document (an Excel .xlsx, .ods or .zip file)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word document"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"SQLite format 3", "an SQLite database"),
)


class _CountingReader(io.RawIOBase):
    """Counts the bytes read through it, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


@dataclass
class DecodedFile:
    text: io.TextIOWrapper
    encoding: str
    size: int
    _counter: _CountingReader

    @property
    def bytes_read(self) -> int:
        return self._counter.count


def open_text(source: IO[bytes]) -> DecodedFile:
    """The file as text, or ImportFileError saying why it is not a text file we can read."""
    size = source.seek(0, io.SEEK_END)
    source.seek(0)
    sample = source.read(SAMPLE_BYTES)
    source.seek(0)
    encoding = _encoding(source, sample)
    counter = _CountingReader(source)
    text = io.TextIOWrapper(
        io.BufferedReader(counter), encoding=encoding, errors="replace", newline=""
    )
    return DecodedFile(text=text, encoding=encoding, size=size, _counter=counter)


def _encoding(source: IO[bytes], sample: bytes) -> str:
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ImportFileError("The file is in UTF-32, which is not supported: save it as UTF-8.")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _refuse_empty(sample[2:].replace(b"\x00", b""))
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        _refuse_empty(sample[3:])
        return "utf-8-sig" if _decodes(source, "utf-8-sig") else "cp1252"
    _refuse_empty(sample)
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            raise ImportFileError(
                f"This is {what}, not a CSV or vCard file. "
                "Save or export it as CSV (UTF-8) or vCard and import that."
            )
    if b"\x00" in sample:
        return _utf16_without_bom(sample)
    for encoding in ("utf-8", "cp1252"):
        if _decodes(source, encoding):
            return encoding
    return "latin-1"


def _refuse_empty(data: bytes) -> None:
    if not data.strip():
        raise ImportFileError("The file is empty.")


def _utf16_without_bom(sample: bytes) -> str:
    """ASCII text in UTF-16 has a zero byte in every other place; anything else is binary."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if half and odd >= 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if half and even >= 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    raise ImportFileError(
        "This looks like a binary file, not a CSV or vCard file. "
        "Export your contacts as CSV (UTF-8) or vCard and import that."
    )


def _decodes(source: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        while chunk := source.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        source.seek(0)
    return True
