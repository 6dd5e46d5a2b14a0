"""Link-preview images (Open Graph, 1200×630) drawn at build time, offline.

The font is Noto Sans from the ``fontpkg-noto-sans`` package, which covers Vietnamese;
no system font and no network is needed. Images are grayscale PNG: a third of the
encoding time of RGB, which matters for thousands of meetings, and they read well in
Zalo and Facebook cards. :func:`missing_glyphs` says which characters the font lacks,
so a title in another script is noticed instead of drawn as empty boxes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import io
from functools import lru_cache
from pathlib import Path

import fontpkg_noto_sans
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
FONT_PATH = next(Path(fontpkg_noto_sans.ROOT, "files").glob("NotoSans[[]*.ttf"))
VERSION = "2"  # bump when the drawing changes, so cached images are redrawn


@lru_cache(maxsize=None)
def _font(size: int, weight: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(str(FONT_PATH), size)
    axes = {a["name"]: a for a in font.get_variation_axes()}
    font.set_variation_by_axes([weight if name == b"Weight" else axes[name]["default"] for name in axes])
    return font


@lru_cache(maxsize=1)
def _coverage() -> frozenset[int]:
    return frozenset(TTFont(str(FONT_PATH)).getBestCmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of ``text`` (other than spaces) that the font cannot draw."""
    covered = _coverage()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})


@lru_cache(maxsize=20000)
def _word(word: str, size: int, weight: int) -> tuple[Image.Image, int, int]:
    """A word drawn once as a mask, with its offset from the pen position.

    Titles share most of their words ("Hội nghị", "thành phố"): drawing each word once
    per process and pasting it is several times faster than drawing every line anew.
    """
    font = _font(size, weight)
    left, top, right, bottom = font.getbbox(word)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), word, font=font, fill=255)
    return mask, left, top


@lru_cache(maxsize=20000)
def _length(text: str, size: int, weight: int) -> float:
    return _font(size, weight).getlength(text)


def _text(image: Image.Image, xy: tuple[int, int], text: str, size: int, weight: int, fill: int) -> None:
    x, y = xy
    space = _length(" ", size, weight)
    for word in text.split(" "):
        mask, left, top = _word(word, size, weight)
        image.paste(fill, (round(x) + left, y + top), mask)
        x += _length(word, size, weight) + space


def _wrap(text: str, size: int, weight: int, width: int, max_lines: int) -> list[str]:
    """Greedy line breaking on word widths (cached), ending the last line with "…" if cut."""
    space = _length(" ", size, weight)
    lines: list[list[str]] = [[]]
    used = 0.0
    for word in text.split():
        w = _length(word, size, weight)
        if lines[-1] and used + space + w > width:
            if len(lines) == max_lines:
                ellipsis = _length("…", size, weight) + space
                while lines[-1] and used + ellipsis > width:
                    used -= _length(lines[-1].pop(), size, weight) + space
                lines[-1].append("…")
                return [" ".join(line) for line in lines]
            lines.append([])
            used = 0.0
        used += (space if lines[-1] else 0) + w
        lines[-1].append(word)
    return [" ".join(line) for line in lines if line]


def draw_card(site_name: str, title: str, lines: tuple[str, ...]) -> bytes:
    """A PNG: site name on a dark band, the title in bold, then up to three short lines."""
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 96], fill=40)
    _text(image, (64, 26), site_name, 34, 600, 255)
    y = 150
    title_size = 58 if len(title) < 90 else 48
    for line in _wrap(title, title_size, 700, WIDTH - 128, 4):
        _text(image, (64, y), line, title_size, 700, 0)
        y += int(title_size * 1.3)
    y = max(y + 24, 420)
    for i, line in enumerate(lines[:3]):
        for part in _wrap(line, 30, 400, WIDTH - 128, 2 if i == len(lines) - 1 else 1):
            _text(image, (64, y), part, 30, 400, 60)
            y += 46
    draw.rectangle([0, HEIGHT - 12, WIDTH, HEIGHT], fill=40)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def card_key(site_name: str, title: str, lines: tuple[str, ...]) -> str:
    """Content hash: the same card text always gives the same file name in the cache."""
    data = "\x00".join((VERSION, site_name, title, *lines)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:24]


def cached(cache_dir: str, site_name: str, title: str, lines: tuple[str, ...]) -> str | None:
    """The card's path when it is in the cache already, else None."""
    path = Path(cache_dir) / f"{card_key(site_name, title, lines)}.png"
    return str(path) if path.exists() else None


def render_to(cache_dir: str, site_name: str, title: str, lines: tuple[str, ...]) -> str:
    """Draw the card into the cache unless it is there already; return its path."""
    path = Path(cache_dir) / f"{card_key(site_name, title, lines)}.png"
    if not path.exists():
        # A temporary name of this process's own: two drawers of the same card (two pages with
        # the same text, or two builds) must not take each other's file away before the rename.
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(draw_card(site_name, title, lines))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return str(path)
