"""Measure dateparser and underthesea against the importer's own tables, on the fragment table.

They are not dependencies of the project; install them beside it to re-run this:

    pip install --target /tmp/importer-libs underthesea==9.5.0 dateparser==1.5.0
    PYTHONPATH=/tmp/importer-libs .venv/bin/python scripts/dev/importer_eval_libs.py

Prints, for publication stamps (dateparser ``search_dates``, ``languages=["vi"]``) and for
meeting dates in the first body paragraph, how many values each reads right, wrong, or
not at all; for chair names (underthesea ``pos_tag`` proper nouns, Np), whether the
names are among the Np tokens and how many other Np tokens come with them; and the
import time of each library.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from portal.importer.import_dates import read_meeting_date, read_stamp  # noqa: E402
from portal.importer.import_people import find_people  # noqa: E402
from scripts.dev.importer_score import load_table  # noqa: E402

DATE_LINE = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d\s+tháng\s+\S+\s+\d{4}", re.I)
AMBIGUOUS = [  # role before name with a place in between: (sentence, the person's name)
    ("Chủ tịch UBND huyện Hà Trung Lê Hùng chủ trì.", "Lê Hùng"),
    ("Phó Chủ tịch UBND thành phố Nguyễn Thị Mai Anh chủ trì hội nghị.", "Nguyễn Thị Mai Anh"),
    ("Chủ tịch UBND xã Nga Sơn Hà Văn Nam chủ trì.", "Hà Văn Nam"),
    ("Phó Chủ tịch UBND phường Lam Sơn Mai Xuân Bình chủ trì.", "Mai Xuân Bình"),
    ("Bí thư Đảng ủy xã Quảng Tâm Lê Thị Hà chủ trì.", "Lê Thị Hà"),
    ("Chủ tịch HĐND huyện Hoằng Hóa Cao Văn Minh chủ trì.", "Cao Văn Minh"),
    ("Chủ tịch UBND xã Hoằng Quang Mai Thị Lan chủ trì hội nghị.", "Mai Thị Lan"),
]


def import_seconds(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return float(out.stdout.strip()) if out.returncode == 0 else float("nan")


def iso(value) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def tally(rows):
    return {k: sum(1 for r in rows if r == k) for k in ("right", "flagged", "wrong", "none")}


def main() -> int:
    try:
        from dateparser.search import search_dates
        from underthesea import pos_tag
    except ImportError as exc:
        print(f"{exc.name} is not installed: see the docstring of this script", file=sys.stderr)
        return 2
    table = load_table()
    print(f"import time: dateparser.search {import_seconds('dateparser.search'):.2f} s, "
          f"underthesea {import_seconds('underthesea'):.2f} s")

    ours, theirs = [], []
    for fragment in table:
        expected = fragment["expect"].get("published", "absent")
        if expected in ("absent", None):
            continue
        expected = iso(expected)
        line = next((l for l in fragment["text"].splitlines() if DATE_LINE.search(l) and len(l) < 70), None)
        if line is None:
            continue
        stamp = read_stamp(line)
        got = stamp.value.isoformat() if stamp and stamp.sure else None
        ours.append("flagged" if stamp and not stamp.sure and expected == "?" else
                    "right" if got == expected else "none" if stamp is None else "wrong")
        found = search_dates(line, languages=["vi"], settings={"DATE_ORDER": "DMY"})
        value = found[0][1].strftime("%Y-%m-%dT%H:%M:%S+07:00") if found else None
        theirs.append("right" if value == expected else "none" if value is None else "wrong")
    print(f"stamps ({len(ours)}): ours {tally(ours)}; dateparser {tally(theirs)}")

    ours, theirs = [], []
    for fragment in table:
        expected = fragment["expect"].get("date", "absent")
        if expected == "absent":
            continue
        expected = iso(expected)
        lines = [l for l in fragment["text"].splitlines() if l.strip()]
        stamp = next((read_stamp(l) for l in lines if read_stamp(l)), None)
        body = next((l for l in lines if len(l) > 70), lines[-1])
        found = read_meeting_date([body], stamp.value if stamp else None)
        ours.append("flagged" if not found.sure and expected == "?" else
                    "right" if found.sure and found.date.iso == expected else "none" if not found.sure else "wrong")
        hits = search_dates(body, languages=["vi"], settings={"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past",
                                                             "RELATIVE_BASE": stamp.value.replace(tzinfo=None)
                                                             if stamp and stamp.value else None} if stamp and
                            stamp.value else {"DATE_ORDER": "DMY"})
        value = hits[0][1].date().isoformat() if hits else None
        theirs.append("right" if value == expected else "none" if value is None else "wrong")
    print(f"meeting dates, first long paragraph ({len(ours)}): ours {tally(ours)}; dateparser {tally(theirs)}")

    covered = extra = total = 0
    for fragment in table:
        chairs = fragment["expect"].get("chairs")
        if not isinstance(chairs, list) or not chairs:
            continue
        names = {c["name"] for c in chairs}
        sentence = next(s for s in re.split(r"(?<=[.!?])\s+|\n", fragment["text"])
                        if re.search(r"chủ trì|chủ tọa|kết luận", s, re.I))
        proper = [w for w, tag in pos_tag(sentence) if tag == "Np"]
        total += 1
        covered += names <= set(proper)
        extra += len([w for w in proper if w not in names])
    print(f"chair names ({total} fragments): underthesea Np holds the names in {covered}, "
          f"with {extra} other Np tokens beside them")

    ours, theirs = [], []
    for sentence, name in AMBIGUOUS:
        people = find_people(sentence)
        ours.append("right" if people and people[0].sure and people[0].name == name else
                    "flagged" if people and not people[0].sure else "wrong")
        proper = [w for w, tag in pos_tag(sentence) if tag == "Np"]
        theirs.append("right" if proper and proper[-1] == name else "wrong")
    print(f"names after a role and a place ({len(AMBIGUOUS)}): ours {tally(ours)}; underthesea last Np {tally(theirs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
