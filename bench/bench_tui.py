"""Benchmarks for SPEC P1 (start to first interactive frame, against a bare Textual hello-world app)
and P2 (open a fully answered assessment to interactive, beyond P1), plus the home list with 500
assessments (the TUI half of P5) and peak memory (P6).

Each measurement is a fresh process, run headless; the child prints the wall-clock time at which
Textual reports the first frame (``auto_pilot`` runs on ``Ready``), and the parent subtracts the
time it spawned the process. Programs are interleaved run by run so machine noise hits all alike.

Run by hand:  python bench/bench_tui.py [--runs 15]   (results go into docs/PERFORMANCE.md by hand)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HELLO = """
import time, resource
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")

async def ready(pilot):
    print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    pilot.app.exit()

Hello().run(headless=True, size=(120, 40), auto_pilot=ready)
"""

AIMS = """
import asyncio, sys, time, resource
from aims_tui.tui.app import make_app

want = sys.argv[2]

async def ready(pilot):
    while type(pilot.app.screen).__name__ != want:  # the screen asked for is up and drawn
        await asyncio.sleep(0)
    print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    pilot.app.exit()

aid = sys.argv[3] if len(sys.argv) > 3 else None
make_app(sys.argv[1], assessment_id=aid).run(headless=True, size=(120, 40), auto_pilot=ready)
"""


def build(folder: Path) -> dict[str, object]:
    from aims_tui.domain.content import load_content
    from aims_tui.locations import builtin_questionnaires_dir
    from aims_tui.store import Store

    content = load_content(builtin_questionnaires_dir())
    matrix = content.scales.default_matrix()
    default = folder / "default.db"
    with Store.open(default, actor="bench") as store:
        for n in range(3):
            store.create_assessment(f"Client {n}", "scope", matrix=matrix, date_=date(2026, 1, n + 1))
        full = store.create_assessment("Fully answered", "scope", matrix=matrix).id
        statuses = ("met", "partial", "not-met", "not-applicable")
        with store.transaction():
            for i, q in enumerate(content.questions):
                store.set_answer(full, q.id, status=statuses[i % 4], maturity=i % 6, notes=f"note {i} " * 20,
                                 interviewees=["Jane Doe"])
            for i in range(50):
                store.add_system(full, name=f"System {i}", tier="high")
                store.add_evidence(full, title=f"Evidence {i}", question_id=content.questions[i].id)
    many = folder / "many.db"
    with Store.open(many, actor="bench") as store, store.transaction():
        for n in range(500):
            store.create_assessment(f"Client {n}", "scope", matrix=matrix)
    return {"default": default, "many": many, "full": full}


def run(code: str, *args: str) -> tuple[float, float]:
    """(ms from spawn to first frame, peak RSS MiB)."""
    env = {**os.environ, "AIMS_DATA_DIR": tempfile.mkdtemp(prefix="aims-bench-")}
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    ready, rss_kib = out.stdout.split()
    return (float(ready) - start) * 1000, int(rss_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dbs = build(Path(tmp))
        programs = {
            "hello": (HELLO,),
            "home": (AIMS, str(dbs["default"]), "HomeScreen"),
            "open": (AIMS, str(dbs["default"]), "WalkerScreen", str(dbs["full"])),
            "home500": (AIMS, str(dbs["many"]), "HomeScreen"),
        }
        for program in programs.values():  # warm the file cache and .pyc files
            run(*program)
        times: dict[str, list[float]] = {k: [] for k in programs}
        rss: dict[str, float] = {k: 0.0 for k in programs}
        for _ in range(args.runs):
            for name, program in programs.items():
                ms, mib = run(*program)
                times[name].append(ms)
                rss[name] = max(rss[name], mib)
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "runs": args.runs,
        "median_ms": {k: round(v, 1) for k, v in med.items()},
        "min_ms": {k: round(min(v), 1) for k, v in times.items()},
        "P1_ratio_home_vs_hello": round(med["home"] / med["hello"], 3),
        "P2_open_beyond_P1_ms": round(med["open"] - med["home"], 1),
        "P5_home500_beyond_P1_ms": round(med["home500"] - med["home"], 1),
        "peak_rss_mib": {k: round(v, 1) for k, v in rss.items()},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
