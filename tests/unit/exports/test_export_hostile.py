"""Hostile text in every field exports without error and reads back literally (docs/CONTRACT.md R5)."""

from __future__ import annotations

import csv
import io

import pytest

from aims_tui.exports import write_gap_report, write_soa_csv, write_soa_docx
from docx_reader import all_text, open_docx

HOSTILE = "[bold]x[/] \x1b[31mred\x1b[0m nul\x00 \x07\x0b\x0c\x1f RTL\u200f\u202eevil\u202c 😀🇬🇧 <w:p/> & \"'"
ONE_MB = ("Long interview note. " * 50_000)[:1_000_000]


@pytest.fixture
def hostile(store, content):
    aid = store.create_assessment(HOSTILE, HOSTILE, assessors=[HOSTILE], matrix=content.scales.default_matrix()).id
    store.set_interviewee(aid, HOSTILE, HOSTILE)
    system = store.add_system(aid, name=HOSTILE, purpose=HOSTILE, owner=HOSTILE, supplier=HOSTILE, tier="high")
    questions = list(content.questions)
    store.set_answer(aid, questions[0].id, status="not-met", maturity=1, notes=ONE_MB, interviewees=[HOSTILE])
    store.set_answer(aid, questions[1].id, status="partial", notes=HOSTILE, interviewees=[HOSTILE])
    annex = next(q for q in questions if q.ref.startswith("A."))
    store.set_answer(aid, annex.id, status="not-applicable", notes=HOSTILE)
    risk = store.add_risk(aid, title=HOSTILE, description=HOSTILE, likelihood=5, impact=5, treatment="accept",
                          controls=[annex.ref], owner=HOSTILE, system_id=system.id, acceptance_reason=HOSTILE)
    store.add_action(aid, title=HOSTILE, owner=HOSTILE, question_id=questions[0].id, risk_id=risk.id)
    store.add_evidence(aid, title=HOSTILE, location=HOSTILE, question_id=questions[0].id)
    store.add_finding(aid, question_id=questions[0].id, type="major-nc", text=HOSTILE)
    store.set_soa_override(aid, annex.ref, justification=HOSTILE, owner=HOSTILE, evidence=HOSTILE)
    return store.engagement(aid)


def _survived(text: str) -> None:
    for piece in ("[bold]x[/]", "[31mred", "\u200f\u202eevil\u202c", "😀🇬🇧", "<w:p/> & \"'"):
        assert piece in text, piece
    assert "\x00" not in text and "\x1b" not in text and "\ud800" not in text


def test_gap_report_survives_hostile_text(hostile, content, tmp_path):
    path = write_gap_report(hostile, content, tmp_path)
    assert path.name.endswith(".docx") and "\x00" not in path.name
    text = all_text(open_docx(path))
    _survived(text)
    assert ONE_MB in text  # the 1 MB note is exported whole


def test_soa_survives_hostile_text(hostile, content, tmp_path):
    text = all_text(open_docx(write_soa_docx(hostile, content, tmp_path)))
    _survived(text)


def test_soa_csv_survives_hostile_text(hostile, content, tmp_path):
    raw = write_soa_csv(hostile, content, tmp_path).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert len(rows) == 39
    _survived("\n".join(cell for row in rows for cell in row))


def test_lone_surrogates_never_break_an_export(hostile, content, tmp_path):
    """Pydantic refuses lone surrogates on input, but a snapshot built another way (a bundle, a
    future importer) could carry them: the exporters replace them rather than fail."""
    bad = "bad\ud800surrogate\udfff"
    answers = {qid: a.model_copy(update={"notes": bad}) for qid, a in hostile.answers.items()}
    eng = hostile.model_copy(update={"assessment": hostile.assessment.model_copy(update={"org": bad, "scope": bad}),
                                     "answers": answers})
    for write in (write_gap_report, write_soa_docx, write_soa_csv):
        path = write(eng, content, tmp_path)
        assert path.exists()
    assert "bad\ufffdsurrogate\ufffd" in all_text(open_docx(write_gap_report(eng, content, tmp_path / "r.docx")))


def test_template_with_hostile_text(hostile, content, tmp_path):
    import docx

    template = tmp_path / "firm.docx"
    docx.Document().save(template)
    write_gap_report(hostile, content, tmp_path / "r.docx", template=template)
