"""The auditor's nouns as pydantic models (docs/CONTRACT.md §2).

Pure data: nothing here knows about SQLite, Textual or Word. The store maps rows to these models,
the TUI and CLI show them, the exporters read them.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from aims_tui.domain.vocabulary import (  # noqa: F401  (re-exported: the models' vocabulary)
    Status,
    STATUSES,
    AssessmentKind,
    ASSESSMENT_KINDS,
    Tier,
    TIERS,
    EuActReach,
    EU_ACT_REACHES,
    Treatment,
    TREATMENTS,
    FindingType,
    FINDING_TYPES,
    ActionStatus,
    ACTION_STATUSES,
    Priority,
    PRIORITIES,
    ImplementationStatus,
    IMPLEMENTATION_STATUSES,
    InclusionReason,
    INCLUSION_REASONS,
    EvidenceState,
)


def utcnow() -> datetime:
    """Now, timezone-aware UTC, to the microsecond (stored as ISO 8601)."""
    return datetime.now(timezone.utc)


class Model(BaseModel):
    # defer_build: schemas are built on first use, not at import, which keeps start-up fast.
    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class Assessment(Model):
    """One engagement: a gap assessment, an internal audit or a follow-up of a baseline."""

    id: str
    org: str = Field(min_length=1)
    scope: str = ""
    assessors: list[str] = Field(default_factory=list)
    date: dt.date
    end_date: dt.date | None = None
    kind: AssessmentKind = "gap"
    baseline_id: str | None = None
    document_version: str = "0.1"
    archived: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AISystem(Model):
    """A row of the AI system inventory."""

    id: str
    assessment_id: str
    name: str = Field(min_length=1)
    purpose: str = ""
    owner: str = ""
    role: str = "deployer"
    """The organisation's role for this system: developer, provider, deployer, user, …"""
    data_sources: str = ""
    lifecycle_stage: str = ""
    supplier: str = ""
    """Third-party supplier of the model or system, if any."""
    tier: Tier = "unknown"
    """EU AI Act risk tier."""
    eu_act_reach: EuActReach = "unknown"
    """Whether the EU AI Act reaches this system (see ``EU_ACT_REACHES``). Only "no" takes the
    system out of the Act's consequences (tier floor, legal reasons in the SoA); "unknown" keeps
    them, marked as not yet confirmed."""
    eu_act_basis: str = ""
    """Why the Act reaches it, in the assessor's words: placed on the EU market, put into service
    in the EU, output used in the EU…; or why it does not."""
    affected_groups: list[str] = Field(default_factory=list)
    """Groups of people the system's outputs affect (customers, staff, applicants, the public…)."""
    in_scope: bool = True
    scope_reason: str = ""


class Interviewee(Model):
    """A person who answered questions."""

    assessment_id: str
    name: str = Field(min_length=1)
    role: str = ""


class Answer(Model):
    """The answer to one question. No row means unanswered."""

    assessment_id: str
    question_id: str
    status: Status
    maturity: int | None = Field(default=None, ge=0, le=5)
    notes: str = ""
    interviewees: list[str] = Field(default_factory=list)
    """Names of the people who answered (see Interviewee for their roles)."""
    assessor: str = ""
    updated_at: datetime = Field(default_factory=utcnow)


class EvidenceRef(Model):
    """A piece of evidence: seen by the assessor, or only claimed by the interviewee."""

    id: str
    assessment_id: str
    question_id: str | None = None
    control_id: str | None = None
    title: str = Field(min_length=1)
    location: str = ""
    """Document name, URL, path, or "shown on screen"."""
    state: EvidenceState = "claimed"
    date: dt.date | None = None
    file_path: str | None = None
    sha256: str | None = None
    size: int | None = None


class Finding(Model):
    """An audit finding (internal audits), raised on an answer or directly against a requirement.
    A nonconformity is written as a statement: requirement, evidence, what was found."""

    id: str
    assessment_id: str
    question_id: str | None = None
    type: FindingType
    text: str = ""
    """What was found."""
    ref: str = ""
    """The requirement: clause or Annex A control id (6.1.2, A.6.2.4)."""
    evidence: str = ""
    """The objective evidence the finding rests on (what was sampled, seen, heard)."""


class Action(Model):
    """A remediation action."""

    id: str
    assessment_id: str
    title: str = Field(min_length=1)
    owner: str = ""
    due: dt.date | None = None
    priority: Priority = "medium"
    status: ActionStatus = "open"
    question_id: str | None = None
    control_id: str | None = None
    risk_id: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Corrective action (10.2): closed only when verified effective (domain/internal_audit.py).
    finding_id: str | None = None
    correction: str = ""
    """What was done at once to contain the nonconformity."""
    root_cause: str = ""
    verified_by: str = ""
    verified_on: dt.date | None = None
    effective: bool | None = None
    """None until the action's effectiveness has been verified."""
    verification_note: str = ""


class Risk(Model):
    """An AI risk in the register."""

    id: str
    assessment_id: str
    ref: str
    """Human id shown to people: R-001, R-002, …"""
    title: str = Field(min_length=1)
    description: str = ""
    system_id: str | None = None
    category: str = ""
    catalogue_id: str | None = None
    likelihood: int = Field(ge=1, le=6)
    impact: int = Field(ge=1, le=6)
    treatment: Treatment = "mitigate"
    controls: list[str] = Field(default_factory=list)
    """Annex A control ids that treat this risk."""
    owner: str = ""
    due: dt.date | None = None
    residual_likelihood: int | None = Field(default=None, ge=1, le=6)
    residual_impact: int | None = Field(default=None, ge=1, le=6)
    acceptance_reason: str = ""
    """Documented reason for accepting a risk at or above appetite."""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def score(self) -> int:
        """Inherent score: likelihood × impact."""
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact


class RiskBand(Model):
    id: str
    label: str
    min: int = Field(ge=1)
    max: int = Field(ge=1)


class RiskMatrix(Model):
    """A firm's risk matrix: size, level labels, score bands and appetite."""

    size: int = Field(ge=3, le=6)
    likelihood_labels: list[str]
    impact_labels: list[str]
    bands: list[RiskBand]
    appetite: int = Field(ge=1)
    """A risk scoring this or more may not be accepted without a documented reason."""

    @model_validator(mode="after")
    def _labels_match_size(self) -> "RiskMatrix":
        if len(self.likelihood_labels) != self.size or len(self.impact_labels) != self.size:
            raise ValueError(f"a {self.size}×{self.size} matrix needs {self.size} likelihood and impact labels")
        return self


class Settings(Model):
    """Per-assessment settings."""

    assessment_id: str
    matrix: RiskMatrix


class SoAOverride(Model):
    """The assessor's edits to one SoA entry. None means "keep the draft"."""

    assessment_id: str
    control_id: str
    applicable: bool | None = None
    reasons: list[InclusionReason] | None = None
    justification: str | None = None
    status: ImplementationStatus | None = None
    owner: str | None = None
    evidence: str | None = None

    @field_validator("justification", "owner", "evidence")
    @classmethod
    def _blank_is_none(cls, v: str | None) -> str | None:
        return v if v is None or v.strip() else None


class Engagement(Model):
    """Everything in one assessment, as the domain core, TUI and exports see it."""

    assessment: Assessment
    settings: Settings
    systems: list[AISystem] = Field(default_factory=list)
    answers: dict[str, Answer] = Field(default_factory=dict)
    """Keyed by question id."""
    interviewees: list[Interviewee] = Field(default_factory=list)
    evidence: list[EvidenceRef] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    soa_overrides: dict[str, SoAOverride] = Field(default_factory=dict)
    """Keyed by control id."""
    audit_head: str | None = None
    """Hash of the last audit-trail entry when this snapshot was read."""
