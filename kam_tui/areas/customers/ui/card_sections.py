"""What the customer card shows in each section, rendered from an AccountCard for one language.

The card screen owns the widgets and the keys; this module turns the card's data into the
Rich texts, grids and table rows those widgets show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from kam_tui.areas.customers import rules as classify
from kam_tui.areas.customers.service import AccountCard
from kam_tui.core.domain import decline, vocab
from kam_tui.core.domain.fields import ACCOUNT_FIELDS, SECTIONS, FieldSpec, Kind
from kam_tui.ui.kit import format as fmt

# The column heads of each tab's table, as UI string keys.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "business": ("cardcol.purpose", "cardcol.brand", "cardcol.quantity", "cardcol.years"),
    "contacts": ("cardcol.name", "cardcol.title", "cardcol.department", "cardcol.reports_to",
                 "cardcol.phone", "cardcol.closeness", "cardcol.plan"),
    "opportunities": ("cardcol.opportunity", "cardcol.stage", "cardcol.status",
                      "cardcol.amount", "cardcol.close", "cardcol.next_action"),
    "purchases": ("cardcol.date", "cardcol.project", "cardcol.product", "cardcol.qty",
                  "cardcol.amount", "cardcol.delivered"),
    "visits": ("cardcol.date", "cardcol.kind", "cardcol.summary", "cardcol.result",
               "cardcol.next_step"),
    "competitors": ("cardcol.competitor", "cardcol.their_rep", "cardcol.strengths",
                    "cardcol.weaknesses"),
}


def card_contradictions(card: AccountCard, today: date) -> list[classify.Contradiction]:
    """Return the card's contradictions, with the need (MAN need or an open deal) and the decline
    warning (no purchase for longer than usual) the suggestions read."""
    values = card.values
    dates = [record.values["purchased_on"] for record in card.purchases]
    history = classify.PurchaseHistory.of(values.get("bought_before") or False, dates)
    need = bool(values.get("man_need")) or any(
        record.extra.get("status") == "open" for record in card.opportunities)
    declining = any(warning.code == "no_purchase" for warning in decline.decline_warnings(
        today, [day for day in dates if day]))
    return classify.contradictions(values.get("layer") or "", values.get("status") or "",
                                   values.get("lifecycle") or "", history, today,
                                   need=need, declining=declining)


# The choices each field a contradiction names takes (bought_before is a yes/no flag).
CONTRADICTION_CHOICES: dict[str, type[vocab.Choice]] = {
    "layer": vocab.Layer, "status": vocab.AccountStatus, "lifecycle": vocab.Lifecycle,
}


def suggested_label(contradiction: classify.Contradiction, lang: str,
                    t: Callable[..., str]) -> str:
    """Return the value a contradiction suggests, as the card shows it."""
    choices = CONTRADICTION_CHOICES.get(contradiction.field)
    if choices is None:
        return t("card.yes") if contradiction.suggested else t("card.no")
    return choices.label_of(str(contradiction.suggested), lang)


# How wide the field labels of a grid are (a layout rule, not a text).
LABEL_WIDTH = {"en": 20, "zh": 12}

Rows = list[tuple[int, tuple[Any, ...]]]


class CardSections:
    """Renders one card's sections in the rep's language, as of `today`."""

    def __init__(self, lang: str, t: Callable[..., str], today: date) -> None:
        self.lang = lang
        self.t = t
        self.today = today

    # --- the tables --------------------------------------------------------------------------

    def table_rows(self, card: AccountCard) -> dict[str, Rows]:
        """Return each tab's table rows: (record id, cells)."""
        lang = self.lang
        return {
            "business": [(r.id, (r.values["purpose"], r.values["brand"],
                                 r.values["quantity"], r.values["years_in_use"]))
                         for r in card.products],
            "contacts": [
                (r.id, (r.values["name"] + (" ★" if r.values["is_main"] else ""),
                        r.values["title"], r.values["department"],
                        r.extra.get("reports_to", ""), r.values["mobile"] or r.values["phone"],
                        vocab.Closeness.label_of(r.values["closeness"], lang),
                        vocab.ContactPlan.label_of(r.values["contact_plan"], lang)))
                for r in card.contacts],
            "opportunities": [
                (r.id, (r.values["title"], self.stage(r.extra), vocab.OpportunityStatus.label_of(
                    r.extra["status"], lang), fmt.money(r.values["amount"]),
                    fmt.day(r.values["expected_close"]), r.values["next_action"]))
                for r in card.opportunities],
            "purchases": [
                (r.id, (fmt.day(r.values["purchased_on"]), r.values["project"],
                        r.values["product"], r.values["quantity"], fmt.money(r.values["amount"]),
                        fmt.day(r.values["delivered_on"])))
                for r in card.purchases],
            "visits": [
                (r.id, (fmt.day(r.values["occurred_on"]),
                        vocab.ActivityKind.label_of(r.values["kind"], lang),
                        r.values["summary"], r.values["result"], r.values["next_step"]))
                for r in card.activities],
            "competitors": [
                (r.id, (r.values["competitor"], r.values["their_rep"], r.values["strengths"],
                        r.values["weaknesses"]))
                for r in card.competitors],
        }

    def stage(self, extra: dict[str, Any]) -> str:
        """Return a deal's stage with its win rate; * marks a rate the rep set by hand."""
        stage = vocab.stage(extra["stage"])
        rate = extra.get("win_rate_override")
        rate_text = f"{stage.win_rate}%" if rate is None else f"{rate}%*"
        return f"{stage.number} {stage.label(self.lang)} {rate_text}"

    # --- the head ----------------------------------------------------------------------------

    def head(self, card: AccountCard) -> Text:
        """Return the name, the badges, region and owner, and any decline warnings."""
        lang = self.lang
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
            head.append(f" · {self.t('col.owner')}: {fmt.literal(card.owner_name, 40).plain}")
        for warning in self.warnings(card):
            head.append(f"\n⚠ {warning}", style="bold yellow")
        for contradiction in self.contradictions(card):
            head.append(f"\n≠ {contradiction.message(lang)}  ← s", style="bold yellow")
        return head

    def contradictions(self, card: AccountCard) -> list[classify.Contradiction]:
        """Return where the layer, status and lifecycle contradict the purchase history."""
        return card_contradictions(card, self.today)

    def warnings(self, card: AccountCard) -> list[str]:
        """Return the decline warnings the card's purchases and last contact give."""
        # A date that did not parse reads as None: it neither warns nor hides a warning.
        dates = [day for record in card.purchases if (day := record.values["purchased_on"])]
        last_contact = max((day for record in card.activities
                            if (day := record.values["occurred_on"])), default=None)
        limit = decline.contact_limit(card.values.get("abc_class") or "")
        warnings = decline.decline_warnings(self.today, dates, last_contact,
                                            max_days_without_contact=limit)
        return [warning.message(self.lang) for warning in warnings]

    # --- field grids -------------------------------------------------------------------------

    def fields_grid(self, specs: Iterable[FieldSpec], values: dict[str, Any],
                    names: dict[str, str] | None = None,
                    invalid: dict[str, str] | None = None) -> Table:
        """Return a two-column grid of field labels and values; bad stored values are marked."""
        lang = self.lang
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, width=LABEL_WIDTH.get(lang, 12))
        grid.add_column(ratio=1, overflow="fold")
        for spec in specs:
            value = (Text(self.t("value.invalid"), style="bold red") if spec.name in (invalid or {})
                     else self.value_text(spec, values, names or {}))
            grid.add_row(Text(spec.label(lang)), value)
        return grid

    def business(self, card: AccountCard) -> Table:
        """Return the grid of the business section."""
        return self.fields_grid([spec for spec in ACCOUNT_FIELDS if spec.section == "business"],
                                card.values, invalid=card.invalid)

    def value_text(self, spec: FieldSpec, values: dict[str, Any], names: dict[str, str]) -> Text:
        """Return one field's value as the card shows it."""
        value = values.get(spec.name)
        lang = self.lang
        if spec.kind is Kind.BOOL:
            return Text("✓ " + self.t("card.yes") if value else "✗ " + self.t("card.no"))
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

    # --- the basics tab ----------------------------------------------------------------------

    def basics(self, card: AccountCard, width: int) -> Table | Group:
        """Return the basics tab: its sections, the suggestions and the planned revisits."""
        lang = self.lang
        t = self.t
        names = {"owner_id": card.owner_name, "dealer_id": card.dealer_name}

        def section(key: str) -> Group:
            title = next(item for item in SECTIONS if item.key == key).label(lang)
            specs = [spec for spec in ACCOUNT_FIELDS if spec.section == key]
            return Group(Text(title, style="bold underline"),
                         self.fields_grid(specs, card.values, names, card.invalid), Text(""))

        advice = [Text(f"{t('card.suggestions')}  (s)", style="bold underline"),
                  *self.suggestion_lines(card), Text(""),
                  Text(t("card.revisits"), style="bold underline")]
        for revisit in card.revisits:
            line = fmt.due(revisit.values["due_on"], self.today)
            line.append("  " + vocab.ActivityKind.label_of(revisit.values["kind"], lang))
            line.append("  " + vocab.CadenceRule.label_of(revisit.values["rule"], lang),
                        style="dim")
            advice.append(line)
        if not card.revisits:
            advice.append(Text("—", style="dim"))
        left = Group(section("basics"), section("nature"), section("relationship"))
        right = Group(section("classification"), *advice)
        if width < 100:
            return Group(left, right)
        columns = Table.grid(padding=(0, 3), expand=True)
        columns.add_column(ratio=1)
        columns.add_column(ratio=1)
        columns.add_row(left, right)
        return columns

    def suggestion_lines(self, card: AccountCard) -> list[Text]:
        """Return what the rules suggest for the class, the size and MAN."""
        lang = self.lang
        t = self.t
        values = card.values
        lines = []
        abc = classify.suggest_abc(card.pareto_share)
        lines.append(self.suggestion(t("suggest.abc"), abc.label(lang) if abc else None,
                                     abc is not None and abc.value == values["abc_class"]))
        size = classify.suggest_size(values["installed_base"], values["operating_scope"])
        lines.append(self.suggestion(t("suggest.size"), size.label(lang) if size else None,
                                     size is not None and size.value == values["enterprise_size"]))
        advice = classify.man_advice(values["man_money"], values["man_authority"],
                                     values["man_need"])
        lines.append(Text.assemble((f"{t('suggest.man')}: ", "bold"),
                                   f"{advice.combination} → {advice.message(lang)}"))
        for contradiction in self.contradictions(card):
            suggested = suggested_label(contradiction, lang, t)
            lines.append(self.suggestion(t(f"suggest.{contradiction.field}"), suggested, False))
        return lines

    def suggestion(self, label: str, value: str | None, same: bool) -> Text:
        """Return one suggestion line: the value, or why there is none."""
        t = self.t
        text = Text.assemble((f"{label}: ", "bold"))
        if value is None:
            text.append(t("suggest.none"), style="dim")
        else:
            text.append(value)
            text.append(f"  ({t('suggest.same')})" if same else "  ← s", style="dim")
        return text

    # --- the summaries above the tables ------------------------------------------------------

    def summaries(self, card: AccountCard) -> dict[str, str]:
        """Return the summary line of each list tab, by tab."""
        t = self.t
        if card.purchases:
            trajectory = t("card.trajectory", amount=fmt.money(card.purchase_total_12m),
                           count=sum(1 for r in card.purchases
                                     if (self.today - r.values["purchased_on"]).days < 365),
                           last=fmt.day(card.last_purchase))
        else:
            trajectory = t("card.no_purchase")
        open_total = sum(r.values["amount"] or 0 for r in card.opportunities
                         if r.extra["status"] == "open")
        weighted = sum((r.values["amount"] or 0) * (
            r.extra["win_rate_override"] if r.extra["win_rate_override"] is not None
            else vocab.stage(r.extra["stage"]).win_rate) / 100
            for r in card.opportunities if r.extra["status"] == "open")
        return {
            "purchases": trajectory,
            "opportunities": t("card.pipeline", open=fmt.money(open_total),
                               weighted=fmt.money(round(weighted))),
            "visits": t("card.activities_more", shown=len(card.activities),
                        total=card.activity_count),
            "contacts": t("card.contacts_count", count=len(card.contacts)),
            "competitors": str(len(card.competitors)),
        }
