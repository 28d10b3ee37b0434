"""Benchmarks for docs/CONTRACT.md P8 (a dialog appears within 100 ms of its key; typing keeps up).

Measured in one process, headless at 100×30, with the keys posted to the app as the terminal
driver posts them (``App.post_message``), so they pass the key gate (``tui/key_gate.py``):

* **dialog keys**: for each key that opens a dialog (walker v i t r g / f, Scope a, Risks n,
  SoA x), ms from posting the key to the first frame Textual renders with that dialog in front
  and its first field focused (a modal whose first frame is empty does not count);
* **burst into the notes**: ``e`` then 300 characters posted at once (how a terminal delivers
  fast typing), ms until all 300 are in the notes and a frame has been rendered; and the same
  300 characters into notes already focused;
* each also **without the gate** (``--no-gate`` rows: ``KeyGate.holds`` always False), for the
  cost of the gate itself.

The assessment is fully answered (every question, notes, interviewees, 50 AI systems, 50
evidence references), as late in a workshop. Run by hand:
    python bench/bench_keys.py [--runs 7]      (results go into docs/PERFORMANCE.md by hand)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from textual import events  # noqa: E402
from textual.screen import Screen  # noqa: E402

_frames: list[tuple[float, Screen]] = []
CPU = "--cpu" in sys.argv
"""Measure the process's CPU time instead of the wall clock: on a machine shared with other work,
the wall clock mostly measures the others."""
clock = time.process_time if CPU else time.perf_counter
_orig_refresh = Screen._compositor_refresh


def _probe(self: Screen) -> None:
    _orig_refresh(self)
    _frames.append((clock(), self))


Screen._compositor_refresh = _probe  # type: ignore[method-assign]  # records each rendered frame

DIALOG_KEYS: list[tuple[str, str, str]] = [
    # (name, section key pressed first or "", dialog key)
    ("walker v evidence", "", "v"),
    ("walker i interviewee", "", "i"),
    ("walker t finding", "", "t"),
    ("walker r action", "", "r"),
    ("walker g go to", "", "g"),
    ("walker / search", "", "slash"),
    ("walker f filter", "", "f"),
    ("scope a system", "f2", "a"),
    ("risks n risk", "f4", "n"),
    ("soa x exclude", "f5", "x"),
]


def key_event(key: str) -> events.Key:
    character = {"slash": "/", "escape": "\x1b", "enter": "\r"}.get(key, key if len(key) == 1 else None)
    return events.Key(key, character)


def build(folder: Path) -> tuple[Path, str]:
    from aims_tui.domain.content_files import load_content
    from aims_tui.locations import builtin_questionnaires_dir
    from aims_tui.store import Store
    from bench_tui import add_fully_answered

    path = folder / "bench.db"
    with Store.open(path, actor="bench") as store:
        return path, add_fully_answered(store, load_content(builtin_questionnaires_dir()))


async def _quiet(app, pilot) -> None:
    """Wait until the app has done everything the keys before caused."""
    for _ in range(400):
        await pilot.pause(0.01)
        if not app.key_gate.busy:
            break
    await app.workers.wait_for_complete()
    await pilot.pause(0.05)


async def _wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the bench waited 10 s for the app")
        await asyncio.sleep(0.0005)


LOOK = 0.0
"""--look: seconds between the section appearing and the dialog key (a person reading the screen
first; the app prepares its dialogs once it has been idle for half a second)."""


async def measure_dialog(path: Path, aid: str, section: str, key: str, gate: bool) -> float:
    from aims_tui.tui.app import make_app

    app = make_app(path, assessment_id=aid)
    if not gate:
        app.key_gate.holds = lambda event: False  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await _quiet(app, pilot)
        if section:
            await pilot.press(section)
            await _quiet(app, pilot)
        if LOOK:
            await asyncio.sleep(LOOK)
            await _quiet(app, pilot)
        before = app.screen
        _frames.clear()
        start = clock()
        app.post_message(key_event(key))

        def shown() -> bool:
            return any(s is not before and s.is_modal and s is app.screen and s.focused is not None
                       for _, s in _frames)

        await _wait_for(shown)
        drawn = next(t for t, s in _frames if s is not before and s.is_modal and s.focused is not None)
        elapsed = (drawn - start) * 1000
        await _quiet(app, pilot)
    return elapsed


async def measure_burst(path: Path, aid: str, focused_first: bool, gate: bool, n: int = 300) -> float:
    from aims_tui.tui.app import make_app

    app = make_app(path, assessment_id=aid)
    if not gate:
        app.key_gate.holds = lambda event: False  # type: ignore[method-assign]
    text = ("the quick brown fox jumps over the lazy dog " * 10)[:n]
    async with app.run_test(size=(100, 30)) as pilot:
        await _quiet(app, pilot)
        walker = app.screen
        walker.notes.load("")
        keys = [] if focused_first else ["e"]
        if focused_first:
            app.post_message(key_event("e"))
            await _quiet(app, pilot)
        keys += [" " if c == " " else c for c in text]
        _frames.clear()
        start = clock()
        for k in keys:
            app.post_message(events.Key("space", " ") if k == " " else key_event(k))
        await _wait_for(lambda: walker.notes.text == text)
        typed = clock()
        await _wait_for(lambda: any(t > typed for t, _ in _frames))
        elapsed = (clock() - start) * 1000
        await _quiet(app, pilot)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="CPU time of the process, not wall-clock time")
    parser.add_argument("--only", default="", help="measure only the cases whose name contains one of these (comma-separated)")
    parser.add_argument("--look", type=float, default=0.0,
                        help="seconds to wait after the section appears before the dialog key")
    args = parser.parse_args()
    global LOOK
    LOOK = args.look
    os.environ["AIMS_DATA_DIR"] = tempfile.mkdtemp(prefix="aims-bench-")
    os.environ["AIMS_CACHE_DIR"] = tempfile.mkdtemp(prefix="aims-bench-cache-")
    with tempfile.TemporaryDirectory() as tmp:
        path, aid = build(Path(tmp))
        cases = {f"{name}{'' if gate else ' --no-gate'}": (measure_dialog, (section, key, gate))
                 for name, section, key in DIALOG_KEYS for gate in (True, False)}
        for gate in (True, False):
            suffix = "" if gate else " --no-gate"
            if gate:  # without the gate the characters after e do not reach the notes (issue 16)
                cases["burst e+300 chars into the notes"] = (measure_burst, (False, gate))
            cases[f"burst 300 chars into focused notes{suffix}"] = (measure_burst, (True, gate))
        wanted = [w for w in args.only.split(",") if w] or [""]
        cases = {k: v for k, v in cases.items() if any(w in k for w in wanted)}
        samples: dict[str, list[float]] = {k: [] for k in cases}
        for run in range(args.runs + 1):  # the first round warms caches and is not counted
            for name, (function, extra) in cases.items():
                value = asyncio.run(function(path, aid, *extra))
                if run:
                    samples[name].append(value)
                    print(f"{name}: {value:.1f} ms", file=sys.stderr, flush=True)
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "runs": args.runs,
        "clock": "process CPU time" if CPU else "wall clock",
        "look_s": args.look,
        "median_ms (max)": {k: f"{statistics.median(v):.1f} ({max(v):.1f})" for k, v in samples.items()},
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
