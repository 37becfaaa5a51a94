"""File names from titles: readable in any script, never a path or a control character."""

from __future__ import annotations

import pytest

from briefing_app.content.text import slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six of eight events in November 2024", "six-of-eight-events-in-november-2024"),
        (
            "Шість із восьми подій — у листопаді 2024 року",
            "шість-із-восьми-подій-у-листопаді-2024-року",
        ),
        ("125,800 is ISW's estimate", "125-800-is-isw-s-estimate"),
        ("../../etc/passwd", "etc-passwd"),
        ('a\\b:c*d?e"f<g>h|i', "a-b-c-d-e-f-g-h-i"),
        ("\u202eevil\u202c title\n", "evil-title"),
        ("—", "x"),
    ],
)
def test_slug(text, expected):
    assert slug(text) == expected


def test_a_slug_is_composed_and_bounded():
    decomposed = "Ukrai\u0308ne " * 20  # ï as i + combining diaeresis
    out = slug(decomposed)
    assert "\u0308" not in out and "ï" in out and len(out) <= 60
