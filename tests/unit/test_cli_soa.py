"""Issue 13: `aims soa ID --json` carries the client's justification and, apart, the assessor's
interview coverage and the open items."""

from __future__ import annotations

import json
import re

from aims_tui.cli import main


def run(*argv, capsys):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_soa_json_keeps_coverage_out_of_the_justification(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    _, aid, _ = run("new", "--org", "Acme", "--scope", "Chatbot", "--db", db, capsys=capsys)
    aid = aid.strip()
    run("answer", aid, "A.8.4-q1", "--status", "met", "--db", db, capsys=capsys)
    code, out, _ = run("soa", aid, "--json", "--db", db, capsys=capsys)
    assert code == 0
    data = json.loads(out)
    entries = {e["control_id"]: e for e in data["entries"]}
    a84 = entries["A.8.4"]
    assert a84["status"] is None  # not implemented while a question is still to be asked
    assert a84["coverage"].startswith("Met A.8.4-q1; not yet asked ")
    assert not re.search(r"-q\d", a84["justification"])
    assert "A.8.4 has no owner: name the person accountable for it." in data["blockers"]
    assert len({e["justification"] for e in entries.values()}) == 38
