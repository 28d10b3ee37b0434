"""A firm's Word template (``--template``), opened within bounds (issue 11).

Checked by ``stat`` before anything is opened, so a folder, a named pipe, a device or a socket is
named as such and a FIFO never blocks; read with ``O_NONBLOCK``; refused when larger than a
template can be, or when its zip would expand beyond :data:`TEMPLATE_MAX_EXPANDED` (a zip bomb),
before anything is inflated; damaged XML reads "not a valid Word file".
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from aims_tui.exports.files import ExportError
from aims_tui.open_files import is_open_database

__all__ = ["check_template", "open_template", "TEMPLATE_MAX_BYTES", "TEMPLATE_MAX_EXPANDED", "TEMPLATE_MAX_PARTS"]

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

TEMPLATE_MAX_BYTES = 50 * 1024 * 1024
"""A firm's Word template is a few hundred kB; a file larger than this is not one."""
TEMPLATE_MAX_EXPANDED = 100 * 1024 * 1024
"""Bound on the template's contents once unzipped (a 1.2 MB zip bomb expands to 389 MB)."""
TEMPLATE_MAX_PARTS = 2000

_NOT_A_TEMPLATE = "give the path of a Word .docx or .dotx file"


def check_template(template: Path) -> Path:
    """``template`` if it can be read as a Word template, else ExportError in one line saying what
    it is instead (missing, a folder, a named pipe, a device, the open database, too large).

    Only ``stat`` is used: nothing is opened, so a FIFO cannot block and a device is never read.
    """
    template = Path(template).expanduser()
    try:
        st = template.stat()
    except FileNotFoundError:
        raise ExportError(f"{template}: no such template file; {_NOT_A_TEMPLATE}") from None
    except OSError as exc:
        raise ExportError(f"{template}: cannot read the template ({exc.strerror or exc}); "
                          f"{_NOT_A_TEMPLATE}") from None
    kind = _file_kind(st.st_mode)
    if kind:
        raise ExportError(f"{template}: is {kind}, not a Word template; {_NOT_A_TEMPLATE}")
    if is_open_database(template):  # reading it would unlock the database (see aims_tui/open_files.py)
        raise ExportError(f"{template}: is the assessment database, not a Word template; "
                          "give a .docx or .dotx file")
    if st.st_size > TEMPLATE_MAX_BYTES:
        raise ExportError(f"{template}: {st.st_size // (1024 * 1024)} MB is too large for a Word template "
                          f"(at most {TEMPLATE_MAX_BYTES // (1024 * 1024)} MB); {_NOT_A_TEMPLATE}")
    return template


def _file_kind(mode: int) -> str:
    """What a path that is not a regular file is, in words; "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_template(template: Path) -> bytes:
    """The template's bytes, opened so that a FIFO or device swapped in after the check never
    blocks (O_NONBLOCK) and is refused by what the open descriptor is."""
    fd = os.open(template, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        kind = _file_kind(st.st_mode)
        if kind:
            raise ExportError(f"{template}: is {kind}, not a Word template; {_NOT_A_TEMPLATE}")
        data = fh.read(TEMPLATE_MAX_BYTES + 1)
    if len(data) > TEMPLATE_MAX_BYTES:
        raise ExportError(f"{template}: too large for a Word template; {_NOT_A_TEMPLATE}")
    return data


def _bounded_zip(template: Path, data: bytes) -> zipfile.ZipFile:
    """The template as a zip whose contents, unzipped, stay within TEMPLATE_MAX_EXPANDED.

    zipfile stops inflating each member at its declared size (and fails its CRC check past it),
    so bounding the declared sizes bounds the work and the memory.
    """
    archive = zipfile.ZipFile(io.BytesIO(data))
    items = archive.infolist()
    expanded = sum(item.file_size for item in items)
    if len(items) > TEMPLATE_MAX_PARTS or expanded > TEMPLATE_MAX_EXPANDED:
        raise ExportError(f"{template}: unzips to {expanded // (1024 * 1024)} MB in {len(items)} parts, far more "
                          "than any Word template; refused (a damaged file or a zip bomb); "
                          "save the template again from Word")
    return archive


def open_template(template: Path) -> DocxDocument:
    """The firm's template as a python-docx document, within the bounds above."""
    template = check_template(template)
    try:
        data = _read_template(template)
        src = _bounded_zip(template, data)
        if template.suffix.lower() in (".dotx", ".dotm"):
            # python-docx opens only documents; a template differs in one content type.
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
                for item in src.infolist():
                    raw = src.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        raw = raw.replace(_DOTX_MAIN.encode(), _DOCX_MAIN.encode()).replace(
                            b"template.macroEnabledTemplate.main+xml", b"document.main+xml")
                    dst.writestr(item, raw)
            data = buf.getvalue()
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError:
        raise ExportError(f"{template}: not a valid Word file (its XML is damaged); "
                          "save it from Word as .docx and try again") from None
    except (OSError, zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError,
            NotImplementedError, RuntimeError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ExportError(f"{template}: not a valid Word file ({reason}); "
                          "save it from Word as .docx and try again") from None
