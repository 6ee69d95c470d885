"""Screens in kam's light theme, where the signals must stay readable on a white background."""

from __future__ import annotations

from kam_tui.ui.app import KamApp
from tests.snapshot_apps.demo_app import build_app, settle
from tests.snapshot_apps.pipeline_app import open_board
from tests.snapshot_apps.relationships_app import make_app, open_trade_example

WIDE = (120, 40)


def light(app: KamApp) -> KamApp:
    """Return the app switched to kam's light theme, as a rep's settings file would."""
    app.theme = "kam-light"
    return app


def test_account_list_in_the_light_theme(snap_compare):
    assert snap_compare(light(build_app()), terminal_size=WIDE, run_before=settle)


def test_pipeline_board_in_the_light_theme(snap_compare):
    """Stalled and overdue deals keep their marks (⚑, !) and a colour that reads on white."""
    assert snap_compare(light(build_app()), terminal_size=WIDE, run_before=open_board)


def test_relationship_map_in_the_light_theme_in_chinese(snap_compare):
    """Stances keep their signs (+, −, ?) beside colours that read on white."""
    assert snap_compare(light(make_app("zh")), terminal_size=WIDE, run_before=open_trade_example)
