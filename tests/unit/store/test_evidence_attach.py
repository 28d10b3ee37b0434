"""A local file attached to evidence already recorded: hashed like one given when it was recorded."""

import hashlib

import pytest

from aims_tui.store import StoreError


def test_attach_a_file_to_recorded_evidence(store, assessment, tmp_path):
    proof = tmp_path / "minutes.pdf"
    proof.write_bytes(b"board minutes")
    evidence = store.add_evidence(assessment.id, title="Board minutes", location="SharePoint")
    updated = store.update_evidence(evidence.id, file=proof)
    assert (updated.file_path, updated.sha256, updated.size) == (
        str(proof.resolve()), hashlib.sha256(b"board minutes").hexdigest(), 13)
    assert updated.location == "SharePoint"  # the location typed is kept
    assert store.verify().ok


def test_attaching_a_missing_file_is_one_line_and_changes_nothing(store, assessment, tmp_path):
    evidence = store.add_evidence(assessment.id, title="Board minutes")
    with pytest.raises(StoreError, match="cannot read the evidence file"):
        store.update_evidence(evidence.id, file=tmp_path / "gone.pdf")
    assert store.evidence(assessment.id)[0].sha256 is None
