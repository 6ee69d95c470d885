"""UI strings in English and Chinese; the domain vocabulary keeps its own labels."""

from __future__ import annotations

import os

STRINGS: dict[str, tuple[str, str]] = {
    # areas and navigation
    "app.title": ("kam-tui", "kam-tui 大客户管理"),
    "area.customers": ("Customers", "客户资料卡"),
    "nav.customers": ("Customers", "客户"),
    "nav.pipeline": ("Pipeline", "销售漏斗"),
    "nav.relationships": ("Relationship map", "关系图"),
    "nav.calendar": ("Calendar", "回访日历"),
    "area.pipeline": ("Pipeline board", "销售机会看板"),
    "area.relationships": ("Relationship map", "客户关系图"),
    "area.calendar": ("Revisit calendar", "回访日历"),
    "nav.help": ("Help", "帮助"),
    "nav.quit": ("Quit", "退出"),
    "nav.back": ("Back", "返回"),
    "nav.palette": ("Commands", "命令"),
    # verbs
    "verb.new": ("New", "新建"),
    "verb.edit": ("Edit", "编辑"),
    "verb.delete": ("Delete", "删除"),
    "verb.undo": ("Undo", "撤销"),
    "verb.save": ("Save", "保存"),
    "verb.cancel": ("Cancel", "取消"),
    "verb.search": ("Search", "搜索"),
    "verb.open": ("Open", "打开"),
    "verb.sort": ("Sort", "排序"),
    "verb.filter": ("Filters", "筛选"),
    "verb.clear_filters": ("Clear filters", "清除筛选"),
    "list.reverse": ("Reverse sort", "反向排序"),
    "verb.suggest": ("Suggestions", "建议"),
    "verb.refresh": ("Refresh", "刷新"),
    "verb.next_tab": ("Next section", "下一栏"),
    "verb.prev_tab": ("Previous section", "上一栏"),
    "verb.overwrite": ("Overwrite theirs", "覆盖对方修改"),
    "verb.reload": ("Reload theirs", "载入对方版本"),
    "verb.discard": ("Discard changes", "放弃修改"),
    "verb.keep_editing": ("Keep editing", "继续编辑"),
    "verb.yes_delete": ("Delete", "删除"),
    "verb.accept": ("Accept", "采纳"),
    "verb.close": ("Close", "关闭"),
    # account list
    "list.search_placeholder": ("/ search name, short name, phone, contact, pinyin (wwkj)…",
                                "/ 搜索名称、简称、电话、联系人、拼音（wwkj）…"),
    "list.count": ("{shown:,} of {total:,} accounts", "{shown:,} / {total:,} 个客户"),
    "list.count_all": ("{total:,} accounts", "共 {total:,} 个客户"),
    "list.sorted": ("sorted by {column} {arrow}", "按{column}{arrow}"),
    "list.empty": ("No account matches. Press n to add one.", "没有匹配的客户。按 n 新建。"),
    "list.loading": ("Loading…", "加载中…"),
    "pick.search": ("Type a name, short name, phone, contact or pinyin…",
                    "输入名称、简称、电话、联系人或拼音…"),
    "pick.none": ("No account matches.", "没有匹配的客户。"),
    "pick.more": ("The first {shown} matches; keep typing to narrow.",
                  "只显示前 {shown} 个匹配，请继续输入。"),
    "filter.any": ("any", "全部"),
    "col.name": ("Name", "客户名称"),
    "col.abc_class": ("Cls", "分类"),
    "col.layer": ("Layer", "分层"),
    "col.status": ("Status", "状态"),
    "col.region": ("Region", "区域"),
    "col.owner": ("Owner", "负责人"),
    "col.pipeline": ("Pipeline", "在谈金额"),
    "col.last_contact": ("Last contact", "最近联系"),
    "col.next_revisit": ("Next revisit", "下次回访"),
    # card
    "card.title": ("Customer card", "客户资料卡"),
    "tab.basics": ("Basics", "基础资料"),
    "tab.business": ("Business", "业务状况"),
    "tab.contacts": ("Contacts", "联系人"),
    "tab.opportunities": ("Opportunities", "销售机会"),
    "tab.purchases": ("Purchases", "购买轨迹"),
    "tab.visits": ("Visits", "拜访记录"),
    "tab.competitors": ("Competitors", "竞争信息"),
    "card.gone": ("This account was deleted elsewhere.", "该客户已在别处被删除。"),
    "card.none": ("(none yet — press n to add)", "（暂无，按 n 新增）"),
    "card.products": ("Products in use", "在用产品"),
    "card.suggestions": ("Suggestions", "建议"),
    "card.man": ("MAN", "MAN 资格"),
    "card.revisits": ("Planned revisits", "计划回访"),
    "card.trajectory": ("Last 12 months: {amount} in {count} purchases; last on {last}",
                        "近12个月：{count} 笔，共 {amount}；最近一次 {last}"),
    "card.no_purchase": ("No purchases on file", "暂无购买记录"),
    "card.stopped": ("⚠ no purchase for {days} days", "⚠ 已 {days} 天未购买"),
    "card.activities_more": ("showing latest {shown} of {total}", "显示最近 {shown} 条，共 {total} 条"),
    "suggest.abc": ("ABC class by Pareto (last 12 months)", "按帕累托（近12个月）建议分类"),
    "suggest.size": ("Enterprise size by installed base", "按保有量建议企业规模"),
    "suggest.man": ("Advice for MAN", "MAN 建议"),
    "suggest.none": ("No suggestion: not enough data", "暂无建议：数据不足"),
    "suggest.same": ("already set", "已一致"),
    "suggest.accept_abc": ("Accept class", "采纳分类"),
    "suggest.accept_size": ("Accept size", "采纳规模"),
    "suggest.applied": ("{field} set to {value}", "{field} 已设为 {value}"),
    # forms and dialogs
    "form.new": ("New {kind}", "新建{kind}"),
    "form.edit": ("Edit {kind}", "编辑{kind}"),
    "form.invalid": ("{count} field(s) need attention", "有 {count} 个字段需要修改"),
    "form.saved": ("Saved", "已保存"),
    "form.discard_q": ("Discard your unsaved changes?", "放弃未保存的修改？"),
    "form.private": ("Personal file (private)", "个人信息（私密）"),
    "form.none": ("(none)", "（无）"),
    "conflict.title": ("Changed elsewhere", "记录已在别处修改"),
    "conflict.body": ("Someone saved this {kind} after you opened it. Fields they changed: {fields}",
                      "你打开后，有人保存了此{kind}。对方修改的字段：{fields}"),
    "conflict.deleted": ("Someone deleted this {kind} after you opened it. Nothing was saved.",
                         "你打开后，此{kind}已被删除。未保存任何内容。"),
    "delete.q": ("Delete {kind} “{name}”? You can undo with u.",
                 "删除{kind}“{name}”？可按 u 撤销。"),
    "delete.done": ("Deleted {kind} “{name}” — press u to undo", "已删除{kind}“{name}”，按 u 撤销"),
    "undo.done": ("Restored {kind} “{name}”", "已恢复{kind}“{name}”"),
    "undo.nothing": ("Nothing to undo", "没有可撤销的操作"),
    "kind.account": ("account", "客户"),
    "kind.contact": ("contact", "联系人"),
    "kind.purchase": ("purchase", "购买记录"),
    "kind.activity": ("visit", "拜访记录"),
    "kind.competitor": ("competitor", "竞争对手"),
    "kind.product": ("product in use", "在用产品"),
    "kind.opportunity": ("opportunity", "销售机会"),
    "help.title": ("Keys", "快捷键"),
    "help.global": ("Everywhere", "全局"),
    "help.here": ("Here", "当前区域"),
    "error.db": ("Database error: {error}", "数据库错误：{error}"),
    # record form and dialogs
    "form.unlisted": ("#{id} (no longer listed)", "#{id}（已不在列表中）"),
    "form.reloaded": ("Loaded their version; your edits were dropped",
                      "已载入对方版本，你的修改已放弃"),
    "form.gone": ("This {kind} no longer exists.", "此{kind}已不存在。"),
    "form.required_note": ("* required", "* 必填"),
    "dialog.yes": ("Yes", "是"),
    "dialog.no": ("No", "否"),
    "conflict.help": ("Overwrite saves your version over theirs; reload shows theirs and drops "
                      "your edits.",
                      "覆盖：用你的版本替换对方的修改；载入：显示对方版本并放弃你的修改。"),
    "verb.close_form": ("Close the form", "关闭表单"),
}


def _merge_area_strings() -> None:
    from kam_tui.ui.strings import calendar, pipeline, relationships

    for module in (pipeline, relationships, calendar):
        clash = STRINGS.keys() & module.STRINGS.keys()
        if clash:  # one key, two meanings: a mistake to catch at import, not on screen
            raise ValueError(f"UI string keys defined twice: {sorted(clash)}")
        STRINGS.update(module.STRINGS)


_merge_area_strings()


def translate(key: str, lang: str, **params: object) -> str:
    """Return the UI string for key in lang, formatted with params."""
    en, zh = STRINGS.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def default_lang(environ: dict[str, str] | None = None) -> str:
    """Pick the UI language from the locale environment: zh for Chinese locales, else en."""
    env = os.environ if environ is None else environ
    for name in ("KAM_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
