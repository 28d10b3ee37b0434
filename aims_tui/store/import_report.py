"""What merging a bundle did, in words (kept apart from bundle.py so that listing it needs no pydantic)."""

from __future__ import annotations

from dataclasses import dataclass, field

from aims_tui.domain.wording import counted

_TABLE_WORDS = {
    "assessments": ("assessment", "assessments"), "settings": ("set of risk settings", "sets of risk settings"),
    "systems": ("AI system", "AI systems"), "interviewees": ("interviewee", "interviewees"),
    "answers": ("answer", "answers"), "note_drafts": ("note draft", "note drafts"),
    "evidence": ("evidence reference", "evidence references"), "findings": ("finding", "findings"),
    "risks": ("risk", "risks"), "risk_controls": ("risk-control link", "risk-control links"),
    "actions": ("action", "actions"), "soa_entries": ("SoA entry", "SoA entries"),
    "programmes": ("audit programme", "audit programmes"), "audits": ("audit", "audits"),
    "interviews": ("interview", "interviews"), "samples": ("sample", "samples"),
}


def _count(n: int, table: str) -> str:
    """``1 answer``, ``3 SoA entries``: what an import did, in words."""
    one, many = _TABLE_WORDS.get(table, (table, table))
    return f"{n} {one if n == 1 else many}"


@dataclass
class ImportReport:
    """What an import did, for the person who ran it."""

    assessment_id: str
    org: str
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    history_imported: int = 0

    def lines(self) -> list[str]:
        org = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in self.org)  # data, never control codes
        out = [f"merged assessment {self.assessment_id} ({org})"]
        for tbl, n in sorted(self.inserted.items()):
            out.append(f"  added {_count(n, tbl)}")
        for tbl, n in sorted(self.updated.items()):
            out.append(f"  updated {_count(n, tbl)}")
        same = f"{self.unchanged} row{'s' if self.unchanged != 1 else ''} already identical"
        trail = (f"{self.history_imported} audit-trail entr{'ies' if self.history_imported != 1 else 'y'} from the "
                 "bundle appended to this file's trail" if self.history_imported
                 else "the bundle's audit trail was already in this file")
        out.append(f"  {same}; {trail}")
        if self.conflicts:
            out.append(f"  {counted(len(self.conflicts), 'conflict')} (the newer change kept):")
            out.extend(f"    {c}" for c in self.conflicts)
        return out
