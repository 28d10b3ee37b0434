"""Two source trees against each other on bench_tui.py's start-up programs (hello, home list, open an
answered assessment, 500 assessments), interleaved run by run so machine load hits both alike. For
a before/after figure of one change on a busy machine, where separate bench_tui.py runs differ by
more than the change. Each tree gets its own content cache (the cache key includes the code).

Run by hand:  python bench/bench_tui_ab.py BEFORE_DIR AFTER_DIR [--runs 7]
(e.g. BEFORE_DIR from `git archive HEAD~2 | tar -x -C /tmp/before`)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_tui  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    trees = {"before": str(Path(args.before).resolve()), "after": str(Path(args.after).resolve())}
    with tempfile.TemporaryDirectory() as tmp:
        dbs = bench_tui.build(Path(tmp))
        n = dbs["questions"]
        home = ("HomeScreen", f"Fully answered|/{n}", "-")
        programs = {
            "hello": (bench_tui.HELLO, "Screen", "Hello, world", "-"),
            "home": (bench_tui.AIMS, *home, str(dbs["default"])),
            "open": (bench_tui.AIMS, "WalkerScreen", f"Question |/{n} · ", "-", str(dbs["default"]),
                     str(dbs["full"])),
            "home500": (bench_tui.AIMS, "HomeScreen", f"Client |/{n}", "-", str(dbs["many"])),
        }
        samples = {t: {k: [] for k in programs} for t in trees}
        for i in range(args.runs + 1):  # the first round warms .pyc files and the content caches
            for tag, tree in trees.items():
                os.environ["PYTHONPATH"] = tree
                for name, program in programs.items():
                    # run in the tree: ``python -c`` imports from its folder before PYTHONPATH
                    result = bench_tui.run(*program, cache=str(Path(tmp) / f"cache-{tag}"), cwd=tree)
                    if i:
                        samples[tag][name].append(result)
    out = {}
    for tag in trees:
        for key in ("drawn", "cpu"):
            med = {k: round(statistics.median(s[key] for s in v), 1) for k, v in samples[tag].items()}
            out[f"{tag}_{key}"] = {**med, "P1_ratio": round(med["home"] / med["hello"], 3),
                                   "P2_beyond_P1": round(med["open"] - med["home"], 1),
                                   "P5_beyond_P1": round(med["home500"] - med["home"], 1)}
    print(json.dumps({"runs": args.runs, **out}, indent=1))


if __name__ == "__main__":
    main()
