import datetime as dt

from clinic.caseload import CaseloadRow, order, pain_rise, pain_series, sparkline_svg

TODAY = dt.date(2026, 3, 18)


def _row(name, series=(), flags=()):
    return CaseloadRow(link_id=name, name=name, email=f"{name}@x", series=list(series), flags=list(flags))


def test_pain_series_has_one_slot_per_day_ending_today_with_gaps():
    series = pain_series({TODAY: 4, TODAY - dt.timedelta(days=13): 2, TODAY - dt.timedelta(days=14): 9}, TODAY)
    assert len(series) == 14
    assert series[0] == 2
    assert series[-1] == 4
    assert series[1:-1] == [None] * 12


def test_pain_rise_compares_the_last_seven_days_with_the_seven_before():
    assert pain_rise([2] * 7 + [5] * 7) == 3
    assert pain_rise([6] * 7 + [4, None, 2, None, None, None, None]) == -3


def test_pain_rise_needs_entries_in_both_weeks():
    assert pain_rise([None] * 7 + [5] * 7) is None
    assert pain_rise([3] * 7 + [None] * 7) is None


def test_order_puts_urgent_then_review_then_largest_rise_first():
    rising = _row("rising", [1] * 7 + [6] * 7)
    falling = _row("falling", [6] * 7 + [1] * 7)
    quiet = _row("quiet")
    review = _row("review", [6] * 7 + [1] * 7, [("night_pain", "Night pain", "review")])
    urgent = _row("urgent", [], [("leg_symptoms", "Leg symptoms", "urgent")])
    assert [r.name for r in order([quiet, falling, review, rising, urgent])] == [
        "urgent",
        "review",
        "rising",
        "falling",
        "quiet",
    ]


def test_sparkline_is_an_accessible_svg_without_style_attributes():
    svg = str(sparkline_svg([1, 2, None, 4, 5]))
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "Pain over the last 5 days: 1, 2, no entry, 4, 5" in svg
    assert "style=" not in svg
    assert svg.count("<polyline") == 2  # a gap where nothing was logged
    assert svg.count("<circle") == 0
    assert str(sparkline_svg([None, 3, None])).count("<circle") == 1  # a lone day is a dot


def test_sparkline_says_so_when_nothing_was_logged():
    assert "No entries in the last 14 days" in str(sparkline_svg([None] * 14))
