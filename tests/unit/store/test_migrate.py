"""Migrations: named, recorded, and they produce the columns the repository relies on."""

import sqlite_utils

from aims_tui.store import Store
from aims_tui.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES


def test_migrations_produce_expected_tables_and_columns(store):
    db = sqlite_utils.Database(store.conn)  # sqlite-utils reads the schema the migrations wrote
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


def test_version_1_file_is_migrated_forward_keeping_its_data(tmp_path, content):
    import sqlite3

    from aims_tui.store.schema import migrate

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    first = MIGRATIONS[:1]
    # Build a file exactly as release 1 left it: only the first migration applied.
    import aims_tui.store.schema as schema

    saved = list(schema.MIGRATIONS)
    schema.MIGRATIONS[:] = first
    try:
        conn.execute("BEGIN")
        migrate(conn)
        conn.execute("COMMIT")
    finally:
        schema.MIGRATIONS[:] = saved
    conn.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    a = store.create_assessment("Org", matrix=content.scales.default_matrix())
    store.save_note_draft(a.id, "4.1-q1", "works after the upgrade")
    assert store.verify().ok
