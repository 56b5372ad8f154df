"""Writing Outlook's TNEF (winmail.dat) for the tests, after [MS-OXTNEF] 2.1.3: a signature,
a key, then attributes (level, id, type, length, data, checksum)."""

from __future__ import annotations

import base64
import struct

SIGNATURE = 0x223E9F78
LVL_MESSAGE, LVL_ATTACHMENT = 1, 2


def _attr(level: int, attr_id: int, attr_type: int, data: bytes) -> bytes:
    checksum = sum(data) & 0xFFFF
    return (
        struct.pack("<BHHI", level, attr_id, attr_type, len(data))
        + data
        + struct.pack("<H", checksum)
    )


def winmail(body: str, attachments: list[tuple[str, bytes]]) -> bytes:
    out = struct.pack("<IH", SIGNATURE, 0x0001)
    out += _attr(LVL_MESSAGE, 0x9006, 0x0008, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += _attr(LVL_MESSAGE, 0x9007, 0x0006, struct.pack("<II", 1252, 0))  # attOemCodepage
    out += _attr(LVL_MESSAGE, 0x8008, 0x0007, b"IPM.Microsoft Mail.Note\x00")  # attMessageClass
    out += _attr(LVL_MESSAGE, 0x800C, 0x0002, body.encode("cp1252"))  # attBody
    for name, data in attachments:
        out += _attr(LVL_ATTACHMENT, 0x9002, 0x0006, b"\x01\x00" + b"\xff" * 12)  # RendData
        out += _attr(LVL_ATTACHMENT, 0x8010, 0x0001, name.encode("cp1252") + b"\x00")  # Title
        out += _attr(LVL_ATTACHMENT, 0x800F, 0x0006, data)  # attAttachData
    return out


def outlook_message(body: str, attachments: list[tuple[str, bytes]]) -> bytes:
    """An Outlook message whose plain part is nearly empty and whose text is in winmail.dat."""
    encoded = base64.encodebytes(winmail(body, attachments)).decode()
    return (
        "From: Dana Reyes <dana@customer.test>\n"
        "To: bob@example.com\n"
        "Subject: Revised order\n"
        "Date: Tue, 24 Nov 2026 15:00:00 +0000\n"
        "Message-ID: <tnef.1@customer.test>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="t1"\n\n'
        "--t1\n"
        "Content-Type: text/plain; charset=us-ascii\n\n"
        "\n\n"
        "--t1\n"
        'Content-Type: application/ms-tnef; name="winmail.dat"\n'
        "Content-Transfer-Encoding: base64\n"
        'Content-Disposition: attachment; filename="winmail.dat"\n\n'
        f"{encoded}\n"
        "--t1--\n"
    ).encode()
