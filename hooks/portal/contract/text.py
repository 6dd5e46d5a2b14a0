"""Vietnamese text helpers: normalisation, accent folding and ASCII slugs.

Everything the portal reads goes through :func:`nfc` so that text pasted from
Word or macOS (decomposed, NFD) and text typed on a phone (composed, NFC)
compare equal. :func:`fold` is the accent-insensitive form used for matching
and for nearest-key suggestions; :func:`slugify` gives the ASCII URL and anchor
form, mapping "đ" to "d" (Python-Markdown's default slugify drops it).
"""

from __future__ import annotations

import re
import unicodedata

# "đ"/"Đ" have no Unicode decomposition; "ð"/"Ð" are look-alikes left by old
# encodings (TCVN3/VNI conversions). All four fold to "d".
_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def _combining_class() -> re.Pattern:
    """One regex character class of every combining mark in the Basic Multilingual Plane."""
    ranges, start, prev = [], None, None
    for cp in range(0x10000):
        if unicodedata.combining(chr(cp)):
            if start is None:
                start = cp
            elif cp != prev + 1:
                ranges.append((start, prev))
                start = cp
            prev = cp
    ranges.append((start, prev))
    return re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]+")


# Marks are removed by the regex engine (C speed); the rare marks beyond the BMP take the
# slow path below.
_COMBINING_BMP = _combining_class()
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def normalise_source(text: str) -> str:
    """Normalise a whole source file: drop a BOM, unify line ends, NFC."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text)


def fold(text: str) -> str:
    """Fold for accent-insensitive matching.

    NFC, casefold, NFD, drop combining marks, then map đ/ð to d. The result is
    the same for old and new tone placement ("hoá" and "hóa") and for NFC and
    NFD input.
    """
    text = _COMBINING_BMP.sub("", unicodedata.normalize("NFD", nfc(text).casefold()))
    if _ASTRAL.search(text):
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_D_MAP)


def slugify(value: str, separator: str = "-") -> str:
    """ASCII slug of Vietnamese text: "Đường bê tông" -> "duong-be-tong".

    Has the signature Python-Markdown's ``toc`` extension expects.
    """
    return _NON_SLUG.sub(separator, fold(value)).strip(separator)
