"""The demo app with the import wizard open on a fixed GBK sheet, driven to a given step."""

from __future__ import annotations

from pathlib import Path

from kam_tui.areas.exchange.service import ImportService
from kam_tui.areas.exchange.ui.import_wizard_screen import ImportWizardScreen
from tests.exchange import files
from tests.helpers import wait_for
from tests.snapshot_apps.demo_app import build_app, settle

__all__ = ["build_app", "settle", "to_step"]

# A fixed place: the path is typed into the wizard and so is part of the picture.
SAMPLE = Path("/tmp/kam-snap-import/客户名录.csv")
ROWS = [["2026年大客户名录"],
        ["客户名称", "联系电话", "区域", "客户类别", "首次合作日期", "备注"],
        ["济南重汽运输", "05318888666", "华东", "A 战略客户", "2026-01-05", "老客户"],
        ["[b]北京远达[/b]\x1b[2J物流", "13800138000", "华北", "B", "2026-02-30", ""],
        ["济南重汽运输", "05318888666", "华东", "A", "", "第二次出现"],
        ["青岛港湾运输", "0532-8888", "华东", "Z", "2026/3/1", "=1+1"]]


def sample() -> Path:
    """Write the sample sheet (a title row above the header, a bad date, a duplicate)."""
    SAMPLE.parent.mkdir(parents=True, exist_ok=True)
    return files.gbk_csv(SAMPLE, ROWS)


async def to_step(pilot, step: int, *, skip_refused: bool = False) -> None:
    """Open the wizard from the account list and walk it with the rep's keys up to `step`."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportWizardScreen))
    await settle(pilot)
    wizard = app.screen
    # The real run's backup is named by the clock; without a file path the engine takes none.
    wizard._importer = ImportService(app.db, None, app.today)
    wizard.query_one("#imp-path").value = str(sample())
    await pilot.press("enter")
    await wait_for(pilot, lambda: wizard.inspection is not None)
    await settle(pilot)
    keys = {2: ["ctrl+s"], 3: ["enter"], 4: ["ctrl+s"], 5: ["ctrl+s"],
            6: ["ctrl+s"], 7: ["ctrl+s"]}
    for number in range(2, step + 1):
        if number == 6 and skip_refused:
            await pilot.click("#imp-skip")
            await wait_for(pilot, lambda: wizard.query_one("#imp-skip").value)
            await settle(pilot)
        for key in keys[number]:
            await pilot.press(key)
        # The step shown, and its work (a dry run, the import) done.
        await wait_for(pilot, lambda: wizard.step == number and not wizard.busy)
        await settle(pilot)
    app.clear_notifications()
    await settle(pilot)
