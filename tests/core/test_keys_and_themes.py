"""A person's own keys work and show everywhere keys are shown; their theme is kept across runs."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets._footer import FooterKey

from kam_tui.core import paths
from kam_tui.ui.app import KamApp
from kam_tui.ui.forms.record_form_screen import RecordFormScreen
from kam_tui.ui.help_screen import HelpScreen
from kam_tui.ui.i18n import STRINGS
from kam_tui.ui.key_list import all_keys
from tests.helpers import TODAY, add_account, table, wait_for


def write_config(text: str) -> None:
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def help_text(app: KamApp) -> list[str]:
    """Return the help screen's lines as the rep reads them."""
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None)
    console.print(app.screen._table())
    return [line.strip() for line in console.export_text().splitlines()]


def footer_keys(app: KamApp) -> dict[str, str]:
    """Return the footer's keys shown, by description."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


def test_every_key_with_an_id_is_in_the_catalog_so_a_real_id_is_never_called_unknown():
    keys = all_keys()
    assert len(keys) > 80
    assert [action for action, _, _ in keys if action not in STRINGS] == []


async def test_a_new_key_for_new_works_and_the_old_one_no_longer_does(db):
    write_config('[keys]\n"verb.new" = "a"\n')
    add_account("Acme Freight")
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 1)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, RecordFormScreen)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, RecordFormScreen))


async def test_a_remapped_key_is_shown_in_the_footer_in_help_and_in_the_palette(db):
    write_config('[keys]\n"verb.new" = "a"\n"nav.help" = "f1"\n"nav.pipeline" = "ctrl+b"\n')
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        # The footer shows the table's own keys only once the table has focus, after the
        # global ones, so wait for the key under test rather than for any footer at all.
        await wait_for(pilot, lambda: table(app).row_count == 0 and "New" in footer_keys(app))
        assert footer_keys(app)["New"] == "a"
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        lines = help_text(app)
        assert "a  New" in lines and "f1  Help" in lines and "^b  Pipeline" in lines
        assert "n  New" not in lines and "?  Help" not in lines
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen))
        commands = {command.title: command.help for command in
                    app.get_system_commands(app.screen)}
        assert commands["Pipeline"].startswith("^b · ")
        assert commands["Help"].startswith("f1 · ")
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: app.current_mode == "pipeline")


async def test_unknown_ids_and_keys_taken_by_a_global_key_are_said_at_start(db):
    write_config('[keys]\n"verb.delte" = "x"\n"verb.delete" = "q"\n"verb.new" = "a"\n')
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app._notifications)
        (note,) = list(app._notifications)
        assert "verb.delte" in note.message
        assert "“q” for Delete (verb.delete) is already Quit" in note.message
        assert note.severity == "warning"
        assert app._keymap == {"verb.new": "a"}  # the good one applies
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running)  # q still quits


async def test_a_settings_file_with_an_error_starts_on_the_defaults_and_says_where(db):
    write_config('theme = "kam-light"\nlang = \n')
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app._notifications)
        assert app.theme == "kam-dark"
        assert "config.toml, line 2" in list(app._notifications)[0].message


async def test_an_unknown_theme_falls_back_to_kams_dark_one_and_says_so(db):
    write_config('theme = "solarised-nonesuch"\n')
    app = KamApp(db, lang="zh", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app._notifications)
        assert app.theme == "kam-dark"
        assert "solarised-nonesuch" in list(app._notifications)[0].message


async def test_a_theme_chosen_in_the_palette_is_the_theme_of_the_next_start(db):
    app = KamApp(db, lang="en", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(app).row_count == 0)
        assert app.theme == "kam-dark"
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: CommandPalette.is_open(app))
        await pilot.press(*"Theme")
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: CommandPalette.is_open(app)
                       and app.screen.query_one("Input").placeholder == "Search for themes…")
        await pilot.press(*"kam-light")
        await wait_for(pilot, lambda: app.screen.query_one(CommandList).option_count == 1)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "kam-light")
        await wait_for(pilot, lambda: paths.config_path().exists()
                       and 'theme = "kam-light"' in paths.config_path().read_text("utf-8"))
    again = KamApp(db, lang="en", today=TODAY)
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: table(again).row_count == 0)
        assert again.theme == "kam-light"
        assert again.current_theme.dark is False
