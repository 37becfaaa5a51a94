"""Check what the built executable exported, as a user would open it: CI step 7.

    python packaging/check_exports.py OUTDIR

OUTDIR holds ``handout.pdf``, ``briefing.md``, ``data.zip``, ``svg/`` and ``charts/``
from the executable. Each must open: the PDF with pdfinfo (poppler), every SVG as XML
with a root ``svg`` element, the zip with its README and a CSV per chart, the Markdown
as UTF-8 with the briefing's title. Exit 0, or 1 with the reasons.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path


def problems(out: Path, title: str) -> list[str]:
    found: list[str] = []
    pdf = out / "handout.pdf"
    r = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
    if r.returncode != 0 or "Pages:" not in r.stdout:
        found.append(f"{pdf}: does not open as a PDF ({r.stderr.strip()[:200]})")
    md = out / "briefing.md"
    if not md.is_file() or title not in md.read_text(encoding="utf-8"):
        found.append(f"{md}: missing, or without the briefing's title")
    svgs = sorted((out / "svg").glob("*.svg"))
    if not svgs:
        found.append(f"{out / 'svg'}: no SVG")
    for svg in svgs:
        try:
            root = ET.parse(svg).getroot()
        except ET.ParseError as exc:
            found.append(f"{svg}: not XML ({exc})")
            continue
        if not root.tag.endswith("svg"):
            found.append(f"{svg}: root element is {root.tag}")
    if len(list((out / "charts").glob("*.png"))) != len(svgs):
        found.append("a chart PNG for every chart SVG: counts differ")
    with zipfile.ZipFile(out / "data.zip") as zf:
        names = zf.namelist()
        if zf.testzip() is not None or "README.txt" not in names:
            found.append("data.zip: damaged or without README.txt")
        if len([n for n in names if n.endswith(".csv")]) < len(svgs):
            found.append("data.zip: fewer CSVs than charts")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, title = Path(argv[0]), argv[1]
    found = problems(out, title)
    for p in found:
        print(f"check_exports: {p}", file=sys.stderr)
    if not found:
        print(f"check_exports: every export in {out} opens")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
