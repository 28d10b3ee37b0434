#!/usr/bin/env python3
"""Build offline install kits for aims-tui: one archive per target platform.

Run on a machine that can reach a package index; carry the archive to the air-gapped machine,
check it, and install with ``install.sh`` (Linux, macOS) or ``install.ps1`` (Windows). The install
scripts never contact an index: they create a virtual environment and run
``pip install --no-index --find-links wheels 'aims-tui[encrypt]'`` against the kit's own wheels, after
checking every file against ``SHA256SUMS``.

    python scripts/offline_kit.py                      # every target, Python 3.11-3.13
    python scripts/offline_kit.py --target current     # only this machine's platform and Python
    python scripts/offline_kit.py --target windows-x86_64 --python 3.12

Standard library only, so it runs with any Python >= 3.11 that has pip.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT_FILES = Path(__file__).resolve().parent / "offline_kit_files"

# pip --platform tags per target; pip also accepts older manylinux/macOS tags listed here.
TARGETS: dict[str, list[str]] = {
    "linux-x86_64": ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"],
    "linux-aarch64": ["manylinux_2_28_aarch64", "manylinux_2_17_aarch64", "manylinux2014_aarch64"],
    "windows-x86_64": ["win_amd64"],
    "macos-arm64": ["macosx_11_0_arm64", "macosx_10_9_universal2"],
    "macos-x86_64": ["macosx_10_12_x86_64", "macosx_10_9_x86_64", "macosx_10_9_universal2"],
}
DEFAULT_TARGETS = ("linux-x86_64", "windows-x86_64", "macos-arm64", "macos-x86_64")
PYTHONS = ("3.11", "3.12", "3.13")


class KitError(Exception):
    """A step of the build failed; the message is one line for the user."""


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or proc.stdout.strip().splitlines() or ["no output"])[-1]
        raise KitError(f"{what} failed: {last}")


def build_app_wheel(dest: Path) -> Path:
    """The aims-tui wheel from this checkout (questionnaires included by the build backend)."""
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dest), str(ROOT)],
         "building the aims-tui wheel")
    wheels = sorted(dest.glob("aims_tui-*.whl"))
    if not wheels:
        raise KitError(f"building the aims-tui wheel wrote no wheel into {dest}")
    return wheels[-1]


def download_dependencies(app_wheel: Path, wheels: Path, platforms: list[str] | None, python: str) -> None:
    """Every dependency of the app wheel as binary wheels for one platform and Python version."""
    cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "-d", str(wheels)]
    if platforms is not None:
        nodot = python.replace(".", "")
        for tag in platforms:
            cmd += ["--platform", tag]
        cmd += ["--python-version", python, "--implementation", "cp",
                "--abi", f"cp{nodot}", "--abi", "abi3", "--abi", "none"]
    cmd.append(f"aims-tui[encrypt] @ {app_wheel.resolve().as_uri()}")  # the kit can encrypt files too
    _run(cmd, f"downloading wheels for Python {python}")


def write_checksums(kit: Path) -> None:
    lines = []
    for path in sorted(p for p in kit.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(kit).as_posix()}\n")
    (kit / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def archive(kit: Path, out_dir: Path, windows: bool) -> Path:
    """A .zip for Windows, a .tar.gz elsewhere; written beside, then renamed into place."""
    name = kit.name + (".zip" if windows else ".tar.gz")
    final = out_dir / name
    partial = out_dir / (name + ".partial")
    if windows:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(kit.rglob("*")):
                zf.write(path, Path(kit.name) / path.relative_to(kit))
    else:
        with tarfile.open(partial, "w:gz") as tf:
            tf.add(kit, arcname=kit.name)
    os.replace(partial, final)
    return final


def current_target() -> str:
    plat = sysconfig.get_platform()  # e.g. linux-x86_64, win-amd64, macosx-11.0-arm64
    if plat.startswith("win"):
        return "windows-x86_64"
    if plat.startswith("macosx"):
        return "macos-" + plat.rsplit("-", 1)[-1]
    return plat


def build_kit(target: str, pythons: list[str], out_dir: Path, app_wheel: Path, version: str) -> Path:
    here_only = target == "current"
    name = current_target() if here_only else target
    kit = out_dir / f"aims-tui-{version}-offline-{name}"
    if kit.exists():
        shutil.rmtree(kit)
    wheels = kit / "wheels"
    wheels.mkdir(parents=True)
    shutil.copy2(app_wheel, wheels / app_wheel.name)
    platforms = None if here_only else TARGETS[target]
    for python in ([f"{sys.version_info.major}.{sys.version_info.minor}"] if here_only else pythons):
        download_dependencies(app_wheel, wheels, platforms, python)
    for script in ("install.sh", "install.ps1", "verify_kit.py", "README.txt"):
        shutil.copy2(KIT_FILES / script, kit / script)
    (kit / "install.sh").chmod(0o755)
    write_checksums(kit)
    return archive(kit, out_dir, windows=name.startswith("windows"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="offline-kit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", action="append", choices=[*TARGETS, "current"],
                        help="a target platform (repeatable); default: " + ", ".join(DEFAULT_TARGETS))
    parser.add_argument("--python", action="append", choices=PYTHONS,
                        help="a target Python version (repeatable); default: all of " + ", ".join(PYTHONS))
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "offline-kit",
                        help="folder for the archives (default: build/offline-kit)")
    args = parser.parse_args(argv)
    out_dir = args.out.resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            app_wheel = build_app_wheel(Path(tmp))
            version = app_wheel.name.split("-")[1]
            for target in args.target or DEFAULT_TARGETS:
                path = build_kit(target, args.python or list(PYTHONS), out_dir, app_wheel, version)
                print(path)
    except (KitError, OSError) as exc:
        print(f"offline-kit: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
