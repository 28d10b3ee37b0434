"""Interviewee names as people type them: "Dana Ng (CISO), Raj Patel"."""

from __future__ import annotations

import pytest

from aims_tui.domain.people import parse_people


@pytest.mark.parametrize("names, role, people, roles", [
    ("Jane Doe", "CISO", ["Jane Doe"], {"Jane Doe": "CISO"}),
    ("Jane Doe", "", ["Jane Doe"], {}),  # no role given: the person keeps the one on record
    ("Dana Ng (CISO), Raj Patel", "Data science", ["Dana Ng", "Raj Patel"],
     {"Dana Ng": "CISO", "Raj Patel": "Data science"}),
    ("Dana Ng (CISO), Raj Patel (Head of ML)", "", ["Dana Ng", "Raj Patel"],
     {"Dana Ng": "CISO", "Raj Patel": "Head of ML"}),
    ("  , Dana Ng ,, Dana Ng (CTO)", "", ["Dana Ng"], {}),  # blanks dropped, first mention of a name wins
    ("Team (Ops) (EU)", "", ["Team (Ops)"], {"Team (Ops)": "EU"}),
    ("", "CISO", [], {}),
    ("Dana Ng (CISO, Risk), Raj Patel", "", ["Dana Ng", "Raj Patel"], {"Dana Ng": "CISO, Risk"}),
])
def test_interviewee_names_may_carry_their_own_role(names, role, people, roles):
    choice = parse_people(names, role)
    assert (choice.names, choice.roles) == (people, roles)


@pytest.mark.parametrize("text, person", [
    ("Smith, J.", ("Smith, J.", "")),  # one person on the command line: the comma is part of the name
    ("Dana Ng (CISO, Risk)", ("Dana Ng", "CISO, Risk")),
    ("  Raj Patel  ", ("Raj Patel", "")),
])
def test_one_person_as_typed(text, person):
    from aims_tui.domain.people import parse_person

    assert parse_person(text) == person
