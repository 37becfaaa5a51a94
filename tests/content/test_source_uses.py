"""A source's card lists what relies on it: quotes, claims and poll questions whole."""

from __future__ import annotations

import pytest

from briefing_app.content.blocks import item_uses
from briefing_app.model.loader import load_package


@pytest.fixture(scope="module")
def bundled():
    result = load_package(None)
    assert result.ok
    return result.briefing


def _uses(b) -> list[str]:
    return [text for sid in b.sources for _kind, _id, text in item_uses(b, sid)]


def test_every_quote_claim_and_poll_question_is_listed_whole(bundled):
    listed = "\n".join(_uses(bundled))
    assert "…" not in listed, "nothing cut with an ellipsis"
    for q in bundled.quotes.values():
        assert " ".join(q.text.split()) in listed, q.id
    for c in bundled.claims.values():
        assert " ".join(c.claim.split()) in listed, c.id
    for p in bundled.polls.values():
        assert " ".join(p.question.split()) in listed, p.id
