"""SPEC R1 (kill -9 mid-burst) and R2 (two writers on one file)."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from aims_tui.cli import main
from aims_tui.store import Store

WRITER = Path(__file__).with_name("writer.py")


def _spawn(db, aid, prefix, count):
    return subprocess.Popen([sys.executable, str(WRITER), str(db), aid, prefix, str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_during_burst_loses_no_acknowledged_answer(tmp_path, content, capsys):
    db = tmp_path / "burst.db"
    with Store.open(db) as s:
        aid = s.create_assessment("Org", matrix=content.scales.default_matrix()).id
    rng = random.Random(42)
    acked: dict[str, int] = {}
    kills = 0
    for round_ in range(12):
        proc = _spawn(db, aid, f"r{round_:02d}", 100_000)
        target = rng.randint(1, 150)
        seen = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            _, qid, n = line.split()
            acked[qid] = (round_, int(n))  # type: ignore[assignment]
            seen += 1
            if seen >= target:
                break
        time.sleep(rng.random() * 0.02)  # let it get into the middle of the next write
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += int(proc.returncode == -signal.SIGKILL)
        for line in proc.stdout:  # acknowledgements printed before the kill landed
            _, qid, n = line.split()
            acked[qid] = (round_, int(n))  # type: ignore[assignment]
    assert kills >= 10
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {q: notes for q, notes in conn.execute("SELECT question_id, notes FROM answers")}
    conn.close()
    for qid, (round_, n) in acked.items():  # type: ignore[misc]
        prefix, m = stored[qid].split(":")
        assert (int(prefix[1:]), int(m)) >= (round_, n), f"{qid}: acknowledged r{round_}:{n}, found {stored[qid]}"
    assert main(["verify", "--db", str(db)]) == 0, capsys.readouterr().err


def test_two_processes_write_one_file(tmp_path, content, capsys):
    db = tmp_path / "shared.db"
    with Store.open(db) as s:
        aid = s.create_assessment("Org", matrix=content.scales.default_matrix()).id
    procs = [_spawn(db, aid, name, 150) for name in ("alice", "bob")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        assert out.count("ack ") == 150
    with Store.open(db) as s:
        history = s.history(aid, table="answers")
        # Every one of the 300 writes is in the trail: no update was lost, even on shared questions.
        writes = [e.new["notes"] for e in history if e.op in ("insert", "update")]
        assert sorted(w for w in writes if w.startswith("alice")) == sorted(f"alice:{n}" for n in range(150))
        assert sorted(w for w in writes if w.startswith("bob")) == sorted(f"bob:{n}" for n in range(150))
        # The final value of each question is the last write that committed.
        last = {}
        for e in reversed(history):
            if e.new:
                last[e.new["question_id"]] = e.new["notes"]
        assert {q: a.notes for q, a in s.answers(aid).items()} == last
    assert main(["verify", "--db", str(db)]) == 0, capsys.readouterr().err
