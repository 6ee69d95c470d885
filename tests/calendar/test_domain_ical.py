"""iCalendar export: escaping, folding at 75 octets, CRLF, all-day dates; parsed by icalendar."""

from __future__ import annotations

from datetime import date, datetime, timezone

import icalendar
import pytest

from kam_tui.areas.calendar.rules.ical import Event, calendar_text, escape_text, fold

STAMP = datetime(2026, 11, 23, 8, 30, tzinfo=timezone.utc)


def test_escaping_of_text_values():
    assert escape_text("a,b;c\\d") == "a\\,b\\;c\\\\d"
    assert escape_text("line one\r\nline two\nthree") == "line one\\nline two\\nthree"
    assert escape_text("\x1b[2J evil") == "\u241b[2J evil"  # ESC made visible, never sent


def test_folding_keeps_lines_within_75_octets_and_never_splits_a_character():
    line = "SUMMARY:" + "华通物流集团" * 20
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line
    assert fold("short") == "short"


def test_calendar_lines_end_in_crlf_and_hold_all_day_events():
    text = calendar_text([Event("abc123", date(2026, 11, 24), "Visit: 华通物流")], STAMP)
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "UID:abc123@kam-tui\r\n" in text
    assert "DTSTAMP:20261123T083000Z\r\n" in text
    assert "DTSTART;VALUE=DATE:20261124\r\n" in text
    assert "DTEND;VALUE=DATE:20261125\r\n" in text


def test_a_real_icalendar_library_reads_it_back():
    nasty = "[bold]Evil[/], Corp; \\ \x1b[31m\n" + "很长的名字" * 400
    events = [
        Event("u1", date(2026, 11, 24), "Visit: 华通物流 · 周建国",
              "华通物流集团有限公司\nAfter delivery\nBring the service log, and the quote; ok",
              categories=("Visit",)),
        Event("u2", date(2028, 2, 29), nasty, nasty),
    ]
    text = calendar_text(events, STAMP)
    parsed = icalendar.Calendar.from_ical(text.encode("utf-8"))
    vevents = list(parsed.walk("VEVENT"))
    assert len(vevents) == 2
    first, second = vevents
    assert str(first["UID"]) == "u1@kam-tui"
    assert first.decoded("DTSTART") == date(2026, 11, 24)
    assert first.decoded("DTEND") == date(2026, 11, 25)
    assert str(first["SUMMARY"]) == "Visit: 华通物流 · 周建国"
    assert str(first["DESCRIPTION"]) == (
        "华通物流集团有限公司\nAfter delivery\nBring the service log, and the quote; ok")
    assert first.decoded("DTSTAMP") == STAMP
    assert second.decoded("DTSTART") == date(2028, 2, 29)
    summary = str(second["SUMMARY"])
    assert summary.startswith("[bold]Evil[/], Corp; \\ \u241b[31m\n")
    assert len(summary) <= 2000
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_rule_labels_name_the_festival_and_survive_a_bad_key():
    from kam_tui.areas.calendar.rules.labels import rule_label

    key = "holiday/spring_festival/2027-02-06/2027-01-30"
    assert rule_label("holiday", key, "en") == "Holiday visit · Spring Festival"
    assert rule_label("holiday", key, "zh").endswith("· 春节")
    assert rule_label("holiday", "", "en") == rule_label("holiday", "junk", "en")
    assert rule_label("no_such_rule", "", "en") == "no_such_rule"


# --- boundaries: text length, line folding, optional properties -------------------------------


@pytest.mark.parametrize(("length", "expected"), [
    (1999, "x" * 1999),
    (2000, "x" * 2000),  # exactly the limit: kept whole
    (2001, "x" * 1999 + "…"),  # one over: cut to 1,999 characters and an ellipsis, 2,000 in all
])
def test_text_values_are_cut_at_2000_characters(length, expected):
    """A text of up to 2,000 characters is kept; a longer one is cut to 2,000 with an ellipsis."""
    assert escape_text("x" * length) == expected


@pytest.mark.parametrize(("length", "pieces"), [
    (74, [74]),
    (75, [75]),  # exactly 75 octets: one line
    (76, [75, 2]),  # one over: 75, then a space and the last character
    # A continuation line holds its leading space and 74 more octets: 75 + (1 + 74) + (1 + 1).
    (150, [75, 75, 2]),
])
def test_lines_fold_at_exactly_75_octets(length, pieces):
    """A line is folded only past 75 octets, each continuation counting its leading space."""
    folded = fold("x" * length).split("\r\n")
    assert [len(piece.encode("utf-8")) for piece in folded] == pieces


def test_location_and_categories_appear_only_when_given():
    """LOCATION and CATEGORIES are written for events that have them and left out otherwise."""
    full = calendar_text([Event("u1", date(2026, 11, 24), "Visit", location="Room 3, HQ",
                                categories=("Visit", "A; key"))], STAMP)
    assert "LOCATION:Room 3\\, HQ\r\n" in full
    assert "CATEGORIES:Visit,A\\; key\r\n" in full
    bare = calendar_text([Event("u2", date(2026, 11, 24), "Visit")], STAMP)
    assert "LOCATION" not in bare and "CATEGORIES" not in bare and "DESCRIPTION" not in bare


def test_an_event_is_a_value():
    """An Event cannot be changed once made and can be hashed."""
    event = Event("u1", date(2026, 11, 24), "Visit")
    assert hash(event) == hash(Event("u1", date(2026, 11, 24), "Visit"))
    with pytest.raises(AttributeError):
        event.summary = "x"  # type: ignore[misc]
