"""Keys written to kam's terminal in one write, as a slow SSH link delivers them, act in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import add_account
from tests.kam_terminal import KamTerminal


@pytest.fixture
def accounts_file(db, db_path: Path) -> Path:
    for i in range(30):
        add_account(f"Account {i:02d}")
    add_account("Wang Brothers Haulage")
    db.close()
    return db_path


def test_a_burst_after_start_up_searches_instead_of_opening_new(accounts_file):
    terminal = KamTerminal(accounts_file)
    try:
        terminal.wait_to_show("31 accounts", "Account 00")
        terminal.press(b"/wang")
        # " wang": the search box (the names say "Wang"); without the fix New opened instead.
        text = terminal.wait_to_show(" wang ", "1 of 31 accounts", "Wang Brothers", seconds=20)
        assert "New account" not in text
    finally:
        terminal.close()


def test_a_burst_typed_while_kam_starts_still_means_search(accounts_file):
    terminal = KamTerminal(accounts_file)
    try:
        terminal.press(b"/wang")  # before kam has drawn anything
        # Without the fix the search box got "/wang" and found nobody.
        text = terminal.wait_to_show(" wang ", "1 of 31 accounts", "Wang Brothers", seconds=20)
        assert "/wang" not in text
    finally:
        terminal.close()
