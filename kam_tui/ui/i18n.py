"""The one catalog of UI strings in English and Chinese: shared ones here, areas register theirs.

The domain vocabulary keeps its own bilingual labels.
"""

from __future__ import annotations

import os

from kam_tui.core.domain.fields import FieldError

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
    "list.loading": ("Loading…", "加载中…"),
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
    # errors the data layer reports at a field, by key
    "error.reports_to_self": ("A person cannot report to themselves", "不能设置自己为上级"),
    "error.reports_to_loop": ("That would make a reporting loop", "这会形成汇报关系循环"),
    "error.role_taken": ("This person already has a role in this deal", "此人在该项目中已有角色"),
    "error.relation_needs_other": ("Pick the other person, on either side",
                                   "请选择对方人员（客户方或我方）"),
    "error.relation_self": ("A person cannot be related to themselves", "不能与自己建立关系"),
    "error.rule_taken": ("This rule is already set for the account", "该客户已设置此规则"),
    "error.worker": ("Something went wrong: {error}. Nothing was lost; try again.",
                     "出错了：{error}。没有丢失任何内容，请重试。"),
}


def register_strings(table: dict[str, tuple[str, str]]) -> None:
    """Add an area's strings to the one catalog; a key defined twice is refused."""
    new = {key: value for key, value in table.items() if STRINGS.get(key) != value}
    clash = STRINGS.keys() & new.keys()
    if clash:  # one key, two meanings: a mistake to catch at start-up, not on screen
        raise ValueError(f"UI string keys defined twice: {sorted(clash)}")
    STRINGS.update(new)


def translate(key: str, lang: str, **params: object) -> str:
    """Return the UI string for key in lang, formatted with params."""
    en, zh = STRINGS.get(key, (key, key))
    text = zh if lang == "zh" else en
    return text.format(**params) if params else text


def error_text(error: FieldError, lang: str) -> str:
    """Return a field error's reason: the catalog's string for a keyed one, else its own."""
    if error.key:
        return translate(error.key, lang, **error.params)
    return error.message(lang)


def default_lang(environ: dict[str, str] | None = None) -> str:
    """Pick the UI language from the locale environment: zh for Chinese locales, else en."""
    env = os.environ if environ is None else environ
    for name in ("KAM_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
