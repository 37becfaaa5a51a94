"""The benchmark runner's pieces import, the synthetic package generator works and the report
renders.  No timing is asserted: ``make bench`` measures, this only keeps the runner working."""

from __future__ import annotations

import importlib
import json
import sys

import pytest
from conftest import ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MODULES = [
    "common",
    "synth",
    "floors",
    "startup",
    "inproc",
    "exports",
    "report",
    "run",
    "limits",
    "maps",
    "firstkey",
    "viewers",
]


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name):
    importlib.import_module(f"benchmarks.{name}")


def test_stats_and_growth():
    from benchmarks.common import Stats, growth_exponent, percentile

    s = Stats.of([5, 1, 3, 2, 4])
    assert (s.n, s.median, s.lo, s.hi) == (5, 3, 1, 5)
    assert percentile(list(range(101)), 95) == 95
    assert growth_exponent([10, 100], [1.0, 10.0]) == pytest.approx(1.0)
    assert Stats.of([]).n == 0


def test_synthetic_package_loads(tmp_path):
    from benchmarks.synth import CHART_ID, SERIES, make_package
    from briefing_app.model.loader import load_package

    pkg = make_package(tmp_path / "p", 50)
    lines = (pkg / f"{SERIES}.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "date,value" and len(lines) == 51
    desc = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["briefing"]["tabs"][0]["charts"][0]["id"] == CHART_ID
    result = load_package(pkg)
    assert result.ok, [str(p) for p in result.errors]
    assert len(result.briefing.series_tables[SERIES]) == 50
    assert result.briefing.tabs[0].charts[0].kind == "line"


def test_very_long_series_are_hourly_within_the_format_dates(tmp_path):
    import datetime as dt

    from benchmarks.synth import SERIES, first_day, hourly, write_series
    from briefing_app.model.limits import DATE_MIN

    as_of = dt.date(2024, 12, 1)
    assert first_day(1000, as_of) == as_of - dt.timedelta(days=999)
    assert not hourly(1000, as_of) and hourly(1_000_000, as_of)
    start = first_day(1_000_000, as_of)
    assert DATE_MIN <= start < as_of
    write_series(tmp_path / f"{SERIES}.csv", 3, start, hours=True)
    lines = (tmp_path / f"{SERIES}.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith(f"{start.isoformat()}T00:00Z,")
    assert lines[2].startswith(f"{start.isoformat()}T01:00Z,")


def test_a_command_measured_reads_its_own_peak_memory_not_the_runners():
    """A child starts with its parent's peak RSS; the exports stage read the runner's
    586 MiB for every export so.  Measured under a small parent, a command reads its own."""
    import os

    from benchmarks.common import hwm_mib, run_measured

    ballast = b"x" * (300 << 20)  # the runner after its in-process stages
    assert hwm_mib() > 300
    code = "x = b'x' * (40 << 20); print(len(x))"
    m = run_measured([sys.executable, "-c", code], env=dict(os.environ))
    assert (m.returncode, m.stdout.strip()) == (0, str(40 << 20))
    assert 40 < m.peak_mib < 150, m.peak_mib  # its 40 MiB and an interpreter, not 300
    assert m.ms > 0 and m.cpu_s >= 0
    del ballast

    failed = run_measured([sys.executable, "-c", "import sys; sys.exit(3)"], env=dict(os.environ))
    assert failed.returncode == 3
    late = run_measured(
        [sys.executable, "-c", "import time; time.sleep(30)"], env=dict(os.environ), timeout=0.5
    )
    assert late.returncode == -9 and late.ms < 10_000
    # told apart from a command killed otherwise (the out-of-memory killer's SIGKILL)
    killed = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"]
    killed = run_measured(killed, env=dict(os.environ))
    assert late.timed_out and killed.returncode == -9 and not killed.timed_out
    assert not failed.timed_out


def _stats(median: float, n: int = 5) -> dict:
    m = median
    return {"n": n, "median": m, "p95": m * 1.2, "lo": m * 0.9, "hi": m * 1.3, "q1": m, "q3": m}


def test_report_renders_every_section():
    from benchmarks.report import render

    launch = {"title": "x", "runs": 5, "ok": 5, "errors": []}
    startup = {
        k: launch | {"wall": _stats(w), "cpu_ms": _stats(w * 0.8), "self_reported": _stats(w)}
        for k, w in (("bare", 150), ("plots", 600), ("source", 700), ("source_uk", 780))
    }
    scale = {
        str(rows): {
            "load": _stats(rows / 1000 + 40),
            "first_paint": _stats(200),
            "pan_full": _stats(5),
            "pan_year": _stats(4),
            "pan_cpu": _stats(3),
            "points_drawn_full_view": 300,
            "hwm_mib": 200.0,
            "csv_bytes": rows * 19,
        }
        for rows in (1000, 10_000, 100_000, 1_000_000)
    }
    res = {
        "started": "2024-12-10T10:00:00+00:00",
        "revision": "abc1234",
        "seconds": 300.0,
        "quick": False,
        "machine": {
            "python_loop_s": 0.61,
            "page_fault_us": 7.5,
            "cpu": "Test CPU",
            "cores": 2,
            "memory_gib": 8.0,
            "gpu": "none",
            "os": "Linux",
            "python": "3.11",
            "loadavg_start": (0.5, 0.4, 0.3),
            "loadavg_end": (0.6, 0.5, 0.4),
        },
        "versions": {"PySide6": "6.12"},
        "load": [{"stage": "startup", "before": (0.5, 0, 0), "after": (0.6, 0, 0), "seconds": 9}],
        "startup": startup | {"platform": "offscreen", "packaged_present": False},
        "xvfb": {"skipped": "no Xvfb"},
        "phases": {
            "runs": 3,
            "steps": [
                {"step": "Python started", "wall_ms": 20.0, "cpu_ms": 18.0},
                {"step": "import pandas (floor)", "wall_ms": 300.0, "cpu_ms": 280.0},
                {"step": "first paint", "wall_ms": 30.0, "cpu_ms": 25.0},
            ],
            "total_wall_ms": 350.0,
            "total_cpu_ms": 323.0,
        },
        "tabs": {
            "tabs": 7,
            "switches": 210,
            "no_repaint": 0,
            "all": _stats(10, 210),
            "warm": _stats(9, 204),
            "warm_cpu": _stats(8, 204),
            "per_tab_median": {"One": 9.0},
            "first_visit": _stats(90, 6),
            "first_visit_ms": [90.0],
        },
        "tabs-uk": {
            "tabs": 7,
            "switches": 210,
            "no_repaint": 0,
            "all": _stats(20, 210),
            "warm": _stats(19, 204),
            "warm_cpu": _stats(18, 204),
            "per_tab_median": {"Один": 19.0},
            "first_visit": _stats(90, 6),
            "first_visit_ms": [90.0],
            "lang": "uk",
        },
        "slides": {"available": False, "why": "not written yet"},
        "memory": {
            "tabs": 7,
            "cycles": 1000,
            "seconds": 60.0,
            "after_first_paint": {"rss": 150.0, "hwm": 150.0},
            "samples": [{"cycle": c, "rss": 200.0, "hwm": 201.0} for c in (1, 10, 1000)],
            "switch": _stats(9, 7000),
        },
        "scale": scale,
        "exports": {
            "pdf": {"available": False, "why": "missing"},
            "png": {"available": True, "command": "c", "wall": _stats(1500), "files": 7}
            | {"bytes": 2_000_000},
        },
        "notes_md": "## Notes\n\nA note.",
        "limits": {
            "at the limits": {"seconds": 4.1, "exit": 0, "peak_mib": 402.5, "bytes": 48_000_000},
            "one over": {"seconds": 2.8, "exit": 1, "peak_mib": 384.5, "bytes": 48_000_100}
            | {"second_line": "  observations.csv: the table has more than 100,000 rows"},
        },
        "maps": {
            "size": "1920x1080",
            "territory-map": {
                "vertices": 18_687,
                "first_paint": _stats(40),
                "pan": _stats(8),
                "zoom": _stats(20),
                "still_image": _stats(120),
            },
        },
    }
    text = render(res)
    for heading in ("# Benchmarks", "## Summary", "## Start-up", "### Where the start-up time"):
        assert heading in text
    assert "## Packages at the format's limits" in text and "| 4.1 s |" in text
    for heading in ("### Tab switch", "## Exports", "## Scale", "## Memory"):
        assert heading in text
    assert "**met**" in text and "not available" in text and "not built" in text
    assert "A note." in text
    assert "## Maps" in text and "| territory-map | 18,687 |" in text
    assert "Map zoom p95 (territory-map) | < 16 ms | 24.0 ms | **not met**" in text
    assert "10 million additions takes 0.61 s of CPU" in text
    assert "a fresh page of memory takes 7.50 µs" in text
    # issue #18: start-up and tab switch with Ukrainian selected, against the same targets
    assert "| Start-up, from source, in Ukrainian (offscreen) | ≤ " in text
    assert "### Tab switch in Ukrainian" in text and "Один 19.0 ms" in text
    row = "| Tab switch, key press to repaint done (in Ukrainian) | 95th percentile < 16 ms"
    assert row in text


def test_report_renders_the_first_key_the_viewers_and_memory_presenting():
    """Issue #22's sections: their targets met or not from the figures given."""
    from benchmarks.report import Doc, _first_key, _slides_memory, _viewers

    runs = []
    for mode, cold in (("window", 120.0), ("present", 12.0)):
        for delay in ("100", "300", "1000"):
            warm = mode == "present" or delay == "1000"
            ms = 12.0 if warm else cold
            run = {"mode": mode, "delay": delay, "warm": warm, "late_ms": 2.0, "ms": ms}
            if mode == "window" and delay == "100":
                run["first_ms"] = 30.0  # shown at once, its charts drawn as they come
            runs += [run] * 3  # (window, 300 ms: a revision that kept no first_ms)
        cpu = 350.0 if mode == "window" else 40.0
        idle = {"mode": mode, "delay": "idle", "cpu_ms": cpu, "wall_ms": 900.0, "views_built": 2}
        # the window's runs tell the rest of the first frame apart; the presentation's are
        # of a revision that did not
        frame = {"frame_cpu_ms": 25.0} if mode == "window" else {}
        runs += [idle | frame] * 3
    doc = Doc()
    _first_key({"runs": runs}, doc)
    verdicts = {t[0]: t[3] for t in doc.summary}
    asked = ": the view asked for on screen"
    first = "First key, `briefing-app`, {} ms after the first paint (not all built ahead)" + asked
    assert verdicts[first.format(100)] == "**met**", "its first repaint within 50 ms"
    assert verdicts[first.format(300)] == "**not met**", "no first repaint kept: the whole"
    assert (
        verdicts[
            "First key, `briefing-app --present`, 300 ms after the first paint (built ahead)"
            + asked
        ]
        == "**met**"
    )
    text = "\n".join(doc.lines)
    assert "| 30.0 ms | 30.0 ms | 120.0 ms | 120.0 ms |" in text, "both times in the table"
    assert verdicts["CPU from the first paint until idle, `briefing-app`"] == "**not met**"
    assert verdicts["CPU from the first paint until idle, `briefing-app --present`"] == "**met**"
    assert "| 350 ms (350–350) | 25 ms | 900 ms | 2; 0 |" in text, "the first frame apart"
    assert "| 40 ms (40–40) | not measured | 900 ms | 2; 0 |" in text
    results = {t[0]: t[2] for t in doc.summary}
    assert results["CPU from the first paint until idle, `briefing-app`"].endswith(
        "; of which the rest of the first frame 25 ms"
    )

    viewers = {
        "rounds": 3,
        "screen": "1920x1080",
        "window_manager": "openbox",
        "notes": {"soffice": "not installed"},
        "programs": {
            k: {"mapped": _stats(w * 0.8), "content": _stats(w), "failed": 0}
            for k, w in (("app", 900), ("evince", 600), ("mupdf", 60))
        }
        | {
            "app_present": {
                "mapped": _stats(800),
                "content": _stats(950),
                "failed": 0,
            }
        },
        "present_windows": [1, 1, 1],
        "ratios": {"app": {"evince": 1.5, "mupdf": 15.0}},
    }
    doc = Doc()
    _viewers(viewers, doc)
    text = "\n".join(doc.lines)
    assert "evince, the handout PDF" in text and "LibreOffice" in text
    verdicts = {t[0]: (t[2], t[3]) for t in doc.summary}
    assert verdicts[
        "Content on screen, Briefing Viewer from source (`python -m briefing_app`) ÷ evince, "
        "the handout PDF"
    ] == ("1.50× (median of same-round ratios)", "**not met**")
    assert verdicts["`--present`: windows mapped in the first 8 s (X MapNotify, one screen)"] == (
        "1, 1, 1 (a launch each)",
        "**met**",
    )
    assert (
        "not measured: not installed"
        in verdicts["Content on screen against LibreOffice Impress"][0]
    )

    doc = Doc()
    samples = [{"cycle": c, "rss": 250.0, "hwm": 255.0} for c in (1, 100, 500, 1000)]
    _slides_memory(
        {
            "slides": 90,
            "cycles": 1000,
            "seconds": 600.0,
            "samples": samples,
            "after_first_paint": {"rss": 210.0, "hwm": 212.0},
        },
        doc,
    )
    assert [t[3] for t in doc.summary] == ["n/a", "**met**"]


def _memory_verdict(rss_at) -> bool:
    """Whether the report calls memory flat, for samples with RSS *rss_at(cycle)*."""
    from benchmarks.report import Doc, _memory

    cycles = [1, 2, 5, 10, 25, 50, *range(100, 1000, 50), 1000]
    samples = [{"cycle": c, "rss": rss_at(c), "hwm": 0.0} for c in cycles]
    peak = 0.0
    for x in samples:
        peak = max(peak, x["rss"] + 2.0)  # VmHWM is the highest RSS so far, and a bit
        x["hwm"] = peak
    doc = Doc()
    _memory(
        {
            "tabs": 7,
            "cycles": 1000,
            "seconds": 60.0,
            "after_first_paint": {"rss": 150.0, "hwm": 150.0},
            "samples": samples,
            "switch": _stats(9, 7000),
        },
        doc,
    )
    (met,) = [t[3] for t in doc.summary if t[0].startswith("Memory after")]
    return met == "**met**"


def test_memory_wobble_is_not_growth_and_a_steady_leak_is():
    wobble = [0.0, 3.5, -0.5, 2.5, 4.0, 0.5, 3.0, 1.0]  # up to 4.5 MiB apart, no trend
    # a warm-up high before cycle 100 must not hide growth after it
    warm_up = {25: 8.0}

    def flat(c: int) -> float:
        return 250.0 + warm_up.get(c, wobble[c // 50 % len(wobble)])

    def leaking(c: int) -> float:  # 6 MiB over cycles 100 to 1,000, with the same wobble
        return flat(c) + (6.0 * (c - 100) / 900 if c >= 100 else 0.0)

    assert _memory_verdict(flat)
    assert not _memory_verdict(leaking)


def _limits_run() -> dict:
    """The results of a run of the limits stages alone (``--only limits,export-limits``)."""
    from benchmarks.export_limits import FORMATS

    def export(seconds: float, peak: float) -> dict:
        return {"seconds": seconds, "exit": 0, "peak_mib": peak, "cpu_seconds": seconds}
        # plus what it wrote

    rows = {
        fmt: export(10.0 + k, 500.0 + k) | {"load": 1.5, "files": 1, "bytes": 1_000_000}
        for k, fmt in enumerate(FORMATS)
    }
    rows["pdf"] = rows["pdf"] | {"seconds": 31.5}
    return {
        "started": "2026-12-02T09:00:00+00:00",
        "revision": "def5678",
        "seconds": 300.0,
        "quick": False,
        "machine": {
            "cpu": "Test CPU",
            "cores": 2,
            "memory_gib": 8.0,
            "gpu": "none",
            "os": "Linux",
            "python": "3.11",
            "loadavg_start": (1.5, 1.0, 1.0),
            "loadavg_end": (1.5, 1.0, 1.0),
        },
        "versions": {"PySide6": "6.12"},
        "load": [
            {"stage": "limits", "before": (1.5, 0, 0), "after": (1.5, 0, 0), "seconds": 30},
            {"stage": "export-limits", "before": (1.5, 0, 0), "after": (1.5, 0, 0), "seconds": 9},
        ],
        "limits": {
            "at the limits": {"seconds": 4.1, "exit": 0, "peak_mib": 402.5, "bytes": 48_000_000}
            | {"load": 1.2},
        },
        "export-limits": {"at the limits": {"package_bytes": 48_000_000, **rows}},
    }


def test_report_renders_every_export_at_the_limits_against_time_and_memory():
    from benchmarks.export_limits import FORMATS
    from benchmarks.report import render

    text = render(_limits_run())
    assert "## Exports of packages at the format's limits" in text
    for fmt in FORMATS:
        assert f"| {fmt} | " in text
    assert "| pdf | 31.5 s | 10.0 s | 500.0 MiB | 1.50 | 1 file(s), 1.0 MB |" in text
    assert "| < 30 s | 31.5 s at most | **not met** |" in text
    assert "| peak memory of every export of a package within the limits | < 1,000 MiB |" in text
    assert "507.0 MiB at most | **met** |" in text


def _trimmed(lines: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def test_a_run_of_some_stages_is_spliced_into_the_document_keeping_the_rest():
    from benchmarks.report import _sections, _summary_rows, render, splice

    def figure(ln: str) -> str:
        return ln.split("|")[1].strip() if ln.startswith("|") else ln

    # the document of a full run without these stages (docs/benchmarks.md may hold them,
    # spliced in by a run of its own)
    produced = dict(_sections(render(_limits_run())))
    theirs = {h for h in produced if h not in ("", "Summary")}
    rows = {figure(ln) for ln in _summary_rows(produced.get("Summary", []))}
    full = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    existing = "\n".join(
        line
        for heading, lines in _sections(full)
        if heading not in theirs
        for line in lines
        if not (heading == "Summary" and line.startswith("| ") and figure(line) in rows)
    )
    once = splice(existing, _limits_run())
    # the rest of the document as it was, the stages' sections and summary rows added
    before, after = dict(_sections(existing)), dict(_sections(once))
    for heading, lines in before.items():
        if heading == "Summary":
            # the run's four rows (validate: time and memory; exports: time and memory)
            # are added; the others stay as they were, in order
            added = [ln for ln in after[heading] if ln not in lines]
            assert len(added) == 4
            ran = {figure(ln) for ln in added}
            assert [ln for ln in after[heading] if figure(ln) not in ran] == [
                ln for ln in lines if figure(ln) not in ran
            ]
        else:  # (a blank line may end the last, before a section added after it)
            assert _trimmed(after[heading]) == _trimmed(lines), heading
    assert list(after)[: len(before)] == list(before)
    assert once.count("## Exports of packages at the format's limits") == 1
    assert "*Measured 2026-12-02T09:00:00+00:00, revision def5678" in once
    assert once.count("| validate a package within (or just beyond) the limits |") == 1
    # spliced again: replaced, not added twice
    twice = splice(once, _limits_run() | {"revision": "0000000"})
    assert twice.count("## Exports of packages at the format's limits") == 1
    assert "revision 0000000" in twice and "revision def5678" not in twice
    assert twice.count("| validate a package within (or just beyond) the limits |") == 1


def test_cpu_until_idle_tells_the_rest_of_the_first_frame_apart():
    """`benchmarks.firstkey` run as `make bench` runs it: the CPU time from the first paint
    until idle, and within it the rest of the first frame (the Expose that painted it)."""
    import os
    import subprocess

    from benchmarks.common import RESULT_TAG

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.run(
        [sys.executable, "-m", "benchmarks.firstkey", "window", "idle"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith(RESULT_TAG)]
    assert p.returncode == 0 and lines, p.stderr[-2000:]
    out = json.loads(lines[0][len(RESULT_TAG) :])
    assert out["views_built"] >= 1
    assert 0 < out["frame_cpu_ms"] < out["cpu_ms"], out


def test_a_spliced_first_key_row_replaces_the_row_of_the_other_outcome():
    """Whether every key found its view built ahead is in the row's title (it picks the
    target): a run of the other outcome replaces the row, not adds one beside it."""
    from benchmarks.report import splice

    def first_key_run(warm: bool) -> dict:
        runs = [{"mode": "window", "delay": "300", "warm": warm, "late_ms": 1.0, "ms": 20.0}] * 3
        run = _limits_run()
        run["load"] = [
            {"stage": "firstkey", "before": (1.5, 0, 0), "after": (1.5, 0, 0), "seconds": 9}
        ]
        del run["limits"], run["export-limits"]
        return run | {"firstkey": {"runs": runs}}

    full = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    title = "| First key, `briefing-app`, 300 ms after the first paint ({}): the view asked"
    for first, then in ((False, True), (True, False)):
        doc = splice(splice(full, first_key_run(first)), first_key_run(then))
        now = "built ahead" if then else "not all built ahead"
        before = "not all built ahead" if then else "built ahead"
        assert doc.count(title.format(now)) == 1
        assert title.format(before) not in doc


def test_the_limits_stages_measure_validate_and_export_under_a_small_parent(tmp_path):
    """The limits stages run `validate` and each export as `run_measured` does: their
    own time, status, output and peak memory."""
    from benchmarks.common import FIXTURE
    from benchmarks.export_limits import measure_export
    from benchmarks.limits import measure

    v = measure(FIXTURE)
    assert v["exit"] == 0 and v["first_line"].endswith(": valid briefing package"), v
    assert 20 < v["peak_mib"] < 400 and v["seconds"] > 0
    e = measure_export("md", FIXTURE, tmp_path)
    assert (e["exit"], e["files"], e["message"]) == (0, 1, ""), e
    assert e["bytes"] > 0 and 20 < e["peak_mib"] < 400 and e["cpu_seconds"] > 0
    missing = tmp_path / "missing"
    missing.mkdir()
    bad = measure_export("md", missing, tmp_path / "out")
    assert bad["exit"] != 0 and "datapackage.json" in bad["message"], bad
