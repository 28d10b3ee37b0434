"""The domain core: models, content loading, scoring, risk and SoA drafting.

Pure Python: imports neither textual, sqlite3/sqlite_utils nor docx (tests/unit/test_layers.py).
"""
