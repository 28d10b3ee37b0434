"""Where exports go and how they get there: default names, output resolution, atomic writes.

An export is either complete on disk or absent (SPEC R6): bytes go to a temporary file in the
target folder, are flushed to disk, then renamed over the target in one step.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from aims_tui import locations
from aims_tui.domain.models import Engagement
from aims_tui.open_files import is_database

KINDS = {"gap-report": "gap-report", "soa": "SoA", "bundle": "bundle", "audit-report": "internal-audit-report"}
"""Export kind → the word used in its default file name."""


class ExportError(Exception):
    """An export could not be written. The message is one line naming the path and what to do."""


def slugify(text: str, max_len: int = 60) -> str:
    """A file-name-safe form of an organisation name: accents folded, words joined by hyphens.

    Letters of any script are kept (an organisation called 株式会社 stays readable); everything
    else, including path separators and Windows-reserved characters, becomes a hyphen.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = re.split(r"[^\w]+|_+", folded)
    slug = "-".join(w for w in words if w)[:max_len].strip("-")
    return slug or "assessment"


def version_tag(version: str, max_len: int = 20) -> str:
    """The document version as a file-name part: ``v0.1``; "" when there is none.

    Letters, digits, dots and hyphens are kept ("1.0-rc1"); anything else becomes a hyphen, and a
    leading "v" is not doubled ("v2" → "v2"). Dots never start or end it, so no ``..`` or hidden
    name can come of it.
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", version or "") if not unicodedata.combining(c))
    tag = re.sub(r"[^A-Za-z0-9.]+", "-", folded)
    tag = re.sub(r"\.{2,}", ".", tag).strip("-.")[:max_len].strip("-.")
    if not tag:
        return ""
    return tag if re.fullmatch(r"[vV]\d.*", tag) else f"v{tag}"


def default_filename(engagement: Engagement, kind: str, ext: str, *, on: dt.date | None = None) -> str:
    """``Acme-Analytics-AIMS-gap-report-v0.1-2026-11-23.docx``: organisation, kind, document
    version and export date.

    The version is in the name so that issuing v0.2 never replaces the v0.1 file sent last week.
    Exporting the same version twice on the same day gives the same name; :func:`resolve_out`
    then numbers the new file rather than replace one that may have been edited in Word since.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown export kind {kind!r}; expected one of {', '.join(KINDS)}")
    day = (on or dt.date.today()).isoformat()
    version = version_tag(engagement.assessment.document_version)
    parts = [slugify(engagement.assessment.org), "AIMS", KINDS[kind]] + ([version] if version else []) + [day]
    return "-".join(parts) + "." + ext.lstrip(".")


def resolve_out(out: Path | str | None, engagement: Engagement, kind: str, ext: str) -> Path:
    """The file to write: ``out`` itself (replaced if it exists: the user named it), or a default
    name inside ``out`` when it is a folder (inside the default exports folder when ``out`` is
    None). A default name never replaces a file: ``…-2026-12-03-2.docx`` is written next to it."""
    if out is None:
        return _unused(locations.exports_dir() / default_filename(engagement, kind, ext))
    out = Path(out).expanduser()
    if out.is_dir():
        return _unused(out / default_filename(engagement, kind, ext))
    return out


def _unused(path: Path) -> Path:
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: a temp file in the same folder, fsync, rename.

    Raises ExportError (one line) when the folder is missing or not writable; no partial or
    temporary file is left behind in any case.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name or let the export choose one inside it")
    if path.exists() and is_database(path):
        raise ExportError(f"{path}: is an assessment database, which an export would replace; "
                          "choose another file name")
    if not folder.exists():
        raise ExportError(f"{folder}: folder does not exist; create it or choose another output path")
    if not folder.is_dir():
        raise ExportError(f"{folder}: is not a folder; choose another output path")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name[:80]}.", suffix=".tmp", dir=folder)
    except PermissionError:
        raise ExportError(f"{folder}: folder is read-only; choose a folder you can write to") from None
    except OSError as exc:
        raise ExportError(f"{folder}: cannot create a file there ({exc.strerror or exc}); "
                          "choose another folder") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; an exported report is an ordinary document.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, PermissionError):
            raise ExportError(f"{path}: permission denied; close the file if it is open in Word, "
                              "or choose a folder you can write to") from None
        if isinstance(exc, OSError):
            raise ExportError(f"{path}: cannot write ({exc.strerror or exc}); "
                              "check free space and the folder's permissions") from None
        raise
    try:  # make the rename itself durable; not possible on every platform
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
