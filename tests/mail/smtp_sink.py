"""A real SMTP server for the tests (aiosmtpd), run as its own process:

    python tests/mail/smtp_sink.py PORT FOLDER

Every message accepted is written to FOLDER as one file. Recipients steer it:
``tempfail@`` → 451 at RCPT, ``reject@`` → 550 at RCPT, ``slow@`` → the message is written,
then the reply to DATA waits 30 s (a worker killed then has delivered without knowing).
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        local = address.split("@", 1)[0].lower()
        if local == "tempfail":
            return "451 4.3.0 Try again later"
        if local == "reject":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        name = f"{time.time_ns()}-{uuid.uuid4().hex}.eml"
        tmp = self.folder / f".{name}"
        tmp.write_bytes(envelope.original_content or envelope.content)
        tmp.rename(self.folder / name)
        if any(r.split("@", 1)[0].lower() == "slow" for r in envelope.rcpt_tos):
            import asyncio

            await asyncio.sleep(30)
        return "250 Message accepted for delivery"


def main() -> None:
    port, folder = int(sys.argv[1]), Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)  # noqa: T201 - the fixture waits for this line
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
