"""Loading the questionnaires the app runs on, in one place for the CLI and the TUI.

The app's content is the built-in questionnaires plus the user's own folder (:func:`app_content`),
read through a cache of validated content so that a warm start skips YAML parsing and validation.
The cache lives here, outside the pure domain: it touches the user's cache directory.

The cache holds the ``Content`` that :func:`aims_tui.domain.content_files.load_content` returned,
pickled, behind a small header (the key and the number of questions). The key covers everything the
result depends on: this cache's format, the aims-tui version, the Python version, the path, size and
modification time of every content file read, and of the modules that validate and define it
(``content.py``, ``content_schema.py``, ``content_files.py``, ``models.py``, ``vocabulary.py`` of the
domain, pydantic's and pydantic-core's own files, so an upgrade of any of them is a new key). Only
content that loaded without error is ever written, so a key that matches means the same files
validated before: a content error is never hidden, it is raised by the loader exactly as without a
cache.

This module imports the standard library only: the TUI and ``aims list`` read the header
(:func:`probe_app_content`) without pydantic or PyYAML. The pickled content is plain dataclasses
(``aims_tui/domain/content.py``), so a warm load does not import them either; only a cache miss
validates the files, with pydantic and PyYAML.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from aims_tui import __version__, locations

if TYPE_CHECKING:
    from aims_tui.domain.content import Content

FORMAT = 2
"""Raised whenever the pickled classes change (2: the content is plain dataclasses, no pydantic)."""
CACHE_FILE = "content.pickle"


def content_files(builtin_dir: Path, extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """The files ``load_content(builtin_dir, extra_dirs)`` reads, in the order it reads them."""
    files = [builtin_dir / "structure.yaml"]
    files += sorted(p for p in builtin_dir.glob("*.y*ml") if p.name != "structure.yaml")
    for extra in extra_dirs:
        if extra.is_dir():
            files += sorted(p for p in extra.glob("*.y*ml"))
    return files


def _code_files() -> list[Path]:
    domain = Path(__file__).resolve().parent / "domain"
    names = ("content.py", "content_schema.py", "content_files.py", "models.py", "vocabulary.py")
    out = [domain / name for name in names]
    for package in ("pydantic", "pydantic_core"):
        spec = importlib.util.find_spec(package)  # finds the package without importing it
        if spec is not None and spec.origin:
            origin = Path(spec.origin)
            out += [origin, origin.parent / "version.py"]
    return out


def cache_key(builtin_dir: Path, extra_dirs: Iterable[Path] = ()) -> str:
    """A digest of everything a loaded ``Content`` depends on (see the module docstring)."""
    parts = [f"format {FORMAT}", f"aims-tui {__version__}", f"python {sys.version}"]
    for path in [*_code_files(), *content_files(builtin_dir, extra_dirs)]:
        try:
            st = path.stat()
            parts.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}\0missing")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class CachedContent:
    """A cache file whose key matched: the number of questions now, the content on :meth:`load`."""

    path: Path
    key: str
    question_count: int
    offset: int

    def load(self) -> Content | None:
        """The cached content, or None if the file changed or cannot be read (then load afresh)."""
        try:
            with self.path.open("rb") as fh:
                header = pickle.load(fh)
                if header != (FORMAT, self.key, self.question_count):
                    return None
                content = pickle.load(fh)
        except Exception:  # any damage at all means: rebuild
            return None
        if type(content).__name__ != "Content" or len(content.questions) != self.question_count:
            return None
        return content


def probe(cache_dir: Path, key: str) -> CachedContent | None:
    """The cache in ``cache_dir`` if it holds content for ``key``; reads only the small header."""
    path = cache_dir / CACHE_FILE
    try:
        with path.open("rb") as fh:
            header = pickle.load(fh)
            offset = fh.tell()
    except Exception:
        return None
    if not (isinstance(header, tuple) and len(header) == 3 and header[0] == FORMAT and header[1] == key
            and isinstance(header[2], int)):
        return None
    return CachedContent(path, key, header[2], offset)


def write(cache_dir: Path, key: str, content: Content) -> None:
    """Store ``content`` under ``key``, atomically. A cache that cannot be written is no error."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".content-", dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((FORMAT, key, len(content.questions)), fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(content, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache_dir / CACHE_FILE)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:
        pass


def load_cached(builtin_dir: Path, extra_dirs: Iterable[Path] = (), *, cache_dir: Path,
                cached: CachedContent | None = None) -> Content:
    """``load_content(builtin_dir, extra_dirs)`` through the validated-content cache in ``cache_dir``.

    A cache whose key matches (``cached``, or found now) is read instead of the YAML files; anything
    else (no cache, changed files, a damaged cache) loads and validates the files as
    ``load_content`` does, raising the same ContentError, and writes the cache on success.
    """
    extra_dirs = list(extra_dirs)
    if cached is None:
        cached = probe(cache_dir, cache_key(builtin_dir, extra_dirs))
    if cached is not None and (content := cached.load()) is not None:
        return content
    from aims_tui.domain.content_files import load_content  # pydantic and PyYAML: only when the cache misses

    key = cache_key(builtin_dir, extra_dirs)  # before reading: a file changed meanwhile misses next time
    content = load_content(builtin_dir, extra_dirs)
    _ = content.questions, content.structure.clause_leaves, content.structure.controls  # pickled computed
    write(cache_dir, key, content)
    return content


# ---------------------------------------------------------------------------------------------
# The app's content: built-in questionnaires plus the user's folder, cached in locations.cache_dir()
# ---------------------------------------------------------------------------------------------


def _app_dirs() -> tuple[Path, list[Path]]:
    return locations.builtin_questionnaires_dir(), [locations.user_questionnaires_dir()]


def probe_app_content() -> CachedContent | None:
    """The app's cached content if it is current (reads only the header: no pydantic, no YAML)."""
    return probe(locations.cache_dir(), cache_key(*_app_dirs()))


def app_content(cached: CachedContent | None = None) -> Content:
    """The app's content: from the cache when current (``cached`` from :func:`probe_app_content`
    saves a second look), else loaded, validated and cached. Raises ContentError (one line per
    problem) when the files are invalid."""
    return load_cached(*_app_dirs(), cache_dir=locations.cache_dir(), cached=cached)


def app_question_count() -> int:
    """How many questions the app's content has, from the cache's header when it is current, else
    by loading the questionnaires."""
    cached = probe_app_content()
    return cached.question_count if cached is not None else len(app_content().questions)
