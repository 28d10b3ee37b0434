"""What an import did, in words: one conflict is "1 conflict"."""

from aims_tui.store import ImportReport


def test_one_conflict_is_singular():
    report = ImportReport("a1", "Acme", conflicts=["answer 4.1-q1: kept met"])
    assert "  1 conflict (the newer change kept):" in report.lines()
    report.conflicts.append("answer 4.1-q2: kept partial")
    assert "  2 conflicts (the newer change kept):" in report.lines()
