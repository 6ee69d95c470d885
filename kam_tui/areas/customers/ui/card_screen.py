"""The customer card (客户资料卡): one account's file in sections, with its records and advice."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from kam_tui.areas.customers import rules as classify
from kam_tui.areas.customers.service import AccountCard, AccountService
from kam_tui.core.domain import decline, vocab
from kam_tui.core.domain.fields import ACCOUNT_FIELDS, SECTIONS, FieldSpec, Kind
from kam_tui.ui.bindings import localise_bindings
from kam_tui.ui.kit import format as fmt
from kam_tui.ui.kit.load_order import LoadOrder
from kam_tui.ui.kit.workers import db_work

# Which record kind each tab lists, and what `n` creates there.
TAB_KINDS: dict[str, str] = {
    "basics": "activity",
    "business": "product",
    "contacts": "contact",
    "opportunities": "opportunity",
    "purchases": "purchase",
    "visits": "activity",
    "competitors": "competitor",
}
LIST_TABS = ("business", "contacts", "opportunities", "purchases", "visits", "competitors")
TAB_ORDER = ("basics", "business", "contacts", "opportunities", "purchases", "visits",
             "competitors")


class CardScreen(Screen):
    """One account's card: basics, business, contacts, opportunities, purchases, visits, rivals."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="nav.back"),
        Binding("e", "edit", "Edit", id="verb.edit"),
        Binding("n", "new", "New", id="verb.new"),
        Binding("d", "delete", "Delete", id="verb.delete"),
        Binding("u,ctrl+z", "app.undo", "Undo", id="verb.undo", key_display="u"),
        Binding("s", "suggestions", "Suggestions", id="verb.suggest"),
        Binding("m", "relationship_map", "Relationship map", id="nav.relationships"),
        Binding("right_square_bracket,tab", "tab(1)", "Next section", id="verb.next_tab",
                key_display="]"),
        Binding("left_square_bracket,shift+tab", "tab(-1)", "Previous section",
                id="verb.prev_tab", key_display="[", show=False),
        Binding("ctrl+r", "refresh_data", "Refresh", show=False, id="verb.refresh"),
    ]

    class CardLoaded(Message):
        """A worker read the card (None when the account is gone)."""

        def __init__(self, card: AccountCard | None, number: int) -> None:
            super().__init__()
            self.card = card
            self.number = number

    class RecordDeleted(Message):
        """A worker soft-deleted a record on this card."""

        def __init__(self, kind: str, record_id: int, name: str) -> None:
            super().__init__()
            self.kind = kind
            self.record_id = record_id
            self.name = name

    def __init__(self, account_id: int) -> None:
        super().__init__()
        self.account_id = account_id
        self.card: AccountCard | None = None
        self._order = LoadOrder()

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        t = self.app.t
        yield Header()
        yield Static(Text(t("list.loading")), id="card-head")
        with TabbedContent(id="card-tabs"):
            with TabPane(t("tab.basics"), id="basics"):
                with VerticalScroll():
                    yield Static(id="basics-body", classes="card-body")
            with TabPane(t("tab.business"), id="business"):
                with VerticalScroll():
                    yield Static(id="business-body", classes="card-body")
                    yield Static(Text(t("card.products"), style="bold"), classes="card-subtitle")
                    yield DataTable(id="table-business", cursor_type="row", classes="card-table")
            for tab in LIST_TABS[1:]:
                with TabPane(t(f"tab.{tab}"), id=tab):
                    yield Static(id=f"{tab}-summary", classes="card-summary")
                    yield DataTable(id=f"table-{tab}", cursor_type="row", classes="card-table")
        yield Footer()

    def on_mount(self) -> None:
        localise_bindings(self, self.app.lang)
        self.sub_title = self.app.t("card.title")
        self._setup_tables()
        self._load()

    def on_screen_resume(self) -> None:
        if self.card is not None:
            self._load()

    def _setup_tables(self) -> None:
        t = self.app.t
        zh = self.app.lang == "zh"
        heads = {
            "business": (("用途", "品牌", "数量", "使用年限") if zh
                         else ("Purpose", "Brand", "Quantity", "Years")),
            "contacts": (("姓名", "职务", "部门", "上级", "电话", "紧密度", "联系计划") if zh
                         else ("Name", "Title", "Department", "Reports to", "Phone", "Closeness",
                               "Plan")),
            "opportunities": (("项目", "阶段", "状态", "金额", "预计成交", "下一步") if zh
                              else ("Opportunity", "Stage", "Status", "Amount", "Close",
                                    "Next action")),
            "purchases": (("日期", "项目", "产品", "数量", "金额", "交付") if zh
                          else ("Date", "Project", "Product", "Qty", "Amount", "Delivered")),
            "visits": (("日期", "方式", "内容", "结果", "下一步") if zh
                       else ("Date", "Kind", "Summary", "Result", "Next step")),
            "competitors": (("竞争对手", "对方业务员", "优势", "劣势") if zh
                            else ("Competitor", "Their rep", "Strengths", "Weaknesses")),
        }
        for tab, columns in heads.items():
            table = self.query_one(f"#table-{tab}", DataTable)
            for column in columns:
                table.add_column(column)
        del t

    # --- data --------------------------------------------------------------------------------

    @db_work(exclusive=True, group="card")
    def _fetch(self, number: int) -> None:
        self.post_message(self.CardLoaded(self.app.service(AccountService).card(self.account_id), number))

    def _load(self) -> None:
        self._fetch(self._order.next())

    def refresh_data(self) -> None:
        """Reload the card after data changed."""
        self._load()

    def on_card_screen_card_loaded(self, message: CardLoaded) -> None:
        if not self._order.accept(message.number):
            return  # a read started before an edit landed; the newer card is shown
        if message.card is None:
            self.query_one("#card-head", Static).update(Text(self.app.t("card.gone"), style="bold"))
            self.card = None
            return
        self.card = message.card
        self._render_card(message.card)

    def _render_card(self, card: AccountCard) -> None:
        self.query_one("#card-head", Static).update(self._head(card))
        self.query_one("#basics-body", Static).update(self._basics(card))
        self.query_one("#business-body", Static).update(
            self._fields_grid([spec for spec in ACCOUNT_FIELDS if spec.section == "business"],
                              card.values))
        self._fill("business", [(r.id, (r.values["purpose"], r.values["brand"],
                                        r.values["quantity"], r.values["years_in_use"]))
                                for r in card.products])
        self._fill("contacts", [
            (r.id, (r.values["name"] + (" ★" if r.values["is_main"] else ""), r.values["title"],
                    r.values["department"], r.extra.get("reports_to", ""),
                    r.values["mobile"] or r.values["phone"],
                    vocab.Closeness.label_of(r.values["closeness"], self.app.lang),
                    vocab.ContactPlan.label_of(r.values["contact_plan"], self.app.lang)))
            for r in card.contacts])
        self._fill("opportunities", [
            (r.id, (r.values["title"], self._stage(r.extra), vocab.OpportunityStatus.label_of(
                r.extra["status"], self.app.lang), fmt.money(r.values["amount"]),
                fmt.day(r.values["expected_close"]), r.values["next_action"]))
            for r in card.opportunities])
        self._fill("purchases", [
            (r.id, (fmt.day(r.values["purchased_on"]), r.values["project"], r.values["product"],
                    r.values["quantity"], fmt.money(r.values["amount"]),
                    fmt.day(r.values["delivered_on"])))
            for r in card.purchases])
        self._fill("visits", [
            (r.id, (fmt.day(r.values["occurred_on"]),
                    vocab.ActivityKind.label_of(r.values["kind"], self.app.lang),
                    r.values["summary"], r.values["result"], r.values["next_step"]))
            for r in card.activities])
        self._fill("competitors", [
            (r.id, (r.values["competitor"], r.values["their_rep"], r.values["strengths"],
                    r.values["weaknesses"]))
            for r in card.competitors])
        self._summaries(card)

    def _stage(self, extra: dict[str, Any]) -> str:
        stage = vocab.stage(extra["stage"])
        rate = extra.get("win_rate_override")
        rate_text = f"{stage.win_rate}%" if rate is None else f"{rate}%*"
        return f"{stage.number} {stage.label(self.app.lang)} {rate_text}"

    def _fill(self, tab: str, rows: list[tuple[int, tuple[Any, ...]]]) -> None:
        table = self.query_one(f"#table-{tab}", DataTable)
        cursor = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*(fmt.literal("" if cell is None else cell, 80) for cell in cells),
                          key=str(key))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    def _head(self, card: AccountCard) -> Text:
        lang = self.app.lang
        values = card.values
        head = Text(fmt.literal(values["name"], 80).plain, style="bold")
        if values["short_name"]:
            head.append(f"  ({fmt.literal(values['short_name'], 60).plain})", style="dim")
        head.append("\n")
        badges = [
            vocab.AbcClass.label_of(values["abc_class"], lang),
            vocab.Layer.label_of(values["layer"], lang),
            vocab.AccountStatus.label_of(values["status"], lang),
            vocab.Lifecycle.label_of(values["lifecycle"], lang),
        ]
        head.append(" · ".join(badge for badge in badges if badge))
        if values["region"]:
            head.append(f" · {fmt.literal(values['region'], 40).plain}")
        if card.owner_name:
            head.append(f" · {self.app.t('col.owner')}: {fmt.literal(card.owner_name, 40).plain}")
        for warning in self._warnings(card):
            head.append(f"\n⚠ {warning}", style="bold yellow")
        return head

    def _warnings(self, card: AccountCard) -> list[str]:
        dates = [record.values["purchased_on"] for record in card.purchases]
        last_contact = card.activities[0].values["occurred_on"] if card.activities else None
        warnings = decline.decline_warnings(self.app.today(), dates, last_contact)
        return [warning.message(self.app.lang) for warning in warnings]

    def _fields_grid(self, specs: Iterable[FieldSpec], values: dict[str, Any],
                     names: dict[str, str] | None = None) -> Table:
        lang = self.app.lang
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, width=20 if lang == "en" else 12)
        grid.add_column(ratio=1, overflow="fold")
        for spec in specs:
            grid.add_row(Text(spec.label(lang)), self._value_text(spec, values, names or {}))
        return grid

    def _value_text(self, spec: FieldSpec, values: dict[str, Any], names: dict[str, str]) -> Text:
        value = values.get(spec.name)
        lang = self.app.lang
        if spec.kind is Kind.BOOL:
            return Text("✓ " + ("是" if lang == "zh" else "yes") if value else "✗ " + (
                "否" if lang == "zh" else "no"))
        if spec.kind is Kind.REF:
            return Text(fmt.literal(names.get(spec.name, ""), 80).plain or "—")
        if spec.kind is Kind.CHOICE and spec.choices is not None:
            return Text(spec.choices.label_of(value, lang) or "—")
        if spec.kind is Kind.DATE:
            return Text(fmt.day(value))
        if spec.kind in (Kind.INT, Kind.MONEY):
            return Text("—" if value is None else f"{value:,}")
        text = fmt.literal(value, 2000) if spec.kind is not Kind.MULTILINE else Text(
            fmt.literal(value, 4000).plain)
        return text if text.plain else Text("—", style="dim")

    def _basics(self, card: AccountCard) -> Table | Group:
        lang = self.app.lang
        t = self.app.t
        names = {"owner_id": card.owner_name, "dealer_id": card.dealer_name}

        def section(key: str) -> Group:
            title = next(item for item in SECTIONS if item.key == key).label(lang)
            specs = [spec for spec in ACCOUNT_FIELDS if spec.section == key]
            return Group(Text(title, style="bold underline"),
                         self._fields_grid(specs, card.values, names), Text(""))

        advice = [Text(f"{t('card.suggestions')}  (s)", style="bold underline"),
                  *self._suggestion_lines(card), Text(""),
                  Text(t("card.revisits"), style="bold underline")]
        for revisit in card.revisits:
            line = fmt.due(revisit.values["due_on"], self.app.today())
            line.append("  " + vocab.ActivityKind.label_of(revisit.values["kind"], lang))
            line.append("  " + vocab.CadenceRule.label_of(revisit.values["rule"], lang),
                        style="dim")
            advice.append(line)
        if not card.revisits:
            advice.append(Text("—", style="dim"))
        left = Group(section("basics"), section("nature"), section("relationship"))
        right = Group(section("classification"), *advice)
        if self.size.width < 100:
            return Group(left, right)
        columns = Table.grid(padding=(0, 3), expand=True)
        columns.add_column(ratio=1)
        columns.add_column(ratio=1)
        columns.add_row(left, right)
        return columns

    def _suggestion_lines(self, card: AccountCard) -> list[Text]:
        lang = self.app.lang
        t = self.app.t
        values = card.values
        lines = []
        abc = classify.suggest_abc(card.pareto_share)
        lines.append(self._suggestion(t("suggest.abc"), abc.label(lang) if abc else None,
                                      abc is not None and abc.value == values["abc_class"]))
        size = classify.suggest_size(values["installed_base"], values["operating_scope"])
        lines.append(self._suggestion(t("suggest.size"), size.label(lang) if size else None,
                                      size is not None and size.value == values["enterprise_size"]))
        advice = classify.man_advice(values["man_money"], values["man_authority"],
                                     values["man_need"])
        lines.append(Text.assemble((f"{t('suggest.man')}: ", "bold"),
                                   f"{advice.combination} → {advice.message(lang)}"))
        return lines

    def _suggestion(self, label: str, value: str | None, same: bool) -> Text:
        t = self.app.t
        text = Text.assemble((f"{label}: ", "bold"))
        if value is None:
            text.append(t("suggest.none"), style="dim")
        else:
            text.append(value)
            text.append(f"  ({t('suggest.same')})" if same else "  ← s", style="dim")
        return text

    def _summaries(self, card: AccountCard) -> None:
        t = self.app.t
        lang = self.app.lang
        if card.purchases:
            trajectory = t("card.trajectory", amount=fmt.money(card.purchase_total_12m),
                           count=sum(1 for r in card.purchases
                                     if (self.app.today() - r.values["purchased_on"]).days < 365),
                           last=fmt.day(card.last_purchase))
        else:
            trajectory = t("card.no_purchase")
        self.query_one("#purchases-summary", Static).update(Text(trajectory))
        open_total = sum(r.values["amount"] or 0 for r in card.opportunities
                         if r.extra["status"] == "open")
        weighted = sum((r.values["amount"] or 0) * (
            r.extra["win_rate_override"] if r.extra["win_rate_override"] is not None
            else vocab.stage(r.extra["stage"]).win_rate) / 100
            for r in card.opportunities if r.extra["status"] == "open")
        self.query_one("#opportunities-summary", Static).update(Text(
            f"{t('col.pipeline')}: {fmt.money(open_total)} · "
            f"{'加权' if lang == 'zh' else 'weighted'} {fmt.money(round(weighted))}"))
        visits = t("card.activities_more", shown=len(card.activities), total=card.activity_count)
        self.query_one("#visits-summary", Static).update(Text(visits))
        self.query_one("#contacts-summary", Static).update(Text(
            f"{len(card.contacts)} · ★ = {'主要联系人' if lang == 'zh' else 'main contact'}"))
        self.query_one("#competitors-summary", Static).update(Text(str(len(card.competitors))))

    # --- actions -----------------------------------------------------------------------------

    @property
    def _tab(self) -> str:
        return self.query_one(TabbedContent).active or "basics"

    def _selected(self) -> tuple[str, int, str] | None:
        tab = self._tab
        if tab not in LIST_TABS:
            return None
        table = self.query_one(f"#table-{tab}", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        label = str(table.get_row_at(table.cursor_row)[0])
        return TAB_KINDS[tab], int(key or 0), label

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_tab(self, step: int) -> None:
        index = (TAB_ORDER.index(self._tab) + step) % len(TAB_ORDER)
        self.query_one(TabbedContent).active = TAB_ORDER[index]
        self._focus_tab_table()

    def _focus_tab_table(self) -> None:
        tab = self._tab
        if tab in LIST_TABS:
            self.query_one(f"#table-{tab}", DataTable).focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self.call_after_refresh(self._focus_tab_table)

    def action_edit(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.card is None:
            return
        selected = self._selected()
        if selected is None:
            self.app.push_screen(RecordFormScreen("account", record_id=self.account_id))
        else:
            kind, record_id, _ = selected
            self.app.push_screen(RecordFormScreen(kind, record_id=record_id,
                                                  parent_id=self.account_id,
                                                  account_id=self.account_id))

    def action_new(self) -> None:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        if self.card is None:
            return
        kind = TAB_KINDS[self._tab]
        initial: dict[str, Any] = {}
        if kind == "activity":
            initial = {"occurred_on": self.app.today().isoformat(), "kind": "visit"}
        elif kind == "purchase":
            initial = {"purchased_on": self.app.today().isoformat()}
        self.app.push_screen(RecordFormScreen(kind, parent_id=self.account_id,
                                              account_id=self.account_id, initial=initial))

    def action_delete(self) -> None:
        from kam_tui.ui.kit.confirm_dialog import ConfirmDialog

        if self.card is None:
            return
        selected = self._selected()
        if selected is None:
            kind, record_id, name = "account", self.account_id, self.card.values["name"]
        else:
            kind, record_id, name = selected
        question = self.app.t("delete.q", kind=self.app.t(f"kind.{kind}"),
                              name=fmt.literal(name, 80).plain)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(kind, record_id, name)

        self.app.push_screen(ConfirmDialog(question, yes=self.app.t("verb.yes_delete")), confirmed)

    @db_work(group="card-delete")
    def _delete(self, kind: str, record_id: int, name: str) -> None:
        self.app.records.delete(kind, record_id)
        self.post_message(self.RecordDeleted(kind, record_id, name))

    def on_card_screen_record_deleted(self, message: RecordDeleted) -> None:
        self.app.remember_deleted(message.kind, message.record_id, message.name)
        if message.kind == "account":
            self.app.pop_screen()
        else:
            self._load()

    def action_suggestions(self) -> None:
        from kam_tui.areas.customers.ui.suggestions_dialog import SuggestionsDialog

        if self.card is not None:
            self.app.push_screen(SuggestionsDialog(self.card), lambda _: self._load())

    def action_refresh_data(self) -> None:
        self._load()

    def action_relationship_map(self) -> None:
        selected = self._selected()
        deal = selected[1] if selected and selected[0] == "opportunity" else None
        self.app.action_go("relationships", account_id=self.account_id, opportunity_id=deal)

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands this screen adds to the command palette."""
        t = self.app.t
        yield SystemCommand(t("verb.edit") + " · " + t("kind.account"), "e",
                            lambda: self.app.push_screen(self._account_form()))
        for tab in TAB_ORDER:
            yield SystemCommand(t(f"tab.{tab}"), "[ ]",
                                lambda tab=tab: setattr(self.query_one(TabbedContent),
                                                        "active", tab))
        for tab in LIST_TABS:
            kind = TAB_KINDS[tab]
            yield SystemCommand(f"{t('verb.new')} · {t('kind.' + kind)}", "n",
                                lambda tab=tab: self._new_in(tab))
        yield SystemCommand(t("verb.suggest"), "s", self.action_suggestions)

    def _account_form(self) -> Screen:
        from kam_tui.ui.forms.record_form_screen import RecordFormScreen

        return RecordFormScreen("account", record_id=self.account_id)

    def _new_in(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.action_new()
