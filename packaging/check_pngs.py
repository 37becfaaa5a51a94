"""CI check of ``BriefingViewer export png OUTDIR --size WxH``: the PNGs exist, have the
requested shape, and are not blank.

    python packaging/check_pngs.py OUTDIR --size 1280x800 [--min-count 1] [--exact]

A tab image is W wide and as tall as the tab's page, at least H: that is what is
checked by default.  ``--exact`` checks W x H exactly (``--charts``, ``--slides``).

Reads the images with Qt (no display needed); "blank" means (nearly) one colour, or
one colour covering almost the whole image.  A tall image is judged at its own
proportions (320 pixels wide), so a page of text is not squeezed into a few rows.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

#: the sample an image is judged on: this wide, and at most this tall
SAMPLE_WIDTH, SAMPLE_MAX_HEIGHT = 320, 2000


def shape_problem(size: tuple[int, int], width: int, height: int, exact: bool) -> str | None:
    """Why an image of *size* is not the shape asked for, or None."""
    w, h = size
    if exact:
        return None if (w, h) == (width, height) else f"{w}x{h}, not {width}x{height}"
    if w != width:
        return f"{w}x{h}, not {width} wide"
    if h < height:
        return f"{w}x{h}, less than {height} tall"
    return None


def blank_problem(image) -> str | None:
    """Why *image* looks blank, or None; prints nothing."""
    h = max(1, min(SAMPLE_MAX_HEIGHT, round(image.height() * SAMPLE_WIDTH / image.width())))
    small = image.scaled(SAMPLE_WIDTH, h)
    counts = Counter(small.pixel(x, y) for y in range(small.height()) for x in range(small.width()))
    top_share = counts.most_common(1)[0][1] / (small.width() * small.height())
    if len(counts) < 16 or top_share > 0.97:
        return f"looks blank ({len(counts)} colours, {top_share:.0%} of it one colour)"
    return None


def check(
    outdir: Path, width: int, height: int, min_count: int, *, exact: bool = False
) -> list[str]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    pngs = sorted(outdir.glob("*.png"))
    problems = []
    if len(pngs) < min_count:
        problems.append(f"{outdir}: {len(pngs)} PNG(s), expected at least {min_count}")
    for path in pngs:
        image = QImage(str(path))
        if image.isNull():
            problems.append(f"{path.name}: not a readable PNG")
            continue
        found = [
            shape_problem((image.width(), image.height()), width, height, exact),
            blank_problem(image),
        ]
        if any(found):
            problems += [f"{path.name}: {p}" for p in found if p]
        else:
            print(f"ok  {path.name}: {image.width()}x{image.height()}")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("outdir", type=Path)
    p.add_argument(
        "--size", default="1280x800", help="WxH: W wide and at least H tall (see --exact)"
    )
    p.add_argument("--min-count", type=int, default=1)
    p.add_argument("--exact", action="store_true", help="exactly WxH (chart and slide images)")
    args = p.parse_args(argv)
    w, h = (int(v) for v in args.size.lower().split("x"))
    problems = check(args.outdir, w, h, args.min_count, exact=args.exact)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
