"""Migrations: named, recorded, and they produce the columns the repository relies on."""

import sqlite_utils

from aims_tui.store import Store
from aims_tui.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES


def test_migrations_produce_expected_tables_and_columns(store):
    db = sqlite_utils.Database(store.conn)
    assert set(TABLES) | {"history", "_migrations"} <= set(db.table_names())
    assert {"assessment_id", "question_id", "status", "maturity", "notes", "interviewees", "assessor",
            "updated_at"} == set(db["answers"].columns_dict)
    assert db["answers"].pks == ["assessment_id", "question_id"]
    assert {"likelihood", "impact", "residual_likelihood", "residual_impact", "treatment",
            "acceptance_reason"} <= set(db["risks"].columns_dict)
    assert {fk.other_table for fk in db["answers"].foreign_keys} == {"assessments"}


def test_reopening_applies_nothing_twice(db_path):
    Store.open(db_path).close()
    s = Store.open(db_path)
    assert s.conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS) == SCHEMA_VERSION
    assert [r[0] for r in s.conn.execute("SELECT name FROM _migrations")] == [m.__name__ for m in MIGRATIONS]
    assert all(m.__name__.startswith("m0") for m in MIGRATIONS)
