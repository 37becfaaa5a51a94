"""The GUI's garbage collection: from the event loop, by the interpreter's thresholds."""

from __future__ import annotations

import gc
import weakref

import pytest
from PySide6.QtWidgets import QWidget

from briefing_app.ui.collector import GuiCollector, start_collector


@pytest.fixture
def thresholds():
    old = gc.get_threshold()
    yield gc.set_threshold
    gc.set_threshold(*old)


class _Node:
    pass


def test_cyclic_garbage_holding_a_widget_is_freed_by_the_event_loop(qtbot, qapp):
    collector = start_collector(qapp)
    assert collector is start_collector(qapp), "one per application"
    assert collector.active and not gc.isenabled()
    node = _Node()
    node.cycle = node
    node.widget = QWidget()
    gone = weakref.ref(node)
    del node
    keep = [[] for _ in range(3 * gc.get_threshold()[0])]  # a collection is due
    assert gone() is not None, "nothing collects at an allocation any more"
    # generous: waitUntil returns as soon as it is freed; a loaded machine runs timers late
    qtbot.waitUntil(lambda: gone() is None, timeout=30_000)
    assert keep


def test_the_oldest_due_generation_is_collected(qapp, thresholds):
    collector = GuiCollector(qapp)  # not started: ticks by hand
    try:
        thresholds(500, 2, 2)
        gc.collect()
        assert collector.collect_due() is None, "nothing is due after a full collection"
        keep = []
        done = []
        for _ in range(4):
            keep += [[] for _ in range(1000)]
            done.append(collector.collect_due())
        # three young collections, then the middle generation is over its threshold too
        assert done == [0, 0, 0, 1]
        assert collector.collections[:2] == [3, 1]
        # below the threshold (frees since the allocations, say): the young generation
        # is still collected once a second
        keep += [[] for _ in range(100)]
        assert collector.collect_due(250) is None
        assert collector.collect_due(1000) == 0
        # and a slow trickle still reaches the older generations: once the middle one's
        # count is over its threshold, the next collection is of it, not the young one
        trickle = []
        for _ in range(3):
            keep.append([])
            trickle.append(collector.collect_due(1000))
        assert trickle == [0, 0, 1], "the middle generation is collected in its turn"
        assert collector.collections[:2] == [6, 2]
        thresholds(0)
        keep += [[] for _ in range(1000)]
        assert collector.collect_due(5000) is None, "set_threshold(0) turns collection off"
    finally:
        collector.deleteLater()
