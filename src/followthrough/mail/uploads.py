"""Mail files uploaded on the web (.mbox, .eml, or a .zip of Maildir folders), imported by the
background worker with its progress and report kept on a `MailImportJob`.

An upload is untrusted: its name is only shown (never used as a path), its size is capped
(`MAIL_UPLOAD_MAX_BYTES`), and a zip is unpacked only inside the job's own folder — a path
leaving it, too many entries or too many bytes unpacked refuse the whole zip.
"""

from __future__ import annotations

import re
import shutil
import stat
import time
import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet

from followthrough.mail.importing import import_mail
from followthrough.mail.models import ImportState, MailImportJob
from followthrough.mail.sources import path_size
from followthrough.workspaces.models import Member

SUFFIXES = (".mbox", ".mbx", ".eml", ".zip")
DEFAULT_MAX_BYTES = 1024**3  # 1 GiB
UNZIP_FACTOR = 4  # a zip may unpack to at most 4 times the upload cap
MAX_ZIP_ENTRIES = 200_000
PROBLEMS_KEPT = 100
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class UploadError(ValueError):
    """The uploaded file cannot be imported; the message says why, in the member's words."""


def upload_max_bytes() -> int:
    return int(getattr(settings, "MAIL_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1000
    return f"{n} bytes"  # pragma: no cover - the loop always returns


def too_large_message(size: int | None = None) -> str:
    got = f"That file is {human_size(size)}: " if size else "That file is too large: "
    return (
        f"{got}an upload may be at most {human_size(upload_max_bytes())}. Split it (one mbox "
        "per folder or year), or import it on the server with `followthrough import mail`."
    )


def display_name(name: str) -> str:
    """The uploaded file's name to show: no folders, no control characters, 200 at most."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = CONTROL.sub("", base).strip().strip(".") or "upload"
    return base[-200:]


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "mail" / "uploads"


def job_create(*, member: Member, upload: UploadedFile) -> MailImportJob:
    """Keep the uploaded file in the data folder under the job's code; the worker imports it."""
    name = display_name(upload.name or "")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            f"{name} is not a mail file: upload an .mbox or .eml file, or a .zip of Maildir "
            "folders (or of .eml files)."
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError(f"{name} is empty.")
    if size > upload_max_bytes():
        raise ValidationError(too_large_message(size))
    job = MailImportJob(workspace_id=member.workspace_id, member=member, filename=name, size=size)
    job.stored_name = f"{job.code}{suffix}"
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"{job.stored_name}.part"
    with part.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    part.replace(folder / job.stored_name)
    job.bytes_total = size
    job.save()
    return job


def jobs_visible(viewer: Member) -> QuerySet[MailImportJob]:
    """A member sees their own uploads; a manager sees every upload of the workspace."""
    jobs = MailImportJob.objects.filter(workspace_id=viewer.workspace_id)
    return jobs if viewer.is_manager else jobs.filter(Q(member=viewer))


def job_run(job_id: int, *, now: datetime) -> MailImportJob | None:
    """Import a queued upload once (a second worker, or a retry, finds it taken)."""
    taken = MailImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING, started_at=now
    )
    if not taken:
        return None
    job = MailImportJob.objects.select_related("workspace", "member").get(pk=job_id)
    stored = uploads_dir() / job.stored_name
    unpacked = uploads_dir() / f"{job.code}.d"
    try:
        paths = unzip_mail(stored, unpacked) if stored.suffix == ".zip" else [stored]
        total = sum(path_size(p) for p in paths) or 1
        MailImportJob.objects.filter(pk=job.pk).update(bytes_total=total)
        report = import_mail(
            workspace=job.workspace,
            paths=paths,
            now=now,
            member=job.member,
            progress=_progress_writer(job.pk),
        )
    except UploadError as exc:
        job.state, job.summary = ImportState.FAILED, str(exc)[:500]
    except OSError as exc:
        job.state = ImportState.FAILED
        job.summary = f"The file could not be read: {exc.strerror or exc}"[:500]
    else:
        job.state, job.summary = ImportState.DONE, report.summary()[:500]
        problems = [
            str(replace(p, origin=job.filename) if p.origin == stored.name else p)
            for p in report.errors + report.notes
        ]
        job.problems = problems[:PROBLEMS_KEPT]
        job.problems_more = max(0, len(problems) - PROBLEMS_KEPT)
        job.bytes_total = job.bytes_done = total
    finally:
        stored.unlink(missing_ok=True)
        shutil.rmtree(unpacked, ignore_errors=True)
    job.finished_at = now
    job.save(
        update_fields=[
            "state",
            "summary",
            "problems",
            "problems_more",
            "bytes_done",
            "bytes_total",
            "finished_at",
            "updated_at",
        ]
    )
    return job


def _progress_writer(job_id: int, every: float = 1.0) -> ProgressWriter:
    return ProgressWriter(job_id, every)


class ProgressWriter:
    """Writes the bytes read so far at most once a second: the page polls it."""

    def __init__(self, job_id: int, every: float) -> None:
        self.job_id = job_id
        self.every = every
        self.last = 0.0

    def __call__(self, done: int) -> None:
        at = time.monotonic()
        if at - self.last >= self.every:
            self.last = at
            MailImportJob.objects.filter(pk=self.job_id).update(bytes_done=done)


def unzip_mail(path: Path, dest: Path) -> list[Path]:
    """Unpack a zip of Maildir folders (cur/, new/) or .eml/.mbox files into `dest` and name
    what to import. Refuses the whole zip for a path leaving `dest`, too many entries or too
    many bytes; skips links and macOS's resource files."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise UploadError("The .zip file cannot be opened: it is damaged or not a zip.") from None
    limit = upload_max_bytes() * UNZIP_FACTOR
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UploadError(f"The zip holds more than {MAX_ZIP_ENTRIES:,} files.")
        dest.mkdir(parents=True, exist_ok=True)
        root = dest.resolve()
        written = 0
        for info in entries:
            name = info.filename.replace("\\", "/")
            parts = [p for p in name.split("/") if p not in ("", ".")]
            if not parts or info.is_dir():
                continue
            if name.startswith("/") or ".." in parts or ":" in parts[0]:
                raise UploadError(
                    f"The zip holds a path that leaves its folder ({display_name(name)}): "
                    "it was not imported."
                )
            if parts[0] == "__MACOSX" or parts[-1].startswith("._"):
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                continue
            target = dest.joinpath(*parts)
            if not target.resolve().is_relative_to(root):
                raise UploadError("The zip holds a path that leaves its folder: not imported.")
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, target.open("wb") as out:
                while chunk := src.read(1024 * 1024):
                    written += len(chunk)
                    if written > limit:
                        raise UploadError(
                            f"Unpacked, the zip is larger than {human_size(limit)}: "
                            "it was not imported."
                        )
                    out.write(chunk)
    found = _mail_sources(dest)
    if not found:
        raise UploadError(
            "The zip holds no Maildir folder (with cur/ or new/ inside) and no .eml or .mbox file."
        )
    return found


def _mail_sources(dest: Path) -> list[Path]:
    maildirs = sorted(
        d for d in dest.rglob("*") if d.is_dir() and ((d / "cur").is_dir() or (d / "new").is_dir())
    )
    files = sorted(
        f
        for f in dest.rglob("*")
        if f.is_file()
        and f.suffix.lower() in (".eml", ".mbox", ".mbx")
        and not any(m in f.parents for m in maildirs)
    )
    return [*maildirs, *files]
