"""A chart's data in words (`describe_chart`, the chart's accessible description): every
kind says what it is and every figure it draws, from its `ChartData`. No Qt."""

from __future__ import annotations

import re

from conftest import FULL, load_briefing

from briefing_app.content.chartdata import describe_chart
from briefing_app.content.chartdata.describe import KIND_WORDS
from briefing_app.content.plan import plan_of
from briefing_app.model.kinds import CHART_KINDS


def _charts(b) -> dict[str, list]:
    """The `ChartData` of every chart the plan shows, by kind."""
    plan = plan_of(b)
    out: dict[str, list] = {}
    for i in range(len(b.tabs)):
        for section in plan.tab(i).sections:
            for block in section.blocks:
                if block.chart is not None:
                    out.setdefault(block.chart.kind, []).append(block.chart)
    return out


def test_the_casualties_bars_in_words():
    b = load_briefing(None)
    (data,) = [d for d in _charts(b)["bar"] if d.id == "casualties-monthly"]
    text = describe_chart(data)
    assert text.startswith("Bars, people (killed and wounded).\n")
    assert "May 2024 38,940; Jun 2024 35,030;" in text
    assert "Nov 2024 45,720 people — Source: Ukrainian General Staff" in text
    # the source article's figure, said against the series it differs from
    assert "Nov 2024 reported by Source article as 45,680 people, −40 against the series" in text
    assert "Highlighted: Sep–Nov 2024." in text
    assert "21 Nov 2024 Russia fires the Oreshnik missile at Dnipro" in text


def test_every_chart_kind_says_what_it_is_and_every_value_it_draws():
    charts = _charts(load_briefing(None))
    for kind, found in _charts(load_briefing(FULL)).items():
        charts.setdefault(kind, []).extend(found)
    assert set(charts) == set(CHART_KINDS), "a chart of every kind is described"
    assert set(KIND_WORDS) == set(CHART_KINDS), "every kind has its words"
    for kind, datas in charts.items():
        for data in datas:
            text = describe_chart(data)
            assert text.startswith(KIND_WORDS[kind]), (data.id, text[:40])
            if kind == "poll":
                for answer in data.poll.answers:
                    assert f"{answer.answer}: {answer.share_text}" in text, data.id
            elif kind == "timeline":
                for event in data.events:
                    assert event.title in text, (data.id, event.title)
            else:
                for value in data.values["text"]:
                    # each value drawn, as its source published it, as a whole number
                    assert re.search(rf"(?<![\d,.]){re.escape(str(value))}(?![\d,])", text), (
                        data.id,
                        value,
                    )


def test_a_long_series_is_summarised_not_listed():
    b = load_briefing(FULL)
    (data,) = _charts(b)["line"][:1]
    short = describe_chart(data, max_listed=2)
    assert "3 values, 1–3 Oct 2024, from 1,000 to 1,250 people" in short
    assert "1,100" not in short


def test_describe_the_casualties_bars_in_ukrainian():
    """The same chart in the language of the interface: its words, and its numbers and
    months the Ukrainian way (a no-break space between thousands, 'трав.')."""
    from briefing_app.model import i18n
    from briefing_app.model.languages import briefing_for

    with i18n.language_as("uk"):
        b = briefing_for("uk", load_briefing(None))
        (data,) = [d for d in _charts(b)["bar"] if d.id == "casualties-monthly"]
        text = describe_chart(data)
    assert text.startswith("Стовпчики, ")
    assert "трав. 2024 38\u00a0940; черв. 2024 35\u00a0030;" in text
    assert "листоп. 2024 45\u00a0720" in text
    assert "−40 проти ряду" in text
    assert "Виділено: вер.–листоп. 2024." in text
    for english in ("Bars", "reported by", "against the series", "Highlighted", "Events"):
        assert english not in text, english


def test_describe_a_long_description_is_summarised_not_cut():
    """Past *max_chars* a description says each series' first values and how many more,
    and where the full data is: whole words, never cut mid-figure, within the limit."""
    from briefing_app.model import i18n

    b = load_briefing(None)
    (data,) = [d for d in _charts(b)["bar"] if d.id == "casualties-monthly"]
    full = describe_chart(data)
    assert describe_chart(data, max_chars=len(full)) == full  # short enough: as it is
    short = describe_chart(data, max_chars=400)
    assert len(short) <= 400
    assert short.startswith("Bars, people (killed and wounded).\n")
    assert short.endswith("The full data is in the chart's data table.")
    assert re.search(r"May 2024 38,940[^\n]* … and \d more", short), short
    tiny = describe_chart(data, max_chars=150)
    assert len(tiny) <= 150 and tiny.endswith("The full data is in the chart's data table.")
    assert "more line" in tiny
    with i18n.language_as("uk"):
        uk = describe_chart(data, max_chars=400)
    assert len(uk) <= 400 and uk.endswith("Усі дані — у таблиці даних діаграми.")
    assert "… і ще" in uk
