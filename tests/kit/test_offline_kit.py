"""The offline install kit (scripts/offline_kit.py): built for this platform, carried, checked and
installed into a fresh virtual environment with the package index unreachable.

Building the kit needs the package index (it runs where the kit is made); installing it must not:
the install runs with --no-index, no pip configuration and a proxy that refuses every connection.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="install.sh is the POSIX script")]

_OFFLINE_ENV = {
    "PIP_NO_INDEX": "1",
    # Anything that still tried the network would meet a closed port.
    "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
    "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
}


@pytest.fixture(scope="module")
def kit_archive(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kits")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "offline_kit.py"), "--target", "current",
                           "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    archive = Path(proc.stdout.strip().splitlines()[-1])
    assert archive.is_file() and archive.parent == out
    return archive


def _unpack(archive: Path, dest: Path) -> Path:
    with tarfile.open(archive) as tf:
        tf.extractall(dest, filter="data")
    (kit,) = [p for p in dest.iterdir() if p.is_dir()]
    return kit


def _install(kit: Path, venv: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **_OFFLINE_ENV, "PYTHON": sys.executable}
    return subprocess.run(["sh", str(kit / "install.sh"), str(venv)], capture_output=True, text=True,
                          env=env, timeout=600)


def test_kit_holds_the_app_every_dependency_and_checksums(kit_archive, tmp_path):
    kit = _unpack(kit_archive, tmp_path)
    wheels = {p.name.split("-")[0].lower() for p in (kit / "wheels").glob("*.whl")}
    assert {"aims_tui", "textual", "sqlite_utils", "pydantic", "pydantic_core", "python_docx", "lxml",
            "pyyaml", "platformdirs", "rich", "sqlcipher3_wheels"} <= wheels
    listed = (kit / "SHA256SUMS").read_text().splitlines()
    assert len(listed) == len([p for p in kit.rglob("*") if p.is_file() and p.name != "SHA256SUMS"])
    assert {"install.sh", "install.ps1", "verify_kit.py"} <= {p.name for p in kit.iterdir()}


def test_kit_installs_with_no_index_and_the_app_runs(kit_archive, tmp_path):
    kit = _unpack(kit_archive, tmp_path / "carried")
    venv = tmp_path / "venv"
    proc = _install(kit, venv)
    assert proc.returncode == 0, proc.stderr
    assert "kit check ok" in proc.stdout
    aims = venv / "bin" / "aims"
    version = subprocess.run([str(aims), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("aims-tui ")
    db = tmp_path / "demo.db"
    env = {**os.environ, **_OFFLINE_ENV, "AIMS_DATA_DIR": str(tmp_path / "data")}
    demo = subprocess.run([str(aims), "demo", "--no-open", "--db", str(db)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert db.is_file() and db.stat().st_size > 0
    listing = subprocess.run([str(aims), "list", "--json", "--db", str(db)], capture_output=True, text=True,
                             env=env, timeout=60)
    assert listing.returncode == 0 and "Fenwick" in listing.stdout
    secret = tmp_path / "secret.db"  # the kit carries the encryption extra
    made = subprocess.run([str(aims), "new", "--org", "Kit Org", "--scope", "s", "--encrypt", "--db", str(secret)],
                          capture_output=True, text=True, env={**env, "AIMS_PASSPHRASE": "kit"}, timeout=60)
    assert made.returncode == 0, made.stderr
    assert not secret.read_bytes().startswith(b"SQLite format 3")


def test_a_changed_wheel_stops_the_install_before_anything_is_created(kit_archive, tmp_path):
    kit = _unpack(kit_archive, tmp_path / "carried")
    wheel = next((kit / "wheels").glob("textual-*.whl"))
    wheel.write_bytes(wheel.read_bytes() + b"tampered")
    venv = tmp_path / "venv"
    proc = _install(kit, venv)
    assert proc.returncode != 0
    assert f"wheels/{wheel.name} does not match its checksum" in proc.stderr
    assert not venv.exists()
