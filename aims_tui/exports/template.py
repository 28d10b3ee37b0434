"""A firm's Word template (``--template``), opened within bounds (issue 11).

Checked by ``stat`` before anything is opened, so a folder, a named pipe, a device or a socket is
named as such and a FIFO never blocks; read with ``O_NONBLOCK``; refused when larger than a
template can be, or when its zip would expand beyond :data:`TEMPLATE_MAX_EXPANDED` (a zip bomb),
before anything is inflated; damaged XML reads "not a valid Word file".

Also what the exports take from it (issue 13): the font and size a style's text is drawn in
(through base styles, document defaults and theme fonts), used to fit table columns, and the
firm's accent colour (Heading 1's, else the theme's accent 1) for table headers and the contents.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from aims_tui.exports.files import ExportError
from aims_tui.open_files import is_open_database

__all__ = ["check_template", "open_template", "style_font", "style_size_pt", "line_height_pt", "accent_colour",
           "TEMPLATE_MAX_BYTES",
           "TEMPLATE_MAX_EXPANDED", "TEMPLATE_MAX_PARTS"]

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


# ---------------------------------------------------------------------------------------------
# The template's look: the font a style resolves to, its size, the firm's accent colour
# ---------------------------------------------------------------------------------------------

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_RGB = re.compile(r"[0-9A-Fa-f]{6}")
_THEME_COLOURS = {"dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2", "text1": "dk1",
                  "text2": "dk2", "background1": "lt1", "background2": "lt2", "hyperlink": "hlink",
                  "followedHyperlink": "folHlink"}


def _theme(document: DocxDocument) -> etree._Element | None:
    try:
        return parse_xml(document.part.part_related_by(RT.THEME).blob)  # no entities resolved
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return None


def _theme_font(document: DocxDocument, which: str) -> str | None:
    """The theme's Latin typeface for ``minorHAnsi``, ``majorAscii`` and the like."""
    theme = _theme(document)
    kind = "majorFont" if which.startswith("major") else "minorFont"
    latin = theme.find(f".//{_A}fontScheme/{_A}{kind}/{_A}latin") if theme is not None else None
    return (latin.get("typeface") or None) if latin is not None else None


def _theme_colour(document: DocxDocument, name: str) -> str | None:
    theme = _theme(document)
    if theme is None:
        return None
    slot = theme.find(f".//{_A}clrScheme/{_A}{_THEME_COLOURS.get(name, name)}")
    if slot is None:
        return None
    for child in slot:
        value = _hex(child.get("val") if child.tag == f"{_A}srgbClr" else child.get("lastClr"))
        if value:
            return value
    return None


def _hex(value: str | None) -> str | None:
    """``value`` as RRGGBB in capitals when it is one, else None (a damaged or hostile file)."""
    return value.upper() if value and _RGB.fullmatch(value) else None


def _chain(style) -> list:
    """The style and the styles it is based on, nearest first (a loop in basedOn ends the chain)."""
    out, seen = [], set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        out.append(style)
        style = style.base_style
    return out


def _properties(document: DocxDocument, style_name: str, kind: str) -> list:
    """The ``kind`` ("rPr": run, "pPr": paragraph) properties that decide how text in
    ``style_name`` looks: the style's, its base styles', the document defaults', nearest first."""
    try:
        chain = _chain(document.styles[style_name])
    except KeyError:
        chain = []
    found = [el for s in chain if (el := s.element.find(qn(f"w:{kind}"))) is not None]
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default = (defaults.find(f"{qn(f'w:{kind}Default')}/{qn(f'w:{kind}')}") if defaults is not None else None)
    return found + ([default] if default is not None else [])


def _rprs(document: DocxDocument, style_name: str) -> list:
    return _properties(document, style_name, "rPr")


def style_font(document: DocxDocument, style_name: str) -> str | None:
    """The Latin font text in ``style_name`` is drawn with: the style's, its base styles', the
    document defaults', a theme font resolved through theme1.xml; None when nothing says."""
    for rpr in _rprs(document, style_name):
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            continue
        theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
        if theme:
            return _theme_font(document, theme)
        name = fonts.get(qn("w:ascii")) or fonts.get(qn("w:hAnsi"))
        if name:
            return name
    return _theme_font(document, "minorHAnsi")


def style_size_pt(document: DocxDocument, style_name: str, default: float = 10.0) -> float:
    """The font size of ``style_name`` in points (through base styles and document defaults)."""
    for rpr in _rprs(document, style_name):
        size = rpr.find(qn("w:sz"))
        if size is not None and (size.get(qn("w:val")) or "").isdigit():
            return int(size.get(qn("w:val"))) / 2
    return default


def _spacing(document: DocxDocument, style_name: str, attr: str) -> str | None:
    for ppr in _properties(document, style_name, "pPr"):
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None and spacing.get(qn(attr)) is not None:
            return spacing.get(qn(attr))
    return None


def line_height_pt(document: DocxDocument, style_name: str, default_size: float = 10.0) -> float:
    """About how tall one line of a paragraph in ``style_name`` is, spacing before and after
    included, in points: enough to tell whether a list of such lines fits on a page."""
    size = style_size_pt(document, style_name, default_size)
    line, rule = _spacing(document, style_name, "w:line"), _spacing(document, style_name, "w:lineRule")
    if line and line.lstrip("-").isdigit() and rule in ("exact", "atLeast"):
        height = max(int(line) / 20, size * 1.15 if rule == "atLeast" else 0)
    else:
        multiple = int(line) / 240 if line and line.isdigit() else 1.0
        height = size * 1.15 * multiple  # a font's line is about 1.15 of its size (Calibri 1.22, Georgia 1.14)
    return height + sum(int(v) / 20 for v in (_spacing(document, style_name, "w:before"),
                                               _spacing(document, style_name, "w:after")) if v and v.isdigit())


def accent_colour(document: DocxDocument) -> str | None:
    """The firm's accent as RRGGBB: Heading 1's colour when it has one (not black), else the
    theme's accent 1; None when the template has neither."""
    for rpr in _rprs(document, "Heading 1"):
        colour = rpr.find(qn("w:color"))
        if colour is None:
            continue
        value = _hex(colour.get(qn("w:val")))
        if value and value not in ("000000", "FFFFFF"):
            return value
        theme = colour.get(qn("w:themeColor"))
        if theme and theme not in ("text1", "dark1", "background1", "light1"):
            return _theme_colour(document, theme)
        break
    return _theme_colour(document, "accent1")
