"""The repository: the engagement's entities (assessments, answers, systems, evidence, risks, SoA
entries, ...) as domain models, each change committed at once and audited through the core's write
(``store/core.py``). Answers, note drafts, interviewees: ``store/answers.py``. Opening files:
``store/opening.py``; rows <-> models: ``store/rows.py``; verify: ``store/verify.py``; bundles:
``store/bundle.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from aims_tui import open_files
from aims_tui.store.audit import VerifyReport
from aims_tui.store.answers import UNCHECKED, AnswerStore
from aims_tui.store.core import BUSY_TIMEOUT_MS, HistoryEntry, default_actor, new_id
from aims_tui.store.errors import SQL_ERROR, StoreError
from aims_tui.store.import_report import ImportReport
from aims_tui.store.opening import friendly
from aims_tui.store.rows import models
from aims_tui.store.verify import file_digest, verify_store

if TYPE_CHECKING:
    from pydantic import BaseModel

    from aims_tui.domain.glance import Glance
    from aims_tui.domain.models import (
        Action,
        AISystem,
        Assessment,
        Engagement,
        EvidenceRef,
        Finding,
        Risk,
        RiskMatrix,
        Settings,
        SoAOverride,
    )


M = TypeVar("M", bound="BaseModel")


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the home list."""

    id: str
    org: str
    kind: str
    date: str
    archived: bool
    answered: int
    updated_at: str
    created_at: str
    scope: str
    baseline_id: str | None = None
    """The assessment a follow-up follows."""


_SUMMARY_SQL = (
    "SELECT a.id, a.org, a.kind, a.date, a.archived, "
    "(SELECT count(*) FROM answers w WHERE w.assessment_id = a.id), a.updated_at, a.created_at, a.scope, "
    "a.baseline_id FROM assessments a "
)


class Store(AnswerStore):
    """One database file: the engagement's entities as domain models. Not thread-safe: use one Store
    per thread."""

    # -- assessments -----------------------------------------------------------------------------

    def create_assessment(self, org: str, scope: str = "", *, assessors: list[str] | None = None,
                          date_: date | None = None, kind: str = "gap", baseline_id: str | None = None,
                          matrix: RiskMatrix, assessment_id: str | None = None) -> Assessment:
        if baseline_id is not None:
            baseline_id = self.resolve_id(baseline_id)
        assessment = models.Assessment(
            id=assessment_id or new_id(10), org=org, scope=scope, assessors=assessors or [],
            date=date_ or date.today(), kind=kind, baseline_id=baseline_id,
        )
        with self._tx():
            self._write("assessments", assessment.id, self._to_row("assessments", assessment))
            self._write("settings", assessment.id,
                        self._to_row("settings", models.Settings(assessment_id=assessment.id, matrix=matrix)))
        return assessment

    def resolve_id(self, given: str) -> str:
        """An assessment id, or a unique prefix of one."""
        rows = self.conn.execute(
            "SELECT id FROM assessments WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 3",
            (given, given.replace("%", "\\%").replace("_", "\\_") + "%"),
        ).fetchall()
        ids = {r[0] for r in rows}
        if given in ids:
            return given
        if len(ids) == 1:
            return ids.pop()
        if not ids:
            raise StoreError(f"no assessment with id {given!r} in {self.path}; run 'aims list' to see the ids")
        raise StoreError(f"assessment id {given!r} is ambiguous in {self.path}; type more of it")

    def assessment(self, assessment_id: str) -> Assessment:
        row = self._row("assessments", {"id": assessment_id})
        if row is None:
            raise StoreError(f"no assessment with id {assessment_id!r} in {self.path}")
        return self._from_row("assessments", models.Assessment, row)

    def update_assessment(self, assessment_id: str, **changes: Any) -> Assessment:
        current = self.assessment(assessment_id)
        updated = current.model_validate({**current.model_dump(), **changes, "updated_at": models.utcnow()})
        self._write("assessments", assessment_id, self._to_row("assessments", updated))
        return updated

    def archive_assessment(self, assessment_id: str, archived: bool = True) -> Assessment:
        return self.update_assessment(assessment_id, archived=archived)

    def list_assessments(self, include_archived: bool = True) -> list[AssessmentSummary]:
        where = "" if include_archived else "WHERE a.archived = 0 "
        return self._summaries(_SUMMARY_SQL + where + "ORDER BY a.created_at DESC, a.id")

    def summary(self, assessment_id: str) -> AssessmentSummary:
        """One assessment as the home list shows it, read without pydantic (the header of the
        walker's first frame: tui/context.py)."""
        found = self._summaries(_SUMMARY_SQL + "WHERE a.id = ?", (assessment_id,))
        if not found:
            raise StoreError(f"no assessment with id {assessment_id!r} in {self.path}")
        return found[0]

    def _summaries(self, sql: str, params: tuple = ()) -> list[AssessmentSummary]:
        try:
            return [AssessmentSummary(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8] or "", r[9])
                    for r in self.conn.execute(sql, params)]
        except SQL_ERROR as exc:
            raise friendly(self.path, exc) from None

    def settings(self, assessment_id: str) -> Settings:
        row = self._row("settings", {"assessment_id": assessment_id})
        if row is None:
            raise StoreError(f"assessment {assessment_id!r} has no settings row; run 'aims verify'")
        return self._from_row("settings", models.Settings, row)

    def set_matrix(self, assessment_id: str, matrix: RiskMatrix) -> Settings:
        settings = models.Settings(assessment_id=assessment_id, matrix=matrix)
        self._write("settings", assessment_id, self._to_row("settings", settings))
        return settings

    def duplicate_as_follow_up(self, baseline_id: str, *, date_: date | None = None) -> Assessment:
        """A new follow-up assessment that starts from the baseline's scope, systems and risks;
        answers start empty, so the follow-up measures progress."""
        base = self.assessment(baseline_id)
        with self._tx():
            new = self.create_assessment(base.org, base.scope, assessors=base.assessors, date_=date_,
                                         kind="follow-up", baseline_id=base.id,
                                         matrix=self.settings(base.id).matrix)
            system_map = {}
            for system in self.systems(base.id):
                copy = self.add_system(new.id, **system.model_dump(exclude={"id", "assessment_id"}))
                system_map[system.id] = copy.id
            for risk in self.risks(base.id):
                data = risk.model_dump(exclude={"id", "assessment_id", "ref", "created_at", "updated_at"})
                data["system_id"] = system_map.get(risk.system_id) if risk.system_id else None
                self.add_risk(new.id, **data)
        return new

    # -- generic entity helpers ------------------------------------------------------------------

    def _add(self, tbl: str, cls: type[M], assessment_id: str, **fields: Any) -> M:
        model = cls.model_validate({"id": new_id(), "assessment_id": assessment_id, **fields})
        with self._tx():
            self._write(tbl, assessment_id, self._to_row(tbl, model))
        return model

    def _get(self, tbl: str, cls: type[M], entity_id: str) -> M:
        row = self._row(tbl, {"id": entity_id})
        if row is None:
            raise StoreError(f"no {tbl[:-1] if tbl.endswith('s') else tbl} with id {entity_id!r}")
        return self._from_row(tbl, cls, row)

    def _update(self, tbl: str, cls: type[M], entity_id: str, **changes: Any) -> M:
        with self._tx():
            current = self._get(tbl, cls, entity_id)
            updated = cls.model_validate({**current.model_dump(), **changes})
            self._write(tbl, updated.assessment_id, self._to_row(tbl, updated))  # type: ignore[attr-defined]
        return updated

    def _delete(self, tbl: str, cls: type[M], entity_id: str) -> None:
        with self._tx():
            current = self._get(tbl, cls, entity_id)
            self._write(tbl, current.assessment_id, None, {"id": entity_id})  # type: ignore[attr-defined]

    def _list(self, tbl: str, cls: type[M], assessment_id: str, order: str = "rowid") -> list[M]:
        return [self._from_row(tbl, cls, r) for r in self._select(tbl, "assessment_id = ?", (assessment_id,), order)]

    # -- AI systems ------------------------------------------------------------------------------

    def add_system(self, assessment_id: str, **fields: Any) -> AISystem:
        return self._add("systems", models.AISystem, assessment_id, **fields)

    def update_system(self, system_id: str, **changes: Any) -> AISystem:
        return self._update("systems", models.AISystem, system_id, **changes)

    def delete_system(self, system_id: str) -> None:
        with self._tx():
            for row in self._select("risks", "system_id = ?", (system_id,)):
                self.update_risk(row["id"], system_id=None)
            self._delete("systems", models.AISystem, system_id)

    def systems(self, assessment_id: str) -> list[AISystem]:
        return self._list("systems", models.AISystem, assessment_id)

    def find_system(self, assessment_id: str, name: str) -> AISystem | None:
        rows = self._select("systems", "assessment_id = ? AND name = ?", (assessment_id, name))
        return self._from_row("systems", models.AISystem, rows[0]) if rows else None

    # -- evidence --------------------------------------------------------------------------------

    def add_evidence(self, assessment_id: str, *, title: str, file: Path | str | None = None, **fields: Any) -> EvidenceRef:
        """Record an evidence reference; with ``file``, its SHA-256 and size are recorded."""
        if file is not None:
            fields.update(_attachment(file))
            fields.setdefault("location", str(Path(file).expanduser()))
        return self._add("evidence", models.EvidenceRef, assessment_id, title=title, **fields)

    def attach_evidence_file(self, evidence_id: str, file: Path | str) -> EvidenceRef:
        """(Re-)attach a local file to an evidence reference: its SHA-256 and size are recorded here,
        so ``verify`` reads it again (a path that came in a bundle is never read until then)."""
        return self._update("evidence", models.EvidenceRef, evidence_id, **_attachment(file))

    def update_evidence(self, evidence_id: str, *, file: Path | str | None = None,
                        **changes: Any) -> EvidenceRef:
        """Change an evidence reference; with ``file``, attach that file (its SHA-256 and size recorded)."""
        if file is not None:
            changes.update(_attachment(file))
        return self._update("evidence", models.EvidenceRef, evidence_id, **changes)

    def delete_evidence(self, evidence_id: str) -> None:
        self._delete("evidence", models.EvidenceRef, evidence_id)

    def evidence(self, assessment_id: str) -> list[EvidenceRef]:
        return self._list("evidence", models.EvidenceRef, assessment_id)

    # -- findings and actions --------------------------------------------------------------------

    def add_finding(self, assessment_id: str, **fields: Any) -> Finding:
        return self._add("findings", models.Finding, assessment_id, **fields)

    def update_finding(self, finding_id: str, **changes: Any) -> Finding:
        return self._update("findings", models.Finding, finding_id, **changes)

    def delete_finding(self, finding_id: str) -> None:
        self._delete("findings", models.Finding, finding_id)

    def findings(self, assessment_id: str) -> list[Finding]:
        return self._list("findings", models.Finding, assessment_id)

    def add_action(self, assessment_id: str, **fields: Any) -> Action:
        return self._add("actions", models.Action, assessment_id, **fields)

    def update_action(self, action_id: str, **changes: Any) -> Action:
        return self._update("actions", models.Action, action_id, **changes)

    def delete_action(self, action_id: str) -> None:
        self._delete("actions", models.Action, action_id)

    def actions(self, assessment_id: str) -> list[Action]:
        return self._list("actions", models.Action, assessment_id)

    # -- risks -----------------------------------------------------------------------------------

    def _risk_controls(self, risk_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT control_id FROM risk_controls WHERE risk_id = ? ORDER BY rowid", (risk_id,))]

    def _set_risk_controls(self, assessment_id: str, risk_id: str, controls: list[str]) -> None:
        have = self._risk_controls(risk_id)
        for control in have:
            if control not in controls:
                self._write("risk_controls", assessment_id, None, {"risk_id": risk_id, "control_id": control})
        for control in dict.fromkeys(controls):
            if control not in have:
                self._write("risk_controls", assessment_id, {"risk_id": risk_id, "control_id": control})

    def next_risk_ref(self, assessment_id: str) -> str:
        refs = [r[0] for r in self.conn.execute("SELECT ref FROM risks WHERE assessment_id = ?", (assessment_id,))]
        numbers = [int(r[2:]) for r in refs if r.startswith("R-") and r[2:].isdigit()]
        return f"R-{max(numbers, default=0) + 1:03d}"

    def add_risk(self, assessment_id: str, **fields: Any) -> Risk:
        with self._tx():
            fields.setdefault("ref", self.next_risk_ref(assessment_id))
            risk = models.Risk.model_validate({"id": new_id(), "assessment_id": assessment_id, **fields})
            self._write("risks", assessment_id, self._to_row("risks", risk, exclude={"controls"}))
            self._set_risk_controls(assessment_id, risk.id, risk.controls)
        return risk

    def risk(self, risk_id: str) -> Risk:
        row = self._row("risks", {"id": risk_id})
        if row is None:
            raise StoreError(f"no risk with id {risk_id!r}")
        return self._from_row("risks", models.Risk, row, controls=self._risk_controls(risk_id))

    def update_risk(self, risk_id: str, **changes: Any) -> Risk:
        with self._tx():
            current = self.risk(risk_id)
            updated = models.Risk.model_validate({**current.model_dump(), **changes, "updated_at": models.utcnow()})
            self._write("risks", updated.assessment_id, self._to_row("risks", updated, exclude={"controls"}))
            self._set_risk_controls(updated.assessment_id, risk_id, updated.controls)
        return updated

    def delete_risk(self, risk_id: str) -> None:
        with self._tx():
            current = self.risk(risk_id)
            self._set_risk_controls(current.assessment_id, risk_id, [])
            for action in self._select("actions", "risk_id = ?", (risk_id,)):
                self.update_action(action["id"], risk_id=None)
            self._write("risks", current.assessment_id, None, {"id": risk_id})

    def risks(self, assessment_id: str) -> list[Risk]:
        links: dict[str, list[str]] = {}
        for risk_id, control in self.conn.execute(
            "SELECT rc.risk_id, rc.control_id FROM risk_controls rc JOIN risks r ON r.id = rc.risk_id "
            "WHERE r.assessment_id = ? ORDER BY rc.rowid", (assessment_id,)
        ):
            links.setdefault(risk_id, []).append(control)
        return [self._from_row("risks", models.Risk, r, controls=links.get(r["id"], []))
                for r in self._select("risks", "assessment_id = ?", (assessment_id,), "ref")]

    # -- SoA -------------------------------------------------------------------------------------

    def set_soa_override(self, assessment_id: str, control_id: str, **changes: Any) -> SoAOverride:
        """Record the assessor's edits to one SoA entry (None clears a field back to the draft)."""
        with self._tx():
            row = self._row("soa_entries", {"assessment_id": assessment_id, "control_id": control_id})
            current = (self._from_row("soa_entries", models.SoAOverride, row) if row
                       else models.SoAOverride(assessment_id=assessment_id, control_id=control_id))
            updated = models.SoAOverride.model_validate({**current.model_dump(), **changes})
            self._write("soa_entries", assessment_id, self._to_row("soa_entries", updated))
        return updated

    def soa_overrides(self, assessment_id: str) -> dict[str, SoAOverride]:
        return {r["control_id"]: self._from_row("soa_entries", models.SoAOverride, r)
                for r in self._select("soa_entries", "assessment_id = ?", (assessment_id,))}

    # -- the whole engagement --------------------------------------------------------------------

    def engagement(self, assessment_id: str) -> Engagement:
        """Everything in one assessment, read in one transaction (a consistent snapshot)."""
        self.conn.execute("BEGIN")
        try:
            return models.Engagement(
                assessment=self.assessment(assessment_id),
                settings=self.settings(assessment_id),
                systems=self.systems(assessment_id),
                answers=self.answers(assessment_id),
                interviewees=self.interviewees(assessment_id),
                evidence=self.evidence(assessment_id),
                findings=self.findings(assessment_id),
                actions=self.actions(assessment_id),
                risks=self.risks(assessment_id),
                soa_overrides=self.soa_overrides(assessment_id),
                audit_head=self.head_hash(),
            )
        except SQL_ERROR as exc:
            raise friendly(self.path, exc) from None
        finally:
            self.conn.execute("COMMIT")

    def glance(self, assessment_id: str) -> Glance | None:
        """What the questionnaire's first frame draws, read without pydantic; None when a row is not
        plainly well formed (then read :meth:`engagement`, which says what is wrong). store/glance.py."""
        from aims_tui.store.glance import read_glance  # not on the home list's way (its dataclasses: ~5 ms)

        return read_glance(self, assessment_id)

    def left_off(self, assessment_id: str) -> tuple[str, list[str]] | None:
        """The question of the answer changed last and its interviewees (None: nothing answered)."""
        from aims_tui.store.glance import left_off

        return left_off(self, assessment_id)

    # -- audit trail -----------------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Recompute the hash chain, replay it against the tables, check the schema's guards, and
        re-hash evidence files (store/verify.py)."""
        return verify_store(self)

    # -- bundles (see store/bundle.py for the format) --------------------------------------------

    def export_bundle(self, assessment_id: str) -> dict[str, Any]:
        from aims_tui.store.bundle import export_bundle

        bundle = export_bundle(self, assessment_id)
        self.anchor()  # the head the bundle carries is recorded here too
        return bundle

    def import_bundle(self, bundle: dict[str, Any], source: str = "bundle", content: Any = None) -> ImportReport:
        """Merge a bundle; ``content`` (the loaded questionnaires) lets its question and control ids
        be checked. A bad bundle raises StoreError naming the first bad row, and nothing is written."""
        from aims_tui.store.bundle import import_bundle

        return import_bundle(self, bundle, source, content)

    # -- read-only opening and rows of other store modules (store/read_only.py, internal_audit.py) --

    def put_row(self, tbl: str, assessment_id: str | None, row: dict[str, Any] | None,
                key: dict[str, Any] | None = None) -> str:
        """Insert, change or (row=None) delete one row of ``tbl``, audited like every write."""
        return self._write(tbl, assessment_id, row, key)

    def select_rows(self, tbl: str, where: str = "1", params: tuple = (), order: str | None = "rowid") -> list[dict]:
        """Rows of ``tbl`` matching ``where`` (SQL written by this package, never by a user or a
        bundle; values always as ``params``)."""
        return self._select(tbl, where, params, order)


def _attachment(file: Path | str) -> dict[str, Any]:
    path = Path(file).expanduser()
    try:
        digest, size = file_digest(path)
    except open_files.OpenDatabaseError as exc:
        raise StoreError(exc.strerror) from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the evidence file ({exc.strerror or exc})") from None
    return {"file_path": str(path.resolve()), "sha256": digest, "size": size}


__all__ = ["Store", "AssessmentSummary", "HistoryEntry", "ImportReport", "BUSY_TIMEOUT_MS", "default_actor",
           "new_id", "file_digest", "UNCHECKED"]
