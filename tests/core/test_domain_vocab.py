"""vocab: every fixed choice in both languages, and the six purchasing stages."""

from __future__ import annotations

import inspect

import pytest

from kam_tui.core.domain import vocab
from kam_tui.core.domain.vocab import Choice

CHOICES = [
    obj for _, obj in inspect.getmembers(vocab, inspect.isclass)
    if issubclass(obj, Choice) and obj is not Choice
]


def _has_han(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def test_there_are_choices() -> None:
    assert len(CHOICES) >= 20


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: c.__name__)
def test_every_choice_has_both_labels(choice: type[Choice]) -> None:
    assert len(choice) >= 2
    for member in choice:
        assert member.label("en") and member.label("zh"), member
        assert member.label() == member.en
        assert _has_han(member.label("zh")) or member.label("zh") == member.label("en"), member
        assert member.value and member.value == str(member)
    en_labels = [m.label("en") for m in choice]
    zh_labels = [m.label("zh") for m in choice]
    assert len(set(en_labels)) == len(en_labels)
    assert len(set(zh_labels)) == len(zh_labels)


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: c.__name__)
def test_parse_and_options(choice: type[Choice]) -> None:
    for member in choice:
        assert choice.parse(member.value) is member
        assert choice.label_of(member.value, "zh") == member.zh
    assert choice.parse("") is None
    assert choice.parse(None) is None
    assert choice.parse("no-such-code") is None
    assert choice.label_of("no-such-code") == ""
    assert choice.options("zh") == [(m.zh, m.value) for m in choice]


def test_choice_compares_as_its_code() -> None:
    assert vocab.AbcClass.A == "A"
    assert f"{vocab.Layer.WATCH}" == "watch"
    assert vocab.AccountStatus("lost") is vocab.AccountStatus.LOST


def test_classification_values_from_domain() -> None:
    assert [m.value for m in vocab.AbcClass] == ["A", "B", "C"]
    assert [m.value for m in vocab.Layer] == ["consolidate", "breakthrough", "watch"]
    assert [m.value for m in vocab.AccountStatus] == ["potential", "current", "lost"]
    assert [m.value for m in vocab.Lifecycle] == [
        "acquisition", "growth", "maturity", "decline", "departure"]
    assert [m.zh for m in vocab.Closeness] == ["认识", "熟识", "信赖", "同盟"]
    assert [m.value for m in vocab.Stance] == ["supporter", "neutral", "opponent", "unknown"]


def test_six_stages_with_standard_win_rates_in_order() -> None:
    assert [s.number for s in vocab.STAGES] == [1, 2, 3, 4, 5, 6]
    assert [s.win_rate for s in vocab.STAGES] == [5, 10, 20, 30, 50, 80]
    assert [s.code for s in vocab.STAGES] == [
        "interest", "brewing", "design", "compare", "commit", "use"]
    assert [s.zh for s in vocab.STAGES] == ["兴趣", "酝酿", "设计", "比较", "承诺", "使用"]


@pytest.mark.parametrize("stage", vocab.STAGES, ids=lambda s: s.code)
def test_stage_texts_bilingual(stage: vocab.Stage) -> None:
    for text_of in (stage.label, stage.work, stage.exit_event):
        assert text_of("en") and text_of("zh")
        assert text_of("en") != text_of("zh")
        assert _has_han(text_of("zh"))
        assert text_of() == text_of("en")


def test_stage_lookup() -> None:
    for number in range(1, 7):
        assert vocab.stage(number).number == number
    assert vocab.stage(6).win_rate == 80


@pytest.mark.parametrize("number", [0, 7, -1, 100])
def test_stage_out_of_range_raises(number: int) -> None:
    with pytest.raises(ValueError):
        vocab.stage(number)


def test_default_score_weights_sum_to_one() -> None:
    assert set(vocab.DEFAULT_SCORE_WEIGHTS) == set(vocab.ScoreCriterion)
    assert sum(vocab.DEFAULT_SCORE_WEIGHTS.values()) == pytest.approx(1.0)
    assert vocab.DEFAULT_SCORE_WEIGHTS[vocab.ScoreCriterion.PRICE] == 0.20


# Anything but "zh" is shown in English, the default, including codes sorting after "zh".
@pytest.mark.parametrize("lang", ["en", "", "de", "zu"])
def test_texts_fall_back_to_english(lang: str) -> None:
    """A choice's label and a stage's name, work and exit event are English for any lang but zh."""
    assert vocab.AbcClass.A.label(lang) == "A strategic"
    brewing = vocab.stage(2)
    assert brewing.label(lang) == "Brewing"
    assert brewing.work(lang) == "Build trust"
    assert brewing.exit_event(lang) == "The decision maker agrees, and sets time and budget"


def test_texts_in_chinese() -> None:
    """With zh, a choice's label and a stage's name, work and exit event are the Chinese ones."""
    assert vocab.AbcClass.A.label("zh") == "A 战略客户"
    brewing = vocab.stage(2)
    assert brewing.label("zh") == "酝酿"
    assert brewing.work("zh") == "建立信任"
    assert brewing.exit_event("zh") == "决策者同意，并确定时间和预算"


@pytest.mark.parametrize("number, override, expected", [
    (1, None, 5),  # without an override, the stage's standard rate (DOMAIN.md §2)
    (3, None, 20),
    (6, None, 80),
    (3, 45, 45),  # the deal's own rate wins over its stage's
    (6, 0, 0),  # 0 is a rate the rep set, not "no override"
    (1, 100, 100),
])
def test_win_rate_is_the_override_else_the_stages(number: int, override: int | None,
                                                  expected: int) -> None:
    """A deal's win rate is its own override when set, else its stage's standard rate."""
    assert vocab.win_rate(number, override) == expected


def test_stages_cannot_be_changed() -> None:
    """The six stages are shared by every deal, so a stage is immutable."""
    import dataclasses

    with pytest.raises(dataclasses.FrozenInstanceError):
        vocab.STAGES[0].win_rate = 99  # type: ignore[misc]


def test_lost_reasons_are_the_standard_list_in_order() -> None:
    assert [member.value for member in vocab.LostReason] == [
        "price", "product", "relationship", "service", "timing", "no_decision", "other"]
    assert vocab.LostReason.label_of("no_decision", "zh") == "客户未决策"
    assert vocab.LostReason.options("en")[0] == ("Price", "price")


@pytest.mark.parametrize(("value", "en", "zh"), [
    ("price", "Price", "价格"),
    ("other", "Other", "其他"),
    ("价格高于对手 8%", "价格高于对手 8%", "价格高于对手 8%"),  # typed before the list: as written
    ("Price", "Price", "Price"),  # not a code: shown as typed, never translated
    ("", "", ""),
    (None, "", ""),
])
def test_a_stored_reason_shows_its_label_or_the_old_text(value, en, zh) -> None:
    assert vocab.label_or_text(vocab.LostReason, value, "en") == en
    assert vocab.label_or_text(vocab.LostReason, value, "zh") == zh


def test_no_one_won_is_a_code_and_a_competitor_stays_its_name() -> None:
    assert vocab.NO_WINNER == "no_one"
    assert vocab.winner_text("no_one", "en") == "No one (no decision)"
    assert vocab.winner_text("no_one", "zh") == "无（客户未决策）"
    assert vocab.winner_text("东风商用车", "zh") == "东风商用车"
    assert vocab.winner_text("", "en") == "" and vocab.winner_text(None, "zh") == ""
