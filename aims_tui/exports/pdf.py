"""A PDF next to a Word export (``--pdf``), with the contents list's page numbers filled in.

The .docx keeps its contents *field* (Word rebuilds it on opening); only a word processor knows
where pages break, so the PDF is made by LibreOffice, run headless when it is installed. A plain
``soffice --convert-to pdf`` prints the field's cached result, without page numbers; so LibreOffice
runs a small Basic macro instead, which opens the document hidden, updates every index (twice: the
page numbers can move the pages they number), refreshes the fields ("Page x of y") and stores the
PDF.

Bounded: a private, throw-away LibreOffice profile (the macro lives there; the user's own profile
and any running LibreOffice are never touched), a timeout after which the whole process group is
ended, and nothing that reaches the network (no updates check, no links refreshed). The PDF is
written through :func:`files.atomic_write_bytes`: complete or absent.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from aims_tui.exports.files import ExportError, atomic_write_bytes

__all__ = ["OFFICE_NAMES", "PDF_TIMEOUT", "find_office", "write_pdf", "INSTALL_HINT"]

OFFICE_NAMES = ("soffice", "libreoffice")
"""The LibreOffice commands looked for on PATH, in this order."""
PDF_TIMEOUT = 180.0
"""Seconds LibreOffice may take for one document (the demo's report: about 10 s on 2 cores)."""
INSTALL_HINT = ("LibreOffice is needed for --pdf: install it (Debian/Ubuntu: apt install libreoffice-writer-nogui; "
                "macOS: brew install --cask libreoffice; Windows: libreoffice.org) and make sure 'soffice' is on PATH")

_MACRO = """Sub ToPdf
  Dim src As String, dst As String
  src = ConvertToURL(Environ("AIMS_PDF_IN"))
  dst = ConvertToURL(Environ("AIMS_PDF_OUT"))
  Dim load(1) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  load(1).Name = "UpdateDocMode"
  load(1).Value = 0
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(src, "_blank", 0, load())
  Dim i As Integer, pass As Integer
  For pass = 1 To 2
    For i = 0 To doc.getDocumentIndexes().getCount() - 1
      doc.getDocumentIndexes().getByIndex(i).update()
    Next i
    doc.getTextFields().refresh()
  Next pass
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = "writer_pdf_Export"
  doc.storeToURL(dst, store())
  doc.close(True)
  StarDesktop.terminate()
End Sub
"""

_DOCTYPE = '<!DOCTYPE {0} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{1}">'
_PROFILE_FILES = {
    "user/basic/script.xlc": (
        '<?xml version="1.0" encoding="UTF-8"?>' + _DOCTYPE.format("library:libraries", "libraries.dtd") +
        '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><library:library library:name="Standard" '
        'xlink:href="$(USER)/basic/Standard/script.xlb/" xlink:type="simple" library:link="false"/>'
        '</library:libraries>'),
    "user/basic/dialog.xlc": (
        '<?xml version="1.0" encoding="UTF-8"?>' + _DOCTYPE.format("library:libraries", "libraries.dtd") +
        '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"><library:library library:name="Standard" '
        'xlink:href="$(USER)/basic/Standard/dialog.xlb/" xlink:type="simple" library:link="false"/>'
        '</library:libraries>'),
    "user/basic/Standard/script.xlb": (
        '<?xml version="1.0" encoding="UTF-8"?>' + _DOCTYPE.format("library:library", "library.dtd") +
        '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
        'library:readonly="false" library:passwordprotected="false">'
        '<library:element library:name="AimsPdf"/></library:library>'),
    "user/basic/Standard/dialog.xlb": (
        '<?xml version="1.0" encoding="UTF-8"?>' + _DOCTYPE.format("library:library", "library.dtd") +
        '<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" '
        'library:readonly="false" library:passwordprotected="false"/>'),
    "user/basic/Standard/AimsPdf.xba": (
        '<?xml version="1.0" encoding="UTF-8"?>' + _DOCTYPE.format("script:module", "module.dtd") +
        '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="AimsPdf" '
        f'script:language="StarBasic">{escape(_MACRO)}</script:module>'),
}


def find_office() -> str | None:
    """The LibreOffice command on PATH, or None."""
    for name in OFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_path(docx: Path) -> Path:
    """Where the PDF of ``docx`` goes: beside it, same name, ``.pdf``."""
    return docx.with_suffix(".pdf")


def write_pdf(docx: Path, *, timeout: float = PDF_TIMEOUT) -> Path:
    """Write ``docx`` as a PDF beside it (replacing an older PDF of the same name) and return its
    path. ExportError in one line when LibreOffice is not installed, fails or takes too long; the
    .docx is left as it is."""
    docx = Path(docx)
    office = find_office()
    if office is None:
        raise ExportError(f"{pdf_path(docx)}: not written; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="aims-pdf-") as work:
        profile = Path(work) / "profile"
        out = Path(work) / "out.pdf"
        env = {**os.environ, "AIMS_PDF_IN": str(docx.resolve()), "AIMS_PDF_OUT": str(out),
               "SAL_USE_VCLPLUGIN": "svp", "HOME": work}
        command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--nologo",
                   "--norestore", "--nodefault", "--nolockcheck"]
        # A new profile is filled with LibreOffice's defaults on its first start, macros included:
        # start it once, then put the macro in, then run it.
        deadline = time.monotonic() + timeout
        _run([*command, "--terminate_after_init"], env, timeout, docx)
        for name, text in _PROFILE_FILES.items():
            path = profile / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _run([*command, "macro:///Standard.AimsPdf.ToPdf"], env, max(deadline - time.monotonic(), 1.0), docx,
             limit=timeout)
        if not out.is_file() or out.stat().st_size == 0:
            raise ExportError(f"{pdf_path(docx)}: LibreOffice did not write the PDF; open {docx.name} in "
                              "LibreOffice or Word and export it as PDF from there")
        data = out.read_bytes()
    return atomic_write_bytes(pdf_path(docx), data, replace=True)


def _run(command: list[str], env: dict[str, str], timeout: float, docx: Path, *, limit: float | None = None) -> None:
    """Run LibreOffice in its own process group; end the whole group when it overruns."""
    proc = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        raise ExportError(f"{pdf_path(docx)}: LibreOffice took more than {limit or timeout:.0f} s and was stopped; "
                          f"the .docx is written, export the PDF from Word or LibreOffice") from None
