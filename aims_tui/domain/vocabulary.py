"""The fixed vocabulary of docs/CONTRACT.md §2 as Literal types and tuples.

Kept apart from the pydantic models so that the command line can build its parser (choices) without
importing pydantic: `aims list` and friends start faster.
"""

from __future__ import annotations

from typing import Literal

Status = Literal["met", "partial", "not-met", "not-applicable"]
STATUSES: tuple[Status, ...] = ("met", "partial", "not-met", "not-applicable")

AssessmentKind = Literal["gap", "internal-audit", "follow-up"]
ASSESSMENT_KINDS: tuple[AssessmentKind, ...] = ("gap", "internal-audit", "follow-up")

Tier = Literal["unacceptable", "high", "limited", "minimal", "unknown"]
TIERS: tuple[Tier, ...] = ("unacceptable", "high", "limited", "minimal", "unknown")

EuActReach = Literal["yes", "no", "unknown"]
EU_ACT_REACHES: tuple[EuActReach, ...] = ("yes", "no", "unknown")
"""Whether the EU AI Act reaches a system: placed on the EU market or put into service in the EU, or
its output used in the EU ("yes"); none of these ("no"); not yet established ("unknown")."""

Treatment = Literal["mitigate", "avoid", "transfer", "accept"]
TREATMENTS: tuple[Treatment, ...] = ("mitigate", "avoid", "transfer", "accept")

FindingType = Literal["major-nc", "minor-nc", "observation", "ofi"]
FINDING_TYPES: tuple[FindingType, ...] = ("major-nc", "minor-nc", "observation", "ofi")

ActionStatus = Literal["open", "in-progress", "done"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "in-progress", "done")

Priority = Literal["high", "medium", "low"]
PRIORITIES: tuple[Priority, ...] = ("high", "medium", "low")

ImplementationStatus = Literal["implemented", "partially-implemented", "planned", "not-implemented"]
IMPLEMENTATION_STATUSES: tuple[ImplementationStatus, ...] = (
    "implemented",
    "partially-implemented",
    "planned",
    "not-implemented",
)

InclusionReason = Literal["risk-assessment", "legal-contractual", "business-requirement", "best-practice"]
INCLUSION_REASONS: tuple[InclusionReason, ...] = (
    "risk-assessment",
    "legal-contractual",
    "business-requirement",
    "best-practice",
)

EvidenceState = Literal["seen", "claimed"]
