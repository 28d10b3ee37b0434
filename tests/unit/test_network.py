"""docs/CONTRACT.md R7: the suite runs with sockets blocked, and the app opens none."""

import socket

import pytest
from pytest_socket import SocketBlockedError

from aims_tui.cli import main


def test_sockets_are_blocked_in_tests():
    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_a_whole_cli_journey_opens_no_socket(tmp_path, capsys, monkeypatch):
    opened = []
    real = socket.socket.__init__

    def spy(self, *args, **kwargs):
        opened.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "__init__", spy)
    db = str(tmp_path / "n.db")
    assert main(["demo", "--no-open", "--db", db]) == 0
    assert main(["list", "--json", "--db", db]) == 0
    assert main(["verify", "--db", db]) == 0
    assert opened == []
