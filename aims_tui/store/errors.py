class StoreError(Exception):
    """A problem with the database file, as one line a person can act on."""
