"""Messages out of files: mbox (mboxo, mboxrd, mboxcl/cl2, CRLF), .eml and Maildir folders.

Everything is streamed: one message in memory at a time, however large the file. Each message
carries its number (1-based) and the line it starts on, for the import report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

FROM_QUOTED = re.compile(rb"^>+From ")
CONTENT_LENGTH = re.compile(rb"^content-length:\s*(\d+)\s*$", re.IGNORECASE)
MAX_MESSAGE_BYTES = 100 * 1024 * 1024  # a message larger than this is reported, not read

Progress = Callable[[int], None]  # bytes read so far


@dataclass(frozen=True)
class RawMessage:
    number: int  # 1-based position in the source
    line: int  # the line its headers start on (mbox), or 1
    origin: str  # file name (and Maildir entry)
    data: bytes


class SourceError(ValueError):
    """The file cannot be read as mail at all."""


def path_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return 0


def sniff_kind(path: Path) -> str:
    if path.is_dir():
        return "maildir"
    with path.open("rb") as f:
        head = f.read(5)
    return "mbox" if head == b"From " else "eml"


def iter_path(path: Path, progress: Progress | None = None) -> Iterator[RawMessage]:
    kind = sniff_kind(path)
    if kind == "maildir":
        yield from iter_maildir(path, progress)
    elif kind == "mbox":
        with path.open("rb") as f:
            yield from iter_mbox(f, name=path.name, progress=progress)
    else:
        data = path.read_bytes()
        if progress:
            progress(len(data))
        yield RawMessage(1, 1, path.name, data)


def iter_maildir(path: Path, progress: Progress | None = None) -> Iterator[RawMessage]:
    """A Maildir (cur/ and new/) or a plain folder of .eml files, in name order."""
    folders = [path / "cur", path / "new"]
    if not any(f.is_dir() for f in folders):
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    else:
        files = sorted(
            (p for f in folders if f.is_dir() for p in f.iterdir() if p.is_file()),
            key=lambda p: p.name,
        )
    done = 0
    for number, file in enumerate(files, start=1):
        data = file.read_bytes()
        done += len(data)
        if progress:
            progress(done)
        yield RawMessage(number, 1, f"{path.name}/{file.parent.name}/{file.name}", data)


def iter_mbox(
    stream: BinaryIO, *, name: str, progress: Progress | None = None
) -> Iterator[RawMessage]:
    """Split an mbox on its ``From `` lines.

    * a ``From `` line starts a message only at the top or after a blank line;
    * ``>From `` (any number of ``>``) loses one ``>`` (mboxrd);
    * a ``Content-Length:`` header is trusted when the bytes it counts end where the next
      message starts (mboxcl2 bodies hold unquoted ``From `` lines);
    * CRLF line ends are read as LF.
    """
    line_no = 0
    number = 0
    done = 0
    lines: list[bytes] | None = None
    size = 0
    start_line = 0
    in_headers = False
    content_length: int | None = None
    prev_blank = True
    seekable = stream.seekable()

    def finish() -> RawMessage:
        if lines is None:
            raise SourceError("no message started")
        if lines and lines[-1] == b"\n":
            lines.pop()  # the blank line before the next From belongs to the separator
        return RawMessage(number, start_line, name, b"".join(lines))

    while True:
        raw = stream.readline()
        if not raw:
            break
        line_no += 1
        done += len(raw)
        line = raw[:-2] + b"\n" if raw.endswith(b"\r\n") else raw
        if line.startswith(b"From ") and (prev_blank or lines is None):
            if lines is not None:
                yield finish()
                if progress:
                    progress(done)
            number += 1
            lines, size = [], 0
            start_line = line_no + 1
            in_headers, content_length, prev_blank = True, None, False
            continue
        if lines is None:
            if line.strip():
                raise SourceError(f"line {line_no}: an mbox starts with a 'From ' line.")
            continue
        if in_headers:
            if line in (b"\n", b""):
                in_headers = False
                lines.append(line)
                if content_length is not None and seekable:
                    body = _counted_body(stream, content_length)
                    if body is not None:
                        line_no += body.count(b"\n")
                        done += len(body)
                        lines.append(body.replace(b"\r\n", b"\n"))
                        prev_blank = True
                        continue
                prev_blank = True
                continue
            m = CONTENT_LENGTH.match(line)
            if m:
                content_length = int(m.group(1))
        elif FROM_QUOTED.match(line):
            line = line[1:]
        size += len(line)
        if size <= MAX_MESSAGE_BYTES:
            lines.append(line)
        prev_blank = line == b"\n"
    if lines is not None:
        yield finish()
        if progress:
            progress(done)


def _counted_body(stream: BinaryIO, length: int) -> bytes | None:
    """The body Content-Length counts, if the next message (or the end) follows it."""
    start = stream.tell()
    body = stream.read(length)
    ok = len(body) == length
    if ok:
        after = stream.tell()
        nxt = stream.readline()
        if nxt in (b"\n", b"\r\n"):
            nxt = stream.readline()
        ok = nxt == b"" or nxt.startswith(b"From ")
        stream.seek(after)
        if ok:
            # Leave the separator's blank line to the main loop.
            return body
    stream.seek(start)
    return None
