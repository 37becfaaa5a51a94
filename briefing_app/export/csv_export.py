"""The data behind the charts, as CSV, with the sources and the checks.

A zip holds one CSV per chart (``<tab>-<chart>.csv``, the table of its `ChartData`,
with a full citation per row), ``checks.csv``, ``sources.csv`` and ``README.txt`` (what
the briefing is, its checksum, licence, how to cite, every source's full citation and
every check's verdict).  No Qt here.

Every cell of a text column that a spreadsheet would run as a formula (`defuse_cell`:
starting with = + - @, a tab or a carriage return) gets a leading apostrophe; number
columns stay numbers.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from briefing_app import __version__
from briefing_app.content.blocks import item_uses, uses_of
from briefing_app.content.chartdata import ChartData, chart_data
from briefing_app.content.plan import leading_chart, plan_of
from briefing_app.content.text import cite_briefing, slug
from briefing_app.export import interrupt
from briefing_app.export.atomic import atomic_path, refuse_inside_package, write_bytes
from briefing_app.export.verify import zip_checker
from briefing_app.model.briefing import Briefing
from briefing_app.model.fmt import fmt_date
from briefing_app.model.i18n import SOURCE_LANGUAGE, language_as
from briefing_app.model.languages import in_language
from briefing_app.model.types import Chart, Tab

ENCODING = "utf-8-sig"  # with a byte-order mark, so spreadsheets read UTF-8
#: the first characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a
#: cell as a formula or a command: = + - @, a tab, a carriage return, and their full-width
#: forms, which some locales' spreadsheets take as well.  "-" is not spared before a digit:
#: ``-2+3+cmd|' /C calc'!A0`` runs; a number column holds numbers, and never comes here.
FORMULA_START = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def chart_file_name(tab: Tab | None, chart: Chart | ChartData, ext: str = "csv") -> str:
    stem = f"{slug(tab.id)}-{slug(chart.id)}" if tab is not None else slug(chart.id)
    return f"{stem}.{ext}"


def plan_charts(b: Briefing) -> list[tuple[Tab, Chart]]:
    """Every chart of the briefing's plan with its tab, in order: the chart a tab kind
    leads with (`plan.leading_chart`), then the tab's own, as `plan.build_tab` lays
    them out."""
    return [
        (tab, chart)
        for tab in b.tabs
        for chart in (leading_chart(b, tab), *tab.charts)
        if chart is not None
    ]


def charts_with_tabs(b: Briefing) -> list[tuple[Tab, ChartData]]:
    """`plan_charts` with each chart's data (the plan's, kept with it).  Only the charts:
    a tab's cards are not built for the data export."""
    plan = plan_of(b)
    return [(tab, plan.chart(chart)) for tab, chart in plan_charts(b)]


def iter_charts(b: Briefing) -> Iterator[tuple[Tab, ChartData]]:
    """`charts_with_tabs`, each chart's data made when it is reached and not kept: an
    export that writes each chart once holds one at a time (a line of a million points
    is ~190 MB of data)."""
    for tab, chart in plan_charts(b):
        yield tab, chart_data(b, chart)


def defuse_cell(value: object) -> object:
    """A text cell a spreadsheet would run (`FORMULA_START`) with a leading apostrophe, so
    that it shows as the text itself; anything else (numbers, dates, other text) as it is.
    The rule for every export that writes cells a spreadsheet opens."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def _plain_number(x: float) -> str:
    """The shortest text that reads back as *x*, without an exponent: every digit of
    152345678901.5 and 0.00005 (a fixed number of significant digits dropped some)."""
    if x != x:
        return ""
    # Python's repr is the same shortest text, ~10 times faster, where it has no exponent
    text = repr(x)
    if "e" in text or "n" in text:  # 1e+16, 1e-05, inf
        return np.format_float_positional(x, trim="-")
    return text[:-2] if text.endswith(".0") else text


def _defused(column: pd.Series) -> pd.Series:
    """`defuse_cell` of every cell of a text column: of a column of strings, only the
    cells that need it are touched (a million cells a chart, each called, took seconds)."""
    if not pd.api.types.is_string_dtype(column) or column.dtype == object:
        return column.map(defuse_cell)
    risky = column.str[:1].isin(FORMULA_START).to_numpy(dtype=bool, na_value=False)
    if not risky.any():
        return column
    out = column.copy()
    out[risky] = "'" + column[risky]
    return out


def _csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* as its CSV writes it: numbers in full, text that a spreadsheet would run
    defused."""
    out = frame.copy(deep=False)  # columns are replaced, never changed in place
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = [_plain_number(v) for v in out[col].astype(float).tolist()]
        elif out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _defused(out[col])
    return out


def _to_csv(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    _csv_frame(frame).to_csv(buf, index=False, date_format="%Y-%m-%d")
    return buf.getvalue().encode(ENCODING)


def _write_csv(zf: zipfile.ZipFile, info: zipfile.ZipInfo, frame: pd.DataFrame) -> None:
    """*frame* as CSV into the zip, compressed as it is written (a chart of a million rows
    is 65 MB of text, which was held three times over before it was compressed)."""
    with (
        zf.open(info, "w") as raw,
        io.TextIOWrapper(raw, encoding=ENCODING, newline="") as text,
    ):
        _csv_frame(frame).to_csv(text, index=False, date_format="%Y-%m-%d")


def _citations(b: Briefing, ids: list[str]) -> str:
    out = []
    for i in dict.fromkeys(x for x in ids if x):
        src = b.sources.get(i)
        out.append(src.citation() if src else i)
    return " | ".join(out)


def chart_table(data: ChartData, b: Briefing) -> pd.DataFrame:
    """The chart's table (as the window shows it) with the full citation of each row's
    sources."""
    frame = data.table.copy(deep=False)  # columns are replaced, never changed in place
    if "note" in frame.columns:
        frame["note"] = frame["note"].where(frame["note"].notna(), "")
    if len(data.points) == len(frame):
        # rows share their sources (every row of a series table has its one)
        cited: dict[tuple, str] = {}
        frame["citation"] = [
            cited[c] if c in cited else cited.setdefault(c, _citations(b, list(c)))
            for c in data.points["cites"].tolist()
        ]
    elif data.kind == "timeline":
        frame["citation"] = [_citations(b, list(b.events[e.id].sources)) for e in data.events]
    return frame


def chart_csv(data: ChartData, b: Briefing) -> bytes:
    return _to_csv(chart_table(data, b))


def checks_frame(b: Briefing) -> pd.DataFrame:
    rows = []
    for c in b.checks.values():
        reported_by = ""
        if c.reported_id:
            rep = b.observation_rows([c.reported_id])
            if not rep.empty:
                reported_by = b.observation_attribution(rep.iloc[0])
        rows.append(
            {
                "id": c.id,
                "title": c.title,
                "holds": "" if c.holds is None else ("yes" if c.holds else "no"),
                "judgement": c.judgement,
                "verdict": c.verdict(),
                "reported": c.reported,
                "computed": c.computed,
                "difference": c.difference,
                "unit": c.unit,
                "relation": c.relation,
                "tolerance": c.tolerance,
                "formula": c.formula,
                "expression": c.expression,
                "reported_id": c.reported_id or "",
                "reported_by": reported_by,
                "inputs": " ".join(c.inputs),
                "note": c.note,
            }
        )
    cols = ["id", "title", "holds", "judgement", "verdict", "reported", "computed"]
    cols += ["difference", "unit"]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=cols)


def sources_frame(b: Briefing) -> pd.DataFrame:
    rows = [
        {
            "id": s.id,
            "publisher": s.publisher,
            "short_name": s.short_name,
            "title": s.title,
            "published": s.published,
            "url": s.url,
            "note": s.note,
            "citation": s.citation(),
            "relied_on_by": uses_of(b, s.id).total,
        }
        for s in b.sources.values()
    ]
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=["id", "citation"])


#: the columns of source_uses.csv: a row per figure or item that cites a source
USES_COLUMNS = ["source", "use", "id", "description", "indicator", "series"]
USES_COLUMNS += ["period_start", "period_end", "value", "unit"]


def source_uses_frame(b: Briefing) -> pd.DataFrame:
    """Every figure and item that cites each source, as origin or on the way: what a
    source's card in the handout counts but does not list past its first figures.  A
    source's figures, then its other items, source by source."""
    sids = list(b.sources)
    positions = [b.citing_positions(sid) for sid in sids]
    counts = np.array([len(p) for p in positions], dtype=np.int64)
    # the figures of every source in one selection of rows, not a frame a source (2,000
    # sources took seconds)
    parts = []
    if counts.sum():
        rows = b.observations.iloc[[p for ps in positions for p in ps]]
        figures = pd.DataFrame(
            {c: rows[c].to_numpy() for c in USES_COLUMNS[4:] if c in rows.columns}
        )
        figures.insert(0, "id", rows["id"].to_numpy())
        figures.insert(0, "use", "figure")
        figures.insert(0, "source", np.repeat(np.array(sids, dtype=object), counts))
        figures["_rank"] = np.repeat(np.arange(len(sids)), counts)
        figures["_part"] = 0
        parts.append(figures)
    others = [(k, sid, use) for k, sid in enumerate(sids) for use in item_uses(b, sid)]
    if others:
        parts.append(
            pd.DataFrame(
                {
                    "source": [sid for _, sid, _ in others],
                    "use": [kind for _, _, (kind, _, _) in others],
                    "id": [item for _, _, (_, item, _) in others],
                    "description": [text.split(": ", 1)[-1] for _, _, (_, _, text) in others],
                    "_rank": [k for k, _, _ in others],
                    "_part": 1,
                }
            )
        )
    if not parts:
        return pd.DataFrame().reindex(columns=USES_COLUMNS)
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["_rank", "_part"], kind="stable").reset_index(drop=True)
    return frame.reindex(columns=USES_COLUMNS)


def readme(b: Briefing, files: list[tuple[str, str]]) -> str:
    """README.txt: plain text, one item per paragraph."""
    out = [b.title]
    if b.subtitle:
        out.append(b.subtitle)
    out += [
        "",
        f"As of: {fmt_date(b.as_of)} ({b.as_of.isoformat()})",
        f"Package: {b.name}, version {b.version or 'not stated'}",
        f"Checksum (SHA-256 of the package files): {b.checksum or 'not computed'}",
    ]
    if b.caveat:
        out.append(f"Caveat: {b.caveat}")
    out += [
        f"Licence of the data: {b.licence or 'not stated'}",
        f"Exported with Briefing Viewer {__version__}",
        "",
        "HOW TO CITE",
        f"  {cite_briefing(b)}",
        "  When you use a figure, cite its original source too: each row of a chart's CSV",
        "  names it (column 'attribution') and gives its full citation (column 'citation');",
        "  the full list is below and in sources.csv.",
        "",
        "FILES (UTF-8 CSV with a byte-order mark; dates as YYYY-MM-DD)",
    ]
    for name, what in files:
        out.append(f"  {name}: {what}")
    out += [
        "  Text cells that a spreadsheet would read as a formula (starting with = + - @,",
        "  a tab or a carriage return) start with an apostrophe; numbers are numbers.",
        "",
        "SOURCES",
    ]
    for k, s in enumerate(b.sources.values(), start=1):
        out.append(f"  {k}. [{s.id}] {s.citation()}")
        if s.note:
            out.append(f"     {s.note}")
    out += ["", "CHECKS (reported figures against the figures computed from their parts)"]
    if not b.checks:
        out.append("  none")
    for c in b.checks.values():
        state = c.judgement.upper() if c.holds is False else c.judgement
        out.append(f"  [{state}] {c.title}")
        out.append(f"     {c.verdict()}")
        if c.note:
            out.append(f"     {c.note}")
    return "\n".join(" ".join(line.split("\r")) for line in out) + "\n"


def write_zip(b: Briefing, target: str | Path, *, force: bool = False) -> list[str]:
    """Write the data zip atomically; return the member names.

    In English whatever the interface speaks: the data is for machines and scripts,
    whose columns, verdicts and numbers stay one format (`language_as`), and the
    package's text in its default language (`in_language`: the same file whatever
    language the briefing is shown in)."""
    with language_as(SOURCE_LANGUAGE):
        return _write_zip(in_language(b, None), target, force=force)


def _write_zip(b: Briefing, target: str | Path, *, force: bool = False) -> list[str]:
    """Each CSV is written into the zip as it is made, one chart's data at a time, and the
    README, which describes them, last."""
    described: list[tuple[str, str]] = []
    names: list[str] = []
    stamp = (max(b.as_of.year, 1980), b.as_of.month, b.as_of.day, 0, 0, 0)

    def entry(name: str) -> zipfile.ZipInfo:
        names.append(name)
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with (
        atomic_path(target, force=force, verify=zip_checker(names)) as tmp,
        zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        used: set[str] = set()
        for tab, chart in iter_charts(b):
            interrupt.check()  # a signal stops the export here, between charts
            name = chart_file_name(tab, chart)
            k = 2
            while name in used:
                name = chart_file_name(tab, chart).replace(".csv", f"-{k}.csv")
                k += 1
            used.add(name)
            frame = chart_table(chart, b)
            _write_csv(zf, entry(name), frame)
            sources = "; ".join(chart.source_lines) or "none stated"
            what = f"“{chart.title}” (tab “{tab.title}”), {len(frame)} rows"
            described.append((name, f"{what}. Sources: {sources}"))
            del frame, chart
        _write_csv(zf, entry("checks.csv"), checks_frame(b))
        described.append(("checks.csv", f"{len(b.checks)} checks with their verdicts"))
        _write_csv(zf, entry("sources.csv"), sources_frame(b))
        described.append(("sources.csv", f"{len(b.sources)} sources with full citations"))
        uses = source_uses_frame(b)
        _write_csv(zf, entry("source_uses.csv"), uses)
        described.append(
            ("source_uses.csv", f"{len(uses):,} rows: each figure and item citing each source")
        )
        zf.writestr(entry("README.txt"), readme(b, described).encode("utf-8"))
    return names


def write_chart_csv(
    data: ChartData, b: Briefing, target: str | Path, *, force: bool = False
) -> Path:
    with language_as(SOURCE_LANGUAGE):  # machine-readable: as write_zip
        return write_bytes(chart_csv(data, b), Path(target), force=force)


def export(args, b: Briefing, theme=None) -> list[Path]:
    """``briefing-app export csv OUT.zip`` (registered in `export.formats`)."""
    refuse_inside_package(b.location, Path(args.out))
    write_zip(b, args.out, force=args.force)
    return [Path(args.out)]
