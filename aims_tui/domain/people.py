"""Who answered: names as people type them, each with an optional role in brackets."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["IntervieweeChoice", "parse_people", "parse_person", "split_people"]

_WITH_ROLE = re.compile(r"^(?P<name>.*?)\s*\((?P<role>[^()]*)\)\s*$")
_BETWEEN_PEOPLE = re.compile(r",(?![^()]*\))")
"""A comma that separates people: not one inside a role's brackets ("Dana Ng (CISO, Risk)")."""


@dataclass(frozen=True)
class IntervieweeChoice:
    names: list[str]
    """Empty: nobody (clears the interviewees of the answer)."""
    roles: dict[str, str]
    """The role to record per name; a name not here keeps the role it had."""


def parse_people(names: str, role: str) -> IntervieweeChoice:
    """``"Dana Ng (CISO), Raj Patel"`` with role ``"Data science"``: each name may carry its own
    role in brackets; the role field goes to the names without one."""
    people: dict[str, str] = {}
    for entry in _BETWEEN_PEOPLE.split(names):
        name, own = parse_person(entry)
        if name:
            people.setdefault(name, own or role.strip())
    return IntervieweeChoice(list(people), {name: r for name, r in people.items() if r})


def split_people(names: str) -> list[str]:
    """The people as typed, split at the commas between people (not those inside brackets)."""
    return [entry.strip() for entry in _BETWEEN_PEOPLE.split(names)]


def parse_person(text: str) -> tuple[str, str]:
    """One person as typed: ``"Dana Ng (CISO, Risk)"`` → ``("Dana Ng", "CISO, Risk")``; a name
    without brackets has no role (``"Smith, J."`` stays one name)."""
    text = text.strip()
    match = _WITH_ROLE.match(text)
    return (match["name"].strip(), match["role"].strip()) if match else (text, "")
