"""Benchmarks for docs/CONTRACT.md P1 (start to first interactive frame, against a bare Textual hello-world app)
and P2 (open a fully answered assessment to interactive, beyond P1), plus the home list with 500
assessments (the TUI half of P5) and peak memory (P6).

Each measurement is a fresh process, run headless; the child prints the wall-clock time at which
Textual rendered the first frame in which the wanted screen shows its content (the home list with
its rows, the walker with its question: see PROBE), and the parent subtracts the time it spawned
the process. The first frame of any kind is recorded too, separately. Programs are interleaved
run by run so machine noise hits all alike; medians and minima are reported.

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

# Every child program installs this probe: it wraps Screen._compositor_refresh (where Textual renders a
# frame; headless runs render it too, they only skip writing it to the terminal) and records
#   frame: the first frame of any screen;
#   drawn: the first frame of the wanted screen whose rendered text contains every needle (e.g. the
#          first assessment's name and "/160" for the home list, "Question …/160 · " for the walker,
#          which reopens at the question changed last),
#          so a placeholder or an empty list does not count.
# The probe's own check runs after the time is taken and only once the cheap conditions hold.
PROBE = """
import asyncio, sys, time, resource
from textual.screen import Screen

_want, _needles = sys.argv[1], [n for n in sys.argv[2].split("|") if n]
_marks = {}
_drawn = asyncio.Event()
_orig = Screen._compositor_refresh

def _refresh(self):
    _orig(self)
    now = time.time()
    _marks.setdefault("frame", now)
    if "drawn" in _marks or type(self).__name__ != _want or self is not self.app.screen:
        return
    text = "\\n".join(strip.text for strip in self._compositor.render_strips())
    if all(n in text for n in _needles):
        _marks["drawn"] = now
        _marks["cpu"] = time.process_time()
        _drawn.set()

Screen._compositor_refresh = _refresh

async def ready(pilot):
    await _drawn.wait()
    after = None
    if sys.argv[3].startswith("open-from-home"):
        # Press enter on the top row (at once, or once the app's background work is done, as when
        # a person reads the list first); wait for the walker to be drawn with its question.
        if sys.argv[3] == "open-from-home-later":
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        global _want, _needles
        _want, _needles = "WalkerScreen", ["Question ", " answered"]
        _marks.pop("drawn"); _drawn.clear()
        t0 = time.time()
        await pilot.press("enter")
        await _drawn.wait()
        after = (_marks["drawn"] - t0) * 1000
    print(_marks["frame"], _marks["drawn"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, after, _marks["cpu"],
          flush=True)
    pilot.app.exit()
"""

HELLO = PROBE + """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, world")

Hello().run(headless=True, size=(120, 40), auto_pilot=ready)
"""

AIMS = PROBE + """
from aims_tui.tui.app import make_app

aid = sys.argv[5] if len(sys.argv) > 5 else None
make_app(sys.argv[4], assessment_id=aid).run(headless=True, size=(120, 40), auto_pilot=ready)
"""

# The real command: ``aims --db FILE`` through the CLI (its imports and content loading included).
AIMS_CLI = PROBE + """
import functools
from textual.app import App
App.run = functools.partialmethod(App.run, headless=True, size=(120, 40), auto_pilot=ready)
from aims_tui.cli import main
main(["--db", sys.argv[4]])
"""


def add_fully_answered(store, content) -> str:
    """A fully answered assessment, as late in a workshop: every question with notes and an
    interviewee, 50 AI systems, 50 evidence references. Returns its id."""
    full = store.create_assessment("Fully answered", "scope", matrix=content.scales.default_matrix()).id
    statuses = ("met", "partial", "not-met", "not-applicable")
    with store.transaction():
        for i, q in enumerate(content.questions):
            store.set_answer(full, q.id, status=statuses[i % 4], maturity=i % 6, notes=f"note {i} " * 20,
                             interviewees=["Jane Doe"])
        for i in range(50):
            store.add_system(full, name=f"System {i}", tier="high")
            store.add_evidence(full, title=f"Evidence {i}", question_id=content.questions[i].id)
    return full


def build(folder: Path) -> dict[str, object]:
    from aims_tui.domain.content_files import load_content
    from aims_tui.locations import builtin_questionnaires_dir
    from aims_tui.store import Store

    content = load_content(builtin_questionnaires_dir())
    matrix = content.scales.default_matrix()
    default = folder / "default.db"
    with Store.open(default, actor="bench") as store:
        for n in range(3):
            store.create_assessment(f"Client {n}", "scope", matrix=matrix, date_=date(2026, 1, n + 1))
        full = add_fully_answered(store, content)
    many = folder / "many.db"
    with Store.open(many, actor="bench") as store, store.transaction():
        for n in range(500):
            store.create_assessment(f"Client {n}", "scope", matrix=matrix)
    return {"default": default, "many": many, "full": full, "questions": len(content.questions)}


def run(code: str, *args: str, cache: str | None = None, cwd: str | None = None) -> dict[str, float]:
    """One fresh process: ms from spawn to its first frame and to the wanted screen drawn, peak RSS.
    ``cwd``: the folder it runs in (``python -c`` imports from there first, before PYTHONPATH)."""
    env = {**os.environ, "AIMS_DATA_DIR": tempfile.mkdtemp(prefix="aims-bench-")}
    # As installed: modules run from their .pyc files (written by the warm-up runs), not compiled
    # from source on every start as they would be with PYTHONDONTWRITEBYTECODE set.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # A shared cache folder is the normal case (warm: filled by an earlier start); None = a fresh,
    # empty one, as on the first start after installing or upgrading.
    env["AIMS_CACHE_DIR"] = cache or tempfile.mkdtemp(prefix="aims-bench-cache-")
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=True,
                         cwd=cwd)
    frame, drawn, rss_kib, after, cpu = out.stdout.split()
    result = {"frame": (float(frame) - start) * 1000, "drawn": (float(drawn) - start) * 1000,
              "rss": int(rss_kib) / 1024, "cpu": float(cpu) * 1000}
    if after != "None":
        result["after"] = float(after)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dbs = build(Path(tmp))
        cache = str(Path(tmp) / "cache")
        n = dbs["questions"]  # the count drawn on the home list and the walker
        home = ("HomeScreen", f"Fully answered|/{n}", "-")
        programs = {
            "hello": ((HELLO, "Screen", "Hello, world", "-"), cache),
            "home": ((AIMS, *home, str(dbs["default"])), cache),
            "home_cli": ((AIMS_CLI, *home, str(dbs["default"])), cache),
            "home_cold_cache": ((AIMS, *home, str(dbs["default"])), None),
            "open": ((AIMS, "WalkerScreen", f"Question |/{n} · ", "-", str(dbs["default"]), str(dbs["full"])), cache),
            "open_from_home": ((AIMS, *home[:2], "open-from-home", str(dbs["default"])), cache),
            "open_from_home_later": ((AIMS, *home[:2], "open-from-home-later", str(dbs["default"])), cache),
            "home500": ((AIMS, "HomeScreen", f"Client |/{n}", "-", str(dbs["many"])), cache),
        }
        for program, cache_dir in programs.values():  # warm the file cache, .pyc files and the content cache
            run(*program, cache=cache_dir)
        samples: dict[str, list[dict[str, float]]] = {k: [] for k in programs}
        for _ in range(args.runs):
            for name, (program, cache_dir) in programs.items():
                samples[name].append(run(*program, cache=cache_dir))

    def stat(name: str, key: str, f) -> float:
        return round(f([s[key] for s in samples[name]]), 1)

    med = {k: stat(k, "drawn", statistics.median) for k in programs}
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "runs": args.runs,
        "drawn_median_ms": med,
        "drawn_min_ms": {k: stat(k, "drawn", min) for k in programs},
        "first_frame_median_ms": {k: stat(k, "frame", statistics.median) for k in programs},
        "P1_ratio_home_vs_hello": round(med["home"] / med["hello"], 3),
        "P1_ratio_on_minima": round(stat("home", "drawn", min) / stat("hello", "drawn", min), 3),
        "P1_ratio_aims_cli_vs_hello": round(med["home_cli"] / med["hello"], 3),
        "P2_open_beyond_P1_ms": round(med["open"] - med["home"], 1),
        "P2_enter_on_home_list_to_walker_drawn_ms": {
            "at_once_median": stat("open_from_home", "after", statistics.median),
            "at_once_max": stat("open_from_home", "after", max),
            "after_warm_up_median": stat("open_from_home_later", "after", statistics.median),
            "after_warm_up_max": stat("open_from_home_later", "after", max)},
        "P5_home500_beyond_P1_ms": round(med["home500"] - med["home"], 1),
        "peak_rss_mib": {k: stat(k, "rss", max) for k in programs},
        # The process's own CPU time up to the wanted frame: on a machine shared with other work the
        # wall clock mostly measures the others; this does not (startup of the interpreter included).
        "cpu_to_drawn_median_ms": (cpu := {k: stat(k, "cpu", statistics.median) for k in programs}),
        "cpu_P1_ratio_home_vs_hello": round(cpu["home"] / cpu["hello"], 3),
        "cpu_P2_open_beyond_P1_ms": round(cpu["open"] - cpu["home"], 1),
        "cpu_P5_home500_beyond_P1_ms": round(cpu["home500"] - cpu["home"], 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
