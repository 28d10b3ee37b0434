"""The validated-content cache: a warm start reads the same content; any change or damage rebuilds;
a content error is never hidden by it."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from aims_tui import content_loader as content_cache
from aims_tui.content_loader import load_cached as load_content_cached
from aims_tui.domain.content import ContentError
from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir


@pytest.fixture
def builtin(tmp_path) -> Path:
    folder = tmp_path / "builtin"
    shutil.copytree(builtin_questionnaires_dir(), folder)
    return folder


def test_warm_load_equals_a_fresh_load_and_reads_no_yaml(builtin, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_content_cached(builtin, [], cache_dir=cache)
    fresh = load_content(builtin)
    assert (cache / content_cache.CACHE_FILE).is_file()

    import aims_tui.domain.content_files as content_module

    def no_yaml(path):
        raise AssertionError(f"parsed {path} on a warm start")

    monkeypatch.setattr(content_module, "_parse", no_yaml)
    warm = load_content_cached(builtin, [], cache_dir=cache)
    assert warm is not first
    assert [dataclasses.asdict(q) for q in warm.questions] == [dataclasses.asdict(q) for q in fresh.questions]
    assert warm.catalogue == first.catalogue and warm.scales == first.scales
    assert warm.structure.clause_ids == first.structure.clause_ids
    probe = content_cache.probe(cache, content_cache.cache_key(builtin, []))
    assert probe is not None and probe.question_count == len(first.questions)


def test_a_changed_file_misses_the_cache(builtin, tmp_path):
    cache = tmp_path / "cache"
    load_content_cached(builtin, [], cache_dir=cache)
    key = content_cache.cache_key(builtin, [])
    target = next(p for p in sorted(builtin.glob("*.yaml")) if p.name != "structure.yaml")
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert content_cache.cache_key(builtin, []) != key
    assert content_cache.probe(cache, content_cache.cache_key(builtin, [])) is None


def test_a_new_user_file_misses_the_cache(builtin, tmp_path):
    cache, extra = tmp_path / "cache", tmp_path / "mine"
    extra.mkdir()
    load_content_cached(builtin, [extra], cache_dir=cache)
    key = content_cache.cache_key(builtin, [extra])
    (extra / "x.yaml").write_text("questionnaire: {id: x, title: X}\nquestions: []\n", encoding="utf-8")
    assert content_cache.cache_key(builtin, [extra]) != key


def test_invalid_content_fails_as_without_a_cache_and_is_not_cached(builtin, tmp_path):
    cache = tmp_path / "cache"
    load_content_cached(builtin, [], cache_dir=cache)  # a valid cache exists for the old files
    bad = next(p for p in sorted(builtin.glob("*.yaml")) if p.name != "structure.yaml")
    bad.write_text(bad.read_text(encoding="utf-8") + "\n  - : [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as plain:
        load_content(builtin)
    with pytest.raises(ContentError) as cached:
        load_content_cached(builtin, [], cache_dir=cache)
    assert cached.value.messages == plain.value.messages
    assert content_cache.probe(cache, content_cache.cache_key(builtin, [])) is None


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_damaged_cache_is_rebuilt_silently(builtin, tmp_path, damage):
    cache = tmp_path / "cache"
    good = load_content_cached(builtin, [], cache_dir=cache)
    path = cache / content_cache.CACHE_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)  # None: truncated body
    again = load_content_cached(builtin, [], cache_dir=cache)
    assert len(again.questions) == len(good.questions)
    assert content_cache.probe(cache, content_cache.cache_key(builtin, [])) is not None  # rewritten


def test_an_unwritable_cache_folder_is_no_error(builtin, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    content = load_content_cached(builtin, [], cache_dir=blocker / "cache")
    assert content.questions


def test_the_cli_and_the_tui_load_the_app_content_through_the_one_loader(builtin, tmp_path, monkeypatch):
    """Both front ends read the same cache, in locations.cache_dir(): what one wrote, the other reads."""
    from aims_tui import cli, locations
    from aims_tui.tui.app import make_app

    monkeypatch.setattr(locations, "builtin_questionnaires_dir", lambda: builtin)
    monkeypatch.setenv("AIMS_QUESTIONNAIRES", str(tmp_path / "mine"))
    assert content_cache.probe_app_content() is None
    n = len(cli.load_app_content().questions)  # cold: validates and writes the cache
    cached = content_cache.probe_app_content()
    assert cached is not None and cached.question_count == n
    assert cached.path.parent == locations.cache_dir()
    assert cli._question_count() == n

    import aims_tui.domain.content_files as content_module

    def no_yaml(path):
        raise AssertionError(f"parsed {path} on a warm start")

    monkeypatch.setattr(content_module, "_parse", no_yaml)
    app = make_app(tmp_path / "a.db")
    try:
        assert app.question_count == n and len(app.content.questions) == n
    finally:
        app.store.close()


def test_the_domain_holds_no_cache():
    """The pure domain loads and validates; caching on disk is the loader's business."""
    import aims_tui.domain.content as content_module
    import aims_tui.domain.content_files as files_module

    for module in (content_module, files_module):
        assert not hasattr(module, "load_content_cached")
        assert "content_loader" not in module.__dict__ and "content_cache" not in module.__dict__


def test_a_warm_aims_list_reads_the_count_from_the_cache_header_without_pydantic_or_yaml(tmp_path):
    """docs/PERFORMANCE.md (P5): `aims list` stays fast because, with a current cache, it imports
    neither pydantic nor PyYAML."""
    import subprocess
    import sys

    code = ("import sys; from aims_tui import cli; rc = cli.main(['list', '--json']); "
            "print(rc, any(m.split('.')[0] in ('pydantic', 'yaml') for m in sys.modules))")
    env = {**os.environ, "AIMS_DATA_DIR": str(tmp_path / "data")}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
            for _ in range(2)]
    assert runs[0].stdout.split()[-2:] == ["0", "True"]  # cold: loads and validates, then writes the cache
    assert runs[1].stdout.split()[-2:] == ["0", "False"]  # warm: the header alone


def test_the_key_covers_every_module_that_defines_or_validates_the_content():
    from aims_tui.domain import content, content_files, content_schema, models, vocabulary

    code = set(content_cache._code_files())
    modules = (content, content_files, content_schema, models, vocabulary)
    assert {Path(m.__file__).resolve() for m in modules} <= code


def test_a_warm_load_of_the_app_content_imports_neither_pydantic_nor_the_models(tmp_path):
    """docs/PERFORMANCE.md (P2): opening straight into an assessment reads the content from the cache
    before anything needs pydantic; the cached content is plain dataclasses."""
    import json
    import subprocess
    import sys

    code = ("import json, sys; from aims_tui import content_loader as c; "
            "content = c.app_content(c.probe_app_content()); "
            "print(json.dumps([len(content.questions), content.scales.status_label('met'), "
            "[m for m in ('pydantic', 'yaml', 'aims_tui.domain.models') if m in sys.modules]]))")
    env = {**os.environ, "AIMS_DATA_DIR": str(tmp_path / "data"), "AIMS_CACHE_DIR": str(tmp_path / "cache")}
    cold, warm = (json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                                            check=True).stdout) for _ in range(2))
    assert "pydantic" in cold[2]  # cold: validates the files, then writes the cache
    assert warm[:2] == cold[:2] and warm[0] > 0
    assert warm[2] == []  # warm: none of them
