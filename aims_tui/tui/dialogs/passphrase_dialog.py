"""The passphrase prompt: before the TUI opens an encrypted engagement file, or, for a file that does
not exist yet, the choice to create it encrypted; and for an encrypted bundle being imported (issue 15).

It returns what ``open_with(passphrase)`` opened (the Store, the bundle), or None when the user
pressed esc. The opening runs on a thread (deriving the key takes a noticeable moment) and the
prompt stays until it has worked: a wrong passphrase is said in the prompt, the file untouched, and
the user types again. The passphrase is held only by the masked fields and the call: never stored,
logged (the worker's description does not carry it) or written to the audit trail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from aims_tui.store import StoreError

DIFFER = "the two passphrases differ; type them again"


class PassphraseDialog(ModalScreen[Any]):
    """One masked field for an encrypted file; two for a new file (both empty: a plain file)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="passphrase-cancel")]

    def __init__(self, title: str, path: Path, open_with: Callable[[str | None], Any], *, new: bool = False,
                 esc: str = "esc quits") -> None:
        """``open_with(passphrase)`` opens ``path`` (``new``: creates it, plain when None), raising
        StoreError with one line naming ``path`` when it cannot; ``esc`` says what esc does."""
        super().__init__()
        self._title, self.path, self._open_with, self.new, self._esc = title, path, open_with, new, esc
        self._opening = False
        self._cancelled = False

    @property
    def first(self) -> Input:
        return self.query_one("#passphrase", Input)

    @property
    def error(self) -> Static:
        return self.query_one("#passphrase-error", Static)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small", id="passphrase-dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            if self.new:
                yield Static(Text(f"{self.path}\nTo encrypt it, type a passphrase twice. To keep it plain, "
                                  "leave both fields empty. A forgotten passphrase cannot be recovered."))
                yield Input(password=True, placeholder="passphrase (empty: a plain file)", id="passphrase")
                yield Input(password=True, placeholder="the same passphrase again", id="passphrase-again")
            else:
                yield Static(Text(str(self.path)))
                yield Input(password=True, placeholder="passphrase", id="passphrase")
            yield Static("", classes="dialog-error", id="passphrase-error")
            yield Static(Text(f"enter opens · {self._esc}"), classes="dialog-hint", id="passphrase-keys")

    def on_mount(self) -> None:
        self.set_focus(self.first)  # at once: keys typed as it opens go into it

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._opening:
            return
        if not self.new:
            if not event.value:
                self._say(f"type the passphrase ({self._esc})")
                return
            self._open(event.value)
            return
        again = self.query_one("#passphrase-again", Input)
        if event.input is self.first:
            self.set_focus(again)
        elif self.first.value != again.value:
            self.first.value = again.value = ""
            self._say(DIFFER)
            self.set_focus(self.first)
        else:
            self._open(again.value or None)

    def _say(self, line: str) -> None:
        self.error.update(Text(line))

    def _open(self, passphrase: str | None) -> None:
        self._opening = True
        self._say("opening…")
        for field in self.query(Input):
            field.disabled = True
        app = self.app
        # A closure, not a worker argument: Textual logs a worker's arguments in its description.
        self.run_worker(lambda: self._open_on_thread(app, passphrase), thread=True, exclusive=True,
                        description=f"opening {self.path.name}", exit_on_error=False)

    def _open_on_thread(self, app: App, passphrase: str | None) -> None:
        try:
            opened = self._open_with(passphrase)
        except StoreError as exc:  # "wrong passphrase or not an aims file": the path is shown above
            _call(app, self._failed, str(exc).removeprefix(f"{self.path}: "))
        except Exception as exc:  # one line in the prompt, never a traceback
            _call(app, self._failed, " ".join(str(exc).split()) or type(exc).__name__)
        else:
            if not _call(app, self._opened, opened):
                _close(opened)

    def _failed(self, line: str) -> None:
        if self._cancelled:  # esc while it was opening: the prompt is gone
            return
        self._opening = False
        for field in self.query(Input):
            field.disabled = False
            field.value = ""
        self._say(line)
        self.set_focus(self.first)

    def _opened(self, opened: Any) -> None:
        if self._cancelled:  # esc while it was opening
            _close(opened)
            return
        self.dismiss(opened)

    def action_cancel(self) -> None:
        self._cancelled = True
        self.dismiss(None)


def _call(app: App, callback: Callable[..., None], *args: object) -> bool:
    """Run ``callback`` on the app's thread; False when the app has gone meanwhile."""
    try:
        app.call_from_thread(callback, *args)
    except RuntimeError:
        return False
    return True


def _close(opened: Any) -> None:
    """Close what was opened for nobody (a Store; a bundle needs nothing)."""
    close = getattr(opened, "close", None)
    if close is not None:
        close()
