"""docs/CONTRACT.md P4 (and P6 for it): gap report export of a fully answered assessment with 200 risks and
50 AI systems.

    python bench/bench_export.py [--runs 5]

Measures, side by side in one run:
  * our export: ``write_gap_report`` end to end (domain scoring, risk assessment, SoA blockers,
    document build, save, atomic write), from an Engagement already read from the store;
  * raw python-docx writing the same tables: every table of the report we produced (same rows,
    same columns, same cell text) and its headings, through python-docx's plain API
    (``add_table``, ``cell.text``), saved to memory: no styles, no colours, no domain work;
  * peak memory of a fresh process that opens the database, reads the engagement and exports
    (ru_maxrss), and the Python-heap peak of the export alone (tracemalloc).

Targets: export ≤ 2 s; export ≤ 2 × raw; peak memory ≤ 100 MiB.

docs/CONTRACT.md P7, with ``--long-text``: export time (gap report and SoA .docx, written to disk) against the
length of one note and one SoA justification, 1 k, 10 k, 100 k and 1 M characters, in several
shapes (words, one word without spaces, hyphenated, references, lines, tabs). Target: doubling
the text never more than triples the time; 1 M characters ≤ 5 s.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit" / "exports"))


def _content():
    from aims_tui.domain.content_files import load_content
    from aims_tui.locations import builtin_questionnaires_dir

    return load_content(builtin_questionnaires_dir())


def build_db(path: Path) -> str:
    from export_builders import build

    from aims_tui.store import Store

    store = Store.open(path, actor="Bench")
    try:
        return build(store, _content(), systems=50, risks=200, answer=1.0)
    finally:
        store.close()


def peak_rss_kib() -> int:
    """Peak resident set of this process. On Linux ru_maxrss survives exec (a child started from a
    big parent inherits its figure), so read the high-water mark of this image instead."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(db: Path, aid: str, out: Path) -> None:
    """Run in a fresh process: open, read, export once; print memory figures as JSON."""
    import tracemalloc

    from aims_tui.exports import write_gap_report
    from aims_tui.store import Store

    content = _content()
    store = Store.open(db, actor="Bench")
    engagement = store.engagement(aid)
    before = peak_rss_kib()
    tracemalloc.start()
    write_gap_report(engagement, content, out)
    _, heap_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Exports repeated, as from the TUI during a session: the peak must not creep up.
    peaks = []
    for _ in range(5):
        write_gap_report(engagement, content, out)
        peaks.append(peak_rss_kib())
    peak = peak_rss_kib()
    print(json.dumps({"rss_before_kib": before, "rss_peak_kib": peak, "heap_peak_bytes": heap_peak,
                      "peaks_kib": peaks}))


def extract(path: Path) -> tuple[list[tuple[int, str]], list[list[list[str]]]]:
    """Headings and every table's cell texts from the report we wrote."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    heads = [(int(p.style.name[-1]), p.text) for p in document.paragraphs if p.style.name.startswith("Heading ")]
    grids = []
    for table in document.tables:
        grid = []
        for tr in table._tbl.tr_lst:
            row = []
            for tc in tr.tc_lst:
                span = tc.tcPr.find(qn("w:gridSpan")) if tc.tcPr is not None else None
                text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
                row.append(text)
                row.extend([""] * (int(span.get(qn("w:val"))) - 1 if span is not None else 0))
            grid.append(row)
        grids.append(grid)
    return heads, grids


def raw_python_docx(heads, grids) -> bytes:
    import docx

    document = docx.Document()
    for level, text in heads:
        document.add_heading(text, level)
    for grid in grids:
        table = document.add_table(rows=len(grid), cols=max(len(r) for r in grid))
        for row, values in zip(table.rows, grid):
            for cell, value in zip(row.cells, values):
                cell.text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


LONG_TEXT_SIZES = (1_000, 10_000, 100_000, 1_000_000)


def long_text(runs: int) -> None:
    """P7: export time against the size of one note (and of one SoA justification)."""
    from export_builders import LONG_TEXT_SHAPES

    from aims_tui.exports import write_gap_report, write_soa_docx
    from aims_tui.store import Store

    content = _content()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = Store.open(tmp / "bench.db", actor="Bench")
        aid = store.create_assessment("Long Text Ltd", "One long note", matrix=content.scales.default_matrix()).id
        question = content.questions[0]
        write_gap_report(store.engagement(aid), content, tmp / "warm.docx")  # imports, caches
        for shape, make in LONG_TEXT_SHAPES.items():
            results[shape] = {}
            for n in LONG_TEXT_SIZES:
                text = make(n)
                store.set_answer(aid, question.id, status="partial", notes=text)
                store.set_soa_override(aid, "A.2.2", justification=text)
                engagement = store.engagement(aid)
                best = min(timed(lambda: (write_gap_report(engagement, content, tmp / "r.docx"),
                                          write_soa_docx(engagement, content, tmp / "s.docx")), 1)[0]
                           for _ in range(runs))
                results[shape][f"{n:,}"] = round(best, 2)
                print(f"{shape:<11} {n:>9,} chars  {best:6.2f} s", file=sys.stderr)
        store.close()
    # time(b) / time(a) over a step of b / a, as the factor per doubling of the text
    worst_ratio = max((by[f"{b:,}"] / by[f"{a:,}"]) ** (math.log(2) / math.log(b / a))
                      for by in results.values() for a, b in zip(LONG_TEXT_SIZES, LONG_TEXT_SIZES[1:]))
    print(json.dumps({"date": time.strftime("%Y-%m-%d"),
                      "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
                      "seconds_report_plus_soa": results,
                      "worst_time_ratio_per_doubling": round(worst_ratio, 2)}, indent=2))
    ok = all(by[f"{LONG_TEXT_SIZES[-1]:,}"] <= 5 for by in results.values())
    print("P7 (1 M characters ≤ 5 s) " + ("met" if ok else "NOT met"), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long-text", action="store_true", help="P7: export time against the size of one note")
    parser.add_argument("--child", nargs=3, metavar=("DB", "ID", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), args.child[1], Path(args.child[2]))
        return
    if args.long_text:
        long_text(min(args.runs, 3))
        return

    from aims_tui.exports import write_gap_report
    from aims_tui.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = tmp / "bench.db"
        t = time.perf_counter()
        aid = build_db(db)
        print(f"built the assessment in {time.perf_counter() - t:.1f} s", file=sys.stderr)
        content = _content()
        store = Store.open(db, actor="Bench")
        engagement = store.engagement(aid)
        store.close()
        out = tmp / "report.docx"
        print(f"{len(engagement.answers)} answers, {len(engagement.risks)} risks, {len(engagement.systems)} AI "
              f"systems", file=sys.stderr)

        write_gap_report(engagement, content, out)  # warm-up: imports, caches
        heads, grids = extract(out)
        raw_python_docx(heads, grids)
        ours, raw = [], []
        for _ in range(args.runs):  # interleaved, so machine load hits both alike
            ours += timed(lambda: write_gap_report(engagement, content, out), 1)
            raw += timed(lambda: raw_python_docx(heads, grids), 1)
        size = out.stat().st_size
        cells = sum(len(r) for g in grids for r in g)

        mem = json.loads(subprocess.run([sys.executable, __file__, "--child", str(db), aid, str(tmp / "c.docx")],
                                        capture_output=True, text=True, check=True).stdout)

    med_ours, med_raw = statistics.median(ours), statistics.median(raw)
    results = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}",
        "tables": len(grids),
        "cells": cells,
        "docx_bytes": size,
        "export_median_s": round(med_ours, 3),
        "export_max_s": round(max(ours), 3),
        "raw_python_docx_median_s": round(med_raw, 3),
        "ratio": round(med_ours / med_raw, 2),
        "rss_peak_mib": round(mem["rss_peak_kib"] / 1024, 1),
        "rss_before_export_mib": round(mem["rss_before_kib"] / 1024, 1),
        "export_heap_peak_mib": round(mem["heap_peak_bytes"] / 2**20, 1),
        "rss_peak_after_each_of_5_exports_mib": [round(k / 1024, 1) for k in mem["peaks_kib"]],
    }
    print(json.dumps(results, indent=2))
    ok = med_ours <= 2.0 and med_ours <= 2 * med_raw and results["rss_peak_mib"] <= 100
    print("P4 " + ("met" if ok else "NOT met"), file=sys.stderr)


if __name__ == "__main__":
    main()
