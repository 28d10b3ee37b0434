"""Errors of the domain layer, importable without pydantic or YAML."""

from __future__ import annotations


class ContentError(Exception):
    """One or more problems in content files; each message is one line: file:line: field: problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(messages[0] if messages else "content error")
