"""The command line as people script it (docs/CONTRACT.md §3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from aims_tui.cli import main
from aims_tui.store import Store


def run(*argv, capsys):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")


@pytest.fixture
def aid(db, capsys):
    code, out, _ = run("new", "--org", "Acme Analytics", "--scope", "Chatbot and scoring", "--assessor", "Ann",
                       "--date", "2026-11-02", "--db", db, capsys=capsys)
    assert code == 0
    return out.strip()


def test_new_prints_only_the_id(aid):
    assert len(aid) == 10 and aid.isalnum()


def test_new_answer_list_round_trip(db, aid, capsys):
    assert run("answer", aid, "5.2-q1", "--status", "partial", "--maturity", "2", "--notes", "draft [bold]",
               "--interviewee", "Dana", "--db", db, capsys=capsys)[0] == 0
    code, out, _ = run("list", "--json", "--db", db, capsys=capsys)
    (row,) = json.loads(out)
    assert (row["id"], row["org"], row["answered"], row["date"]) == (aid, "Acme Analytics", 1, "2026-11-02")
    code, out, _ = run("answer", aid, "5.2-q1", "--status", "met", "--json", "--db", db, capsys=capsys)
    answer = json.loads(out)
    assert (answer["status"], answer["maturity"], answer["notes"], answer["interviewees"]) == (
        "met", 2, "draft [bold]", ["Dana"])


def test_answer_interviewee_may_carry_a_role_in_brackets(db, aid, capsys):
    assert run("answer", aid, "5.2-q1", "--status", "partial", "--interviewee", "Dana Ng (CISO)",
               "--interviewee", "Smith, J.", "--json", "--db", db, capsys=capsys)[0] == 0
    with Store.open(db) as store:
        assert store.answer(aid, "5.2-q1").interviewees == ["Dana Ng", "Smith, J."]  # one person per flag
        assert {p.name: p.role for p in store.interviewees(aid)} == {"Dana Ng": "CISO", "Smith, J.": ""}


def test_db_flag_before_or_after_and_env(db, aid, capsys, monkeypatch):
    assert run("--db", db, "list", capsys=capsys)[1] == run("list", "--db", db, capsys=capsys)[1]
    monkeypatch.setenv("AIMS_DB", db)
    assert aid in run("list", capsys=capsys)[1]


def test_default_db_in_data_dir(capsys, _isolated_data_dir):
    assert run("new", "--org", "X", "--scope", "Y", capsys=capsys)[0] == 0
    assert (_isolated_data_dir / "assessments.db").exists()


def test_list_newest_first(db, capsys):
    ids = [run("new", "--org", f"Org {i}", "--scope", "s", "--db", db, capsys=capsys)[1].strip() for i in range(3)]
    listed = [r["id"] for r in json.loads(run("list", "--json", "--db", db, capsys=capsys)[1])]
    assert listed == ids[::-1]


@pytest.mark.parametrize("argv, fragment", [
    (["answer", "{aid}", "9.9-q9", "--status", "met"], "unknown question id '9.9-q9'"),
    (["answer", "{aid}", "4.1-q1", "--status", "great"], "invalid choice: 'great'"),
    (["answer", "{aid}", "4.1-q1", "--status", "met", "--maturity", "7"], "maturity is 0 to 5"),
    (["answer", "nope", "4.1-q1", "--status", "met"], "no assessment with id 'nope'"),
    (["new", "--org", "X"], "--scope"),
    (["new", "--org", "X", "--scope", "s", "--date", "23/11/2026"], "use YYYY-MM-DD"),
    (["risk", "add", "{aid}", "--title", "t", "--likelihood", "9", "--impact", "1"], "use 1 to 5"),
    (["risk", "add", "{aid}", "--title", "t", "--likelihood", "2", "--impact", "1", "--control", "A.2.1"],
     "not an Annex A control id"),
    (["risk", "add", "{aid}", "--title", "t", "--likelihood", "2", "--impact", "2", "--system", "Ghost"],
     "no such AI system"),
    (["risk"], "needs an action"),
])
def test_bad_usage_is_one_line_exit_2(db, aid, capsys, argv, fragment):
    code, out, err = run(*[a.replace("{aid}", aid) for a in argv], "--db", db, capsys=capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], err
    assert "Traceback" not in err


def test_risk_add_prints_id_score_level(db, aid, capsys):
    assert run("system", "add", aid, "--name", "Scoring model", "--tier", "high", "--db", db, capsys=capsys)[0] == 0
    code, out, _ = run("risk", "add", aid, "--title", "Bias", "--likelihood", "3", "--impact", "3",
                       "--control", "A.7.4", "--db", db, capsys=capsys)
    assert (code, out.strip()) == (0, "R-001 score 9 medium")
    code, out, _ = run("risk", "add", aid, "--title", "Drift", "--likelihood", "2", "--impact", "5",
                       "--db", db, capsys=capsys)
    assert out.strip() == "R-002 score 10 high"
    code, out, _ = run("risk", "list", aid, "--json", "--db", db, capsys=capsys)
    assert [(r["id"], r["score"], r["level"]) for r in json.loads(out)] == [("R-002", 10, "high"), ("R-001", 9, "medium")]


def test_appetite_rule_on_cli(db, aid, capsys):
    code, _, err = run("risk", "add", aid, "--title", "Big", "--likelihood", "4", "--impact", "4",
                       "--treatment", "accept", "--db", db, capsys=capsys)
    assert code == 2 and "--reason" in err
    code, out, _ = run("risk", "add", aid, "--title", "Big", "--likelihood", "4", "--impact", "4",
                       "--treatment", "accept", "--reason", "Board accepted it on 2026-11-01", "--db", db,
                       capsys=capsys)
    assert (code, out.strip()) == (0, "R-001 score 16 high")


def test_soa_json_has_all_38_controls(db, aid, capsys):
    run("risk", "add", aid, "--title", "Bias", "--likelihood", "3", "--impact", "3", "--control", "A.7.4",
        "--db", db, capsys=capsys)
    run("answer", aid, "A.7.4-q1", "--status", "partial", "--db", db, capsys=capsys)
    code, out, _ = run("soa", aid, "--json", "--db", db, capsys=capsys)
    data = json.loads(out)
    entries = {e["control_id"]: e for e in data["entries"]}
    assert len(entries) == 38
    a74 = entries["A.7.4"]
    assert a74["applicable"] and "risk-assessment" in a74["reasons"] and "R-001" in a74["justification"]
    assert a74["status"] == "partially-implemented"
    assert data["blockers"]


def test_demo_writes_a_living_assessment(tmp_path, capsys):
    db = tmp_path / "demo.db"
    code, out, _ = run("demo", "--no-open", "--db", str(db), capsys=capsys)
    assert code == 0 and out.strip() == str(db)
    (row,) = json.loads(run("list", "--json", "--db", str(db), capsys=capsys)[1])
    assert 0.3 < row["answered"] / row["questions"] < 0.7
    risks = json.loads(run("risk", "list", row["id"], "--json", "--db", str(db), capsys=capsys)[1])
    assert len(risks) >= 5
    assert run("verify", "--db", str(db), capsys=capsys)[0] == 0
    code, _, err = run("demo", "--no-open", "--db", str(db), capsys=capsys)
    assert code == 2 and "already exists" in err


def test_demo_reads_like_a_real_engagement(store, content):
    """What a lead auditor checks in the demo's gap report and SoA draft."""
    from datetime import date

    from aims_tui.demo import write_demo
    from aims_tui.domain.scoring import ranked_gaps
    from aims_tui.domain.soa import draft_soa

    e = store.engagement(write_demo(store, content, today=date(2026, 11, 2)))
    assert "not-applicable" not in {a.status for a in e.answers.values()}

    titles = [a.title for a in e.actions]
    assert len(titles) == len(set(titles))

    seen = {x.question_id for x in e.evidence if x.state == "seen"}
    assert all(qid in seen for qid, a in e.answers.items() if a.status == "met")
    assert all(x.file_path is None for x in e.evidence)

    # Priorities follow the gap ranking: high exactly where the gap weakens a high or critical risk.
    gaps = {g.question_id: g for g in ranked_gaps(content, e)}
    raised = [a for a in e.actions if a.question_id]
    assert raised and {a.priority for a in raised} >= {"high", "medium"}
    for a in raised:
        assert (a.priority == "high") == (gaps[a.question_id].worst_band in ("high", "critical")), a.title
        if not gaps[a.question_id].risk_refs:
            assert a.priority == ("low" if a.question_id.startswith("A.") else "medium"), a.title
    for major in (True, False):  # majors rank above every other gap (issue 13); high first within each
        order = [qid for qid, g in gaps.items() if g.major == major]
        high = [order.index(a.question_id) for a in raised if a.priority == "high" and a.question_id in order]
        other = [order.index(a.question_id) for a in raised if a.priority != "high" and a.question_id in order]
        assert not (high and other) or max(high) < min(other)

    assert all(r.category and r.controls for r in e.risks)
    in_scope = {s.id for s in e.systems if s.in_scope}
    assert all(r.system_id is None or r.system_id in in_scope for r in e.risks)  # never an excluded system
    assert all(r.residual_score is not None for r in e.risks)
    # sooner when more urgent, and no two findings alike on one requirement
    due = {p: {a.due for a in raised if a.priority == p} for p in ("high", "medium", "low")}
    assert all(max(due[a]) < min(due[b]) for a, b in (("high", "medium"), ("medium", "low")) if due[a] and due[b])
    texts = [(content.question(f.question_id).ref, f.text) for f in e.findings]
    assert len(texts) == len(set(texts))

    for x in draft_soa(content, e):
        assert "To resolve" not in x.justification and not any(p in x.justification for p in x.problems)
        owned = [a for a in e.actions if a.status != "done" and a.owner
                 and (a.control_id == x.control_id or a.question_id in x.question_ids)]
        if owned:
            assert x.owner, x.control_id


def test_console_script_and_module_entry(tmp_path):
    env = {**os.environ, "AIMS_DB": str(tmp_path / "m.db")}
    proc = subprocess.run([sys.executable, "-m", "aims_tui", "new", "--org", "O", "--scope", "S"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stdout.strip()
    proc = subprocess.run([sys.executable, "-m", "aims_tui", "list", "--db", str(tmp_path / "nope" / "x.db"),
                           "--bogus"], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1


def test_empty_org_is_a_plain_one_line_error(tmp_path, capsys):
    code, _, err = run("new", "--org", "", "--scope", "s", "--db", str(tmp_path / "e.db"), capsys=capsys)
    assert code == 2 and err.strip() == "aims: error: org: must not be empty"


def test_listing_a_mistyped_path_says_a_new_file_was_created(tmp_path, capsys):
    path = tmp_path / "typo" / "clinet.db"
    code, out, err = run("list", "--db", str(path), capsys=capsys)
    assert code == 0 and f"created a new, empty database at {path}" in err
    code, out, err = run("list", "--db", str(path), capsys=capsys)
    assert "created" not in err  # only the first time


def test_usage_errors_share_one_prefix(db, capsys):
    _, _, err = run("answer", "x", "4.1-q1", "--status", "great", "--db", db, capsys=capsys)
    assert err.startswith("aims: error: argument --status")


def test_cli_imports_no_pydantic_until_needed(tmp_path):
    code = ("import sys, aims_tui.cli as c; c.build_parser(); "
            "print(any(m == 'pydantic' or m.startswith('pydantic.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_exports_default_to_the_current_folder_outside_a_checkout(tmp_path, monkeypatch):
    from aims_tui.locations import exports_dir

    monkeypatch.chdir(tmp_path)
    assert exports_dir() == tmp_path.resolve()


def test_demo_risks_can_arise_for_their_systems(tmp_path, content):
    """Every catalogue risk in the demo is one the catalogue would suggest for its system."""
    from aims_tui.store import Store

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db), "--no-open"]) == 0
    with Store.open(db) as store:
        e = store.engagement(store.list_assessments()[0].id)
    systems = {s.id: s for s in e.systems}
    by_id = {c.id: c for c in content.catalogue}
    for r in e.risks:
        if r.catalogue_id and r.system_id:
            s = systems[r.system_id]
            assert by_id[r.catalogue_id].applies_to(s.role, s.supplier), (r.ref, r.catalogue_id, s.name)


def test_demo_opens_the_app_as_you_not_as_the_demo_consultant(tmp_path, monkeypatch):
    """QA: edits made in the app after 'aims demo' were recorded as 'Demo Consultant'."""
    from aims_tui.store.repository import default_actor
    from aims_tui.tui import app as app_module

    opened = {}

    class NotRun:
        def run(self) -> None:
            pass

    def fake_make_app(**kw):
        opened.update(kw)
        return NotRun()

    monkeypatch.setenv("AIMS_ASSESSOR", "Jo Auditor")
    monkeypatch.setattr(app_module, "make_app", fake_make_app)
    assert main(["demo", "--db", str(tmp_path / "d.db")]) == 0
    store = opened["store"]
    assert store.actor == default_actor() == "Jo Auditor"
    assert {e.actor for e in store.history(opened["assessment_id"])} == {"Demo Consultant"}
    store.close()


def test_stored_control_sequences_are_printed_as_visible_escapes(db, aid, capsys):
    hostile = "ok \x1b]0;pwned\x07\x1b[31mred \x9b2J \u202eevil"
    assert run("answer", aid, "5.2-q1", "--status", "met", "--notes", hostile, "--db", db, capsys=capsys)[0] == 0
    assert run("new", "--org", f"Evil{hostile}", "--scope", "x", "--db", db, capsys=capsys)[0] == 0
    for argv in (("list",), ("list", "--json"), ("answer", aid, "5.2-q1", "--status", "met", "--json")):
        code, out, err = run(*argv, "--db", db, capsys=capsys)
        assert code == 0
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in out + err, (argv, raw)
    answer = json.loads(out)  # still valid JSON, and it decodes to what is stored
    assert answer["notes"] == hostile
