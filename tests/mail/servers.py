"""Real mail servers for the tests: Dovecot (IMAP) started as a foreground process with a
temporary configuration, passwd-file users and Maildirs in a temporary folder.

Needs Debian's dovecot-imapd (.ci/run installs it) and root (Dovecot drops to its own users).
Without them the tests that need it are skipped and say so.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(folder: Path, host: str = "localhost") -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Dovecot:
    root: Path
    port: int  # plain IMAP (and STARTTLS)
    tls_port: int  # IMAPS
    cert: Path
    process: subprocess.Popen[bytes]

    def add_user(self, user: str, password: str) -> None:
        vmail = pwd.getpwnam("dovecot")
        with (self.root / "passwd").open("a") as f:
            home = self.root / "home" / user
            f.write(f"{user}:{{PLAIN}}{password}:{vmail.pw_uid}:{vmail.pw_gid}::{home}\n")
        # Dovecot re-reads a passwd-file at most once a second: let that second pass.
        time.sleep(1.1)

    def imap(self, user: str, password: str) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(user, password)
        return client

    def append(self, user: str, password: str, folder: str, raws: list[bytes]) -> None:
        client = self.imap(user, password)
        try:
            for raw in raws:
                when = imaplib.Time2Internaldate(time.time())
                result = client.append(folder, "", when, raw)
                assert result[0] == "OK"
        finally:
            client.logout()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def start_dovecot(root: Path) -> Dovecot:
    if not Path(DOVECOT).exists():
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    if os.geteuid() != 0:
        pytest.skip("Dovecot needs root to start with its own users")
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)  # noqa: S103 - Dovecot reads it as its own user
    for sub in ("run", "state", "home"):
        (root / sub).mkdir(exist_ok=True)
    vmail = pwd.getpwnam("dovecot")
    os.chown(root / "home", vmail.pw_uid, vmail.pw_gid)
    (root / "passwd").write_text("")
    cert, key = self_signed(root)
    port, tls_port = free_port(), free_port()
    conf = root / "dovecot.conf"
    conf.write_text(CONFIG.format(root=root, cert=cert, key=key, port=port, tls_port=tls_port))
    process = subprocess.Popen(  # noqa: S603
        [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode() if process.stdout else ""
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"Dovecot did not start: {out}\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    return Dovecot(root=root, port=port, tls_port=tls_port, cert=cert, process=process)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    # Not pytest's tmp_path: its folders are 0700, and Dovecot reads as its own user.
    root = Path(tempfile.mkdtemp(prefix="followthrough-dovecot-"))
    try:
        server = start_dovecot(root)
        yield server
        server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class SmtpSink:
    port: int
    folder: Path
    process: subprocess.Popen[bytes]

    def messages(self) -> list[bytes]:
        return [p.read_bytes() for p in sorted(self.folder.glob("*.eml"))]

    def message_ids(self) -> list[str]:
        from followthrough.mail.parsing import parse_mail

        return [parse_mail(raw).message_id for raw in self.messages()]

    def clear(self) -> None:
        for p in self.folder.glob("*.eml"):
            p.unlink()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_smtp_sink(folder: Path) -> SmtpSink:
    import sys

    port = free_port()
    script = Path(__file__).parent / "smtp_sink.py"
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, str(script), str(port), str(folder)], stdout=subprocess.PIPE
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if b"ready" not in line:
        process.kill()
        raise RuntimeError("The SMTP sink did not start.")
    return SmtpSink(port=port, folder=folder, process=process)


@pytest.fixture
def smtp_sink(tmp_path: Path) -> Iterator[SmtpSink]:
    sink = start_smtp_sink(tmp_path / "smtp")
    yield sink
    sink.stop()
