"""Where exports go and how they get there: default names, output resolution, atomic writes.

An export is either complete on disk or absent (docs/CONTRACT.md R6): bytes go to a temporary file in the
target folder, are flushed to disk, then renamed over the target in one step.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import stat
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from aims_tui import locations
from aims_tui.domain.models import Engagement
from aims_tui.open_files import is_database

KINDS = {"gap-report": "gap-report", "soa": "SoA", "bundle": "bundle", "audit-report": "internal-audit-report"}
"""Export kind → the word used in its default file name."""


class ExportError(Exception):
    """An export could not be written. The message is one line naming the path and what to do."""


class ExportCancelled(ExportError):
    """The export was asked to stop (the app is quitting) before it finished; nothing was written."""


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


_EXT_NAMES = {"docx": "a Word file (.docx)", "csv": "a CSV file (.csv)", "json": "a JSON file (.json)"}


@dataclass(frozen=True)
class Target:
    """Where one export goes."""

    path: Path
    named: bool
    """True when the user named this exact file, which may then be replaced; False for a default
    name, which never replaces anything (a number is added instead)."""


def resolve_target(out: Path | str | None, engagement: Engagement, kind: str, ext: str) -> Target:
    """The file to write, by the rules both the TUI and the CLI follow (issue 16):

    * None: a default name in the default exports folder; an existing folder: a default name in it.
      A default name never replaces a file: ``…-2026-12-03-2.docx`` is written next to it.
    * A file name ending in ``.ext``: that file, replaced if it exists (the user named it). Its
      folder must exist.
    * Anything else (a missing folder, a name without the right extension) is refused in one line:
      writing it would leave a file nobody can open, that the next export would replace.
    """
    ext = ext.lstrip(".")
    if out is None:
        return Target(locations.exports_dir() / default_filename(engagement, kind, ext), named=False)
    out = Path(out).expanduser()
    if out.is_dir():
        return Target(out / default_filename(engagement, kind, ext), named=False)
    if os.path.lexists(out) and is_database(out):
        raise ExportError(f"{out}: is an assessment database, which an export would replace; "
                          "choose another file name")
    what = _EXT_NAMES.get(ext, f"a .{ext} file")
    if out.suffix.lower() != "." + ext:
        if out.exists() or os.path.lexists(out):
            raise ExportError(f"{out}: not a folder, and not a .{ext} file name; give an existing folder, "
                              f"or a file name ending in .{ext}")
        if not out.suffix:
            raise ExportError(f"{out}: no such folder; create it first, or give a file name ending in .{ext}")
        raise ExportError(f"{out}: this export is {what}; give a file name ending in .{ext}, or a folder")
    check_folder(out.parent)
    return Target(out, named=True)


def resolve_out(out: Path | str | None, engagement: Engagement, kind: str, ext: str) -> Path:
    """The path :func:`resolve_target` chooses (the first free number for a default name)."""
    target = resolve_target(out, engagement, kind, ext)
    return target.path if target.named else _unused(target.path)


def check_folder(folder: Path) -> None:
    """ExportError (one line) unless ``folder`` is an existing folder."""
    if not folder.exists():
        raise ExportError(f"{folder}: folder does not exist; create it or choose another output path")
    if not folder.is_dir():
        raise ExportError(f"{folder}: is not a folder; choose another output path")


def _unused(path: Path) -> Path:
    return next(p for p in _numbered(path) if not os.path.lexists(p))


def _numbered(path: Path) -> Iterator[Path]:
    """``path``, then ``stem-2.ext``, ``stem-3.ext``, …"""
    yield path
    for n in itertools.count(2):
        yield path.with_name(f"{path.stem}-{n}{path.suffix}")


# ---------------------------------------------------------------------------------------------
# Temporary files: recognisable, so a leftover of a killed export is cleaned by the next one
# ---------------------------------------------------------------------------------------------

TEMP_MARK = ".aims-export-"
_TEMP_NAME = re.compile(r"^\..*\.aims-export-(\d+)-[^.]*\.tmp$")
STALE_AFTER_S = 24 * 3600
"""A temporary file whose process is gone, or older than this, is a leftover."""


def temp_prefix(path: Path) -> str:
    """``.report.docx.aims-export-<pid>-``: hidden, names the file it was for and who wrote it."""
    return f".{path.name[:80]}{TEMP_MARK}{os.getpid()}-"


def clean_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files that an export killed mid-write left in ``folder``; returns them.

    Only files named by :func:`temp_prefix` are considered, and only when the process that wrote
    them is gone or they are older than a day (another export may be writing one right now).
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            if now - st.st_mtime < STALE_AFTER_S and _alive(int(match.group(1))):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # exists (someone else's), or we cannot tell: leave it to the age rule
    return True


def atomic_write_bytes(path: Path, data: bytes, *, replace: bool = True) -> Path:
    """Write ``data`` to ``path`` all at once: a temp file in the same folder, fsync, rename.
    Returns the path written.

    With ``replace=False`` an existing file is never replaced: the data lands at the first free
    numbered name (``stem-2.ext``…), claimed at the moment of the rename, so two exports of the
    same name at once both survive.

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
    check_folder(folder)
    clean_leftovers(folder)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=".tmp", dir=folder)
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
        if replace:
            os.replace(tmp, path)
        else:
            path = _claim(tmp, path)
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
    _sync_folder(folder)
    return path


def _claim(tmp: Path, path: Path) -> Path:
    """Give ``tmp`` the first free name of ``path``'s numbered series, never replacing a file."""
    for candidate in _numbered(path):
        try:
            os.link(tmp, candidate)  # fails if the name is taken: no window between check and rename
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links (FAT on a USB stick): check, then rename
            if os.path.lexists(candidate):
                continue
            os.replace(tmp, candidate)
            return candidate
        tmp.unlink()
        return candidate
    raise AssertionError("unreachable")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible on every platform."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
