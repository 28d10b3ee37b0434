"""Benchmarks for docs/CONTRACT.md P3 (one answer change to committed row) and P5 (500 assessments: `aims list`
and the store query behind the home list), with peak memory (P6).

Run by hand:  python bench/bench_store.py   (results go into docs/PERFORMANCE.md by hand)
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aims_tui.domain.content_files import load_content
from aims_tui.locations import builtin_questionnaires_dir
from aims_tui.store import Store


def p3(content, folder: Path, n: int = 2000) -> dict:
    store = Store.open(folder / "p3.db", actor="bench")
    aid = store.create_assessment("Bench", matrix=content.scales.default_matrix()).id
    questions = [q.id for q in content.questions]
    for q in questions:  # a fully answered assessment, so each write is an update with history
        store.set_answer(aid, q, status="partial", maturity=2, notes="baseline")
    times = []
    for i in range(n):
        q = questions[i % len(questions)]
        t0 = time.perf_counter()
        store.set_answer(aid, q, status=("met", "partial", "not-met")[i % 3], notes=f"note {i}")
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"writes": n, "median_ms": round(statistics.median(times), 3),
            "p99_ms": round(times[int(n * 0.99) - 1], 3), "max_ms": round(times[-1], 3)}


def p5(content, folder: Path, count: int = 500) -> dict:
    path = folder / "p5.db"
    store = Store.open(path, actor="bench")
    questions = [q.id for q in content.questions]
    t0 = time.perf_counter()
    with store.transaction():
        for i in range(count):
            aid = store.create_assessment(f"Client {i:03d}", "scope", matrix=content.scales.default_matrix()).id
            for q in questions[::2]:
                store.set_answer(aid, q, status="met", maturity=3, notes="n")
    build_s = time.perf_counter() - t0
    store.close()
    size_mb = path.stat().st_size / 2**20
    # The query behind the home list, in-process.
    store = Store.open(path)
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        rows = store.list_assessments()
        runs.append((time.perf_counter() - t0) * 1000)
    assert len(rows) == count
    # `aims list` end to end, as a script would call it: compiled bytecode as an installed package
    # has it (this machine sets PYTHONDONTWRITEBYTECODE), and a first run to warm the content cache.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "aims_tui", "list", "--db", str(path)], capture_output=True, env=env)
    cli = []
    for _ in range(5):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "aims_tui", "list", "--json", "--db", str(path)],
                             capture_output=True, text=True, check=True, env=env).stdout
        cli.append(time.perf_counter() - t0)
    assert len(json.loads(out)) == count
    return {"assessments": count, "answers": count * len(questions[::2]), "file_mb": round(size_mb, 1),
            "build_s": round(build_s, 1), "list_query_ms_median": round(statistics.median(runs), 1),
            "aims_list_s_median": round(statistics.median(cli), 3)}


def main() -> None:
    content = load_content(builtin_questionnaires_dir())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result = {"p3": p3(content, folder), "p5": p5(content, folder)}
    result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
