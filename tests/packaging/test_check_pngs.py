"""``packaging/check_pngs.py``, CI's check of ``export png``: tab images W wide and at
least H tall (``--exact`` for W x H), none blank, none missing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

_spec = importlib.util.spec_from_file_location("check_pngs", ROOT / "packaging" / "check_pngs.py")
check_pngs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_pngs)


def page(path: Path, width: int, height: int, lines: int = 60) -> Path:
    """A white page with *lines* lines of text down it, as a tab image has."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    p.setFont(QFont("Inter", 14))
    for k in range(lines):
        y = 40 + k * (height - 80) / max(1, lines)
        p.fillRect(QRectF(30, y, 8, 8), QColor("#0072b2" if k % 2 else "#d55e00"))
        p.drawText(50, round(y) + 12, f"Line {k}: 45,680 people — Source: General Staff [{k}]")
    p.end()
    assert image.save(str(path))
    return path


def run(folder: Path, *args: str) -> int:
    return check_pngs.main([str(folder), *args])


def test_tall_pages_of_the_width_pass(qapp, tmp_path, capsys):
    page(tmp_path / "01-a.png", 1280, 4000)
    page(tmp_path / "02-b.png", 1280, 800, lines=20)
    assert run(tmp_path, "--size", "1280x800", "--min-count", "2") == 0
    assert "ok  01-a.png: 1280x4000" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("size", "args", "problem"),
    [
        ((1024, 4000), (), "not 1280 wide"),
        ((1280, 600), (), "less than 800 tall"),
        ((1280, 4000), ("--exact",), "not 1280x800"),
    ],
)
def test_the_wrong_shape_fails(qapp, tmp_path, capsys, size, args, problem):
    page(tmp_path / "01-a.png", *size)
    assert run(tmp_path, "--size", "1280x800", *args) == 1
    assert problem in capsys.readouterr().err


def test_exact_size_passes_with_exact(qapp, tmp_path):
    page(tmp_path / "01-a.png", 1280, 800, lines=20)
    assert run(tmp_path, "--size", "1280x800", "--exact") == 0


def test_blank_missing_or_unreadable_images_fail(qapp, tmp_path, capsys):
    blank = QImage(1280, 5000, QImage.Format.Format_ARGB32_Premultiplied)
    blank.fill(QColor("#ffffff"))
    assert blank.save(str(tmp_path / "01-blank.png"))
    # a page with a title and nothing else is blank too
    page(tmp_path / "02-title-only.png", 1280, 6000, lines=1)
    (tmp_path / "03-broken.png").write_bytes(b"not a png")
    assert run(tmp_path, "--size", "1280x800", "--min-count", "7") == 1
    err = capsys.readouterr().err
    assert "01-blank.png: looks blank" in err
    assert "02-title-only.png: looks blank" in err
    assert "03-broken.png: not a readable PNG" in err
    assert "3 PNG(s), expected at least 7" in err
