"""CI check of ``BriefingViewer export png OUTDIR --size WxH``: the PNGs exist, have the
requested size, and are not blank.

    python packaging/check_pngs.py OUTDIR --size 1280x800 [--min-count 1]

Reads the images with Qt (no display needed); "blank" means (nearly) one colour, or
one colour covering almost the whole image.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path


def check(outdir: Path, width: int, height: int, min_count: int) -> list[str]:
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
        if (image.width(), image.height()) != (width, height):
            problems.append(f"{path.name}: {image.width()}x{image.height()}, not {width}x{height}")
        small = image.scaled(320, 200)
        counts = Counter(
            small.pixel(x, y) for y in range(small.height()) for x in range(small.width())
        )
        top_share = counts.most_common(1)[0][1] / (small.width() * small.height())
        if len(counts) < 16 or top_share > 0.97:
            problems.append(
                f"{path.name}: looks blank ({len(counts)} colours, "
                f"{top_share:.0%} of it one colour)"
            )
        else:
            print(f"ok  {path.name}: {image.width()}x{image.height()}, {len(counts)} colours")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("outdir", type=Path)
    p.add_argument("--size", default="1280x800")
    p.add_argument("--min-count", type=int, default=1)
    args = p.parse_args(argv)
    w, h = (int(v) for v in args.size.lower().split("x"))
    problems = check(args.outdir, w, h, args.min_count)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
