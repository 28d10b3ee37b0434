class StoreError(Exception):
    """A problem with the database file, as one line a person can act on."""


class StaleWriteError(StoreError):
    """A write refused because what it was based on changed meanwhile (another window or process)."""

    def __init__(self, message: str, current: object = None) -> None:
        super().__init__(message)
        self.current = current
        """What is stored now (an Answer, or None)."""
