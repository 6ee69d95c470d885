"""Error reports go to a private log, never with local values, and never onto the screen."""

from __future__ import annotations

import stat

import pytest

from kam_tui.core.errorlog import MAX_BYTES, write_report
from kam_tui.core.paths import error_log_path
from kam_tui.ui.app import KamApp
from tests.helpers import TODAY, add_account, table, wait_for


def _fail_with_a_secret_local() -> None:
    pipeline_figure = "SECRET-FIGURE-4711"  # noqa: F841  (a local a crash report must not show)
    raise RuntimeError("boom")


def test_a_report_has_the_traceback_but_no_locals_and_is_private():
    try:
        _fail_with_a_secret_local()
    except RuntimeError as error:
        path = write_report(error, "test")
    text = path.read_text()
    assert "RuntimeError: boom" in text and "_fail_with_a_secret_local" in text
    assert "SECRET-FIGURE-4711" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_long_log_starts_again_and_keeps_the_previous_one():
    path = error_log_path()
    path.parent.mkdir(parents=True)
    path.write_text("x" * (MAX_BYTES + 1))
    write_report(RuntimeError("fresh"), "test")
    assert "fresh" in path.read_text() and path.stat().st_size < MAX_BYTES
    assert path.with_name("errors.log.1").stat().st_size > MAX_BYTES


async def test_a_crash_names_the_log_and_prints_no_locals(db, capsys):
    add_account("Atlas Parts")
    app = KamApp(db, lang="en", today=TODAY)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: table(app).row_count == 1)
            app.call_later(_fail_with_a_secret_local)  # a bug in a message handler
            await wait_for(pilot, lambda: app.return_code == 1)
    shown = capsys.readouterr().err  # what the terminal is left with: our short message only
    assert "SECRET-FIGURE-4711" not in shown and "Traceback" not in shown
    assert "unexpected error" in shown and "RuntimeError: boom" in shown
    assert app.crash_log == error_log_path()  # the command prints it whole after the app
    assert "boom" in error_log_path().read_text()


def test_private_folders_make_their_missing_parents_private_too(tmp_path):
    from kam_tui.core.paths import private_dir

    private_dir(tmp_path / "a" / "b" / "c")
    assert [stat.S_IMODE((tmp_path / p).stat().st_mode) for p in ("a", "a/b", "a/b/c")] == \
        [0o700] * 3
