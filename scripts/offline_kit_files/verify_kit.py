"""Check every file of this kit against SHA256SUMS before anything is installed.

Exit 0 when all match; exit 1 naming the first file that is missing or changed.
Standard library only: it runs with the Python that will host aims-tui.
"""

import hashlib
import sys
from pathlib import Path

kit = Path(__file__).resolve().parent
sums = kit / "SHA256SUMS"
if not sums.is_file():
    sys.exit(f"kit check failed: {sums} is missing; copy the whole kit again")
count = 0
for line in sums.read_text(encoding="utf-8").splitlines():
    if not line.strip():
        continue
    expected, _, name = line.partition("  ")
    path = kit / name
    if not path.is_file():
        sys.exit(f"kit check failed: {name} is missing; copy the whole kit again")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        sys.exit(f"kit check failed: {name} does not match its checksum; copy the kit again")
    count += 1
listed = {line.partition("  ")[2] for line in sums.read_text(encoding="utf-8").splitlines() if line.strip()}
extra = sorted(p.relative_to(kit).as_posix() for p in (kit / "wheels").glob("*") if p.is_file()
               and p.relative_to(kit).as_posix() not in listed)
if extra:
    sys.exit(f"kit check failed: {extra[0]} is not listed in SHA256SUMS; remove it or rebuild the kit")
print(f"kit check ok: {count} files match SHA256SUMS")
