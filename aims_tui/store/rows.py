"""Rows <-> domain models: how a model is stored (JSON text for lists, 0/1 for booleans) and read back."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeVar

from aims_tui.store.audit import canonical
from aims_tui.store.schema import TABLES

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")


class _LazyModels:
    """``aims_tui.domain.models``, imported on first use. Opening a file and listing its
    assessments (the home list) need no pydantic, whose import costs ~100 ms at start-up."""

    def __getattr__(self, name: str) -> Any:
        from aims_tui.domain import models as module

        value = getattr(module, name)
        setattr(self, name, value)
        return value


models: Any = _LazyModels()


def to_row(tbl: str, model: BaseModel, exclude: set[str] = frozenset()) -> dict[str, Any]:
    """The row that stores ``model`` in table ``tbl``."""
    spec = TABLES[tbl]
    data = model.model_dump(mode="json", exclude=set(exclude))
    for col in spec.json_columns:
        if col in data:
            data[col] = None if data[col] is None else canonical(data[col])
    for col in spec.bool_columns:
        if col in data and data[col] is not None:
            data[col] = int(data[col])
    return data


def from_row(tbl: str, cls: type[M], row: dict[str, Any], **extra: Any) -> M:
    """The model a stored row holds; raises ValueError/ValidationError for a row that is not one."""
    spec = TABLES[tbl]
    data = dict(row)
    for col in spec.json_columns:
        if data.get(col) is not None:
            data[col] = json.loads(data[col])
    for col in spec.bool_columns:
        if data.get(col) is not None:
            data[col] = bool(data[col])
    data = {k: v for k, v in data.items() if v is not None or k in cls.model_fields}
    data.update(extra)
    return cls.model_validate(data)
