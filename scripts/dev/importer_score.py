"""Score the article importer on the fragment table, field by field.

    .venv/bin/python scripts/dev/importer_score.py            # the table per field
    .venv/bin/python scripts/dev/importer_score.py --details  # + every value not right
    .venv/bin/python scripts/dev/importer_score.py --rev 31f1916  # the importer and registries of a
                                                              # git revision, on today's table
    .venv/bin/python scripts/dev/importer_score.py --only r8-    # the fragments whose id starts so

For each fragment of ``tests/fixtures/import_fragments.yml`` and each field it lists,
the importer's answer is one of:

- right: the expected value, not flagged;
- flagged, needed: the text is not clear ("?" in the table) and the importer flagged it;
- flagged, over-cautious: the text is clear and the importer flagged it anyway (a
  person checks a value that was right to take);
- silently wrong: a wrong or missing value without a flag, or an unclear value taken
  as sure. These are the errors that get published.

The registries are the content's (``docs/data/``) plus the entries of
``tests/fixtures/import_registry/`` that the content does not hold (the bodies of wards
formed in 2025), so that fragments about those wards are scored the same before and
after the content gains them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

import yaml  # noqa: E402

TABLE = ROOT / "tests" / "fixtures" / "import_fragments.yml"
OVERLAY = ROOT / "tests" / "fixtures" / "import_registry"
FIELDS = ["title", "date", "session", "time", "published", "chairs", "organizations", "topics",
          "commitments", "owners", "author", "captions"]
UNSURE = "?"


def load_table(path: Path = TABLE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def table_registries(docs: Path, load_site, overlay: Path = OVERLAY):
    """The registries of ``docs`` plus the overlay's entries it lacks, loaded by ``load_site``;
    (registries, problems): problems are the loader's errors, and nothing is returned with them."""
    with tempfile.TemporaryDirectory(prefix="importer-registries-") as holder:
        data = Path(holder) / "docs" / "data"
        shutil.copytree(docs / "data", data)
        for entry in sorted(overlay.glob("*/*.yml")):
            registry = data / entry.parent.name
            single = data / f"{entry.parent.name}.yml"
            declared = single.exists() and yaml.safe_load(single.read_text(encoding="utf-8")) or {}
            if not (registry / entry.name).exists() and entry.stem not in declared:
                registry.mkdir(exist_ok=True)
                shutil.copy(entry, registry / entry.name)
        site, report = load_site(data.parent)
        errors = [str(e) for e in report.errors]
        return (None if errors else site.registries), errors


def _expected(value):
    """The table's value in the form :func:`observe` gives (YAML dates become ISO text)."""
    if value == UNSURE or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _flags(result) -> set[str]:
    if hasattr(result, "flags"):
        return set(result.flags)
    # an importer from before flags existed: what its drafts marked ("needs"), by field
    flags = {n.split(":")[0] for n in result.needs}
    if "commitments" in flags or any(getattr(c, "owners_inherited", False) for c in result.commitments):
        flags = (flags - {"commitments"}) | {"owners"}
    return flags


def observe(result) -> dict[str, tuple[object, bool]]:
    """field -> (value, flagged) from an import result."""
    flags = _flags(result)
    captions = getattr(result, "captions", None)
    if captions is None:
        captions = [text for kind, text in result.blocks if kind == "caption"]
    return {
        "title": (result.title, "title" in flags),
        "date": (result.date.iso if result.date else None, "date" in flags),
        "session": (result.session, "session" in flags),
        "time": (result.time, "time" in flags),
        "published": (result.published.isoformat() if result.published else None, "published" in flags),
        "chairs": ([{"name": c.name, "key": c.key, "role": c.role} for c in result.chairs], "chairs" in flags),
        "organizations": (sorted(result.organizations), "organizations" in flags),
        "topics": (sorted(result.topics), "topics" in flags),
        "commitments": ([c.text for c in result.commitments], "commitments" in flags),
        "owners": ([[c.owners, c.partners] for c in result.commitments], "owners" in flags),
        "author": (result.author, "author" in flags),
        "captions": (captions, "captions" in flags),
    }


def grade(field: str, expected, got, flagged: bool) -> str:
    if expected == UNSURE:
        return "needed" if flagged else "wrong"
    if flagged:
        return "cautious"
    if field in ("organizations", "topics"):
        expected = sorted(expected or [])
    if field == "chairs":
        expected = [{"name": c["name"], "key": c.get("key"), "role": c.get("role")} for c in expected or []]
    if expected is None and got in ([], None):
        return "right"
    return "right" if got == expected else "wrong"


def score(import_fn, table: list[dict] | None = None) -> tuple[dict, list[tuple]]:
    """({field: {grade: count}}, [(fragment id, field, grade, expected, got)])."""
    table = table if table is not None else load_table()
    counts = {f: {"right": 0, "needed": 0, "cautious": 0, "wrong": 0} for f in FIELDS}
    rows = []
    for fragment in table:
        result = import_fn(fragment["text"])
        seen = observe(result)
        for field_name, raw in fragment["expect"].items():
            expected = _expected(raw)
            if field_name in ("organizations", "topics") and isinstance(expected, list):
                expected = sorted(expected)
            got, flagged = seen[field_name]
            g = grade(field_name, expected, got, flagged)
            counts[field_name][g] += 1
            rows.append((fragment["id"], field_name, g, expected, got))
    return counts, rows


def format_table(counts: dict) -> str:
    head = "| field | values | right | flagged (unclear in text) | flagged (clear in text) | silently wrong |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: |"]
    total = {"right": 0, "needed": 0, "cautious": 0, "wrong": 0}
    for field_name in FIELDS:
        c = counts[field_name]
        n = sum(c.values())
        if not n:
            continue
        lines.append(f"| {field_name} | {n} | {c['right']} | {c['needed']} | {c['cautious']} | {c['wrong']} |")
        for k in total:
            total[k] += c[k]
    n = sum(total.values())
    lines.append(f"| **all** | {n} | {total['right']} | {total['needed']} | {total['cautious']} | {total['wrong']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="print every value that is not right")
    parser.add_argument("--rev", help="score the importer and registries of this git revision instead")
    parser.add_argument("--only", metavar="PREFIX", help="score only the fragments whose id starts with PREFIX")
    args = parser.parse_args(argv)

    if args.rev:
        return _score_revision(args)
    try:
        from portal.importer.importer import import_article
        from portal.content.loader import load_site
    except ImportError:  # a revision from before the subpackages (see _score_revision)
        from portal.importer import import_article
        from portal.loader import load_site

    docs = Path(os.environ.get("IMPORTER_SCORE_DOCS") or ROOT / "docs")
    label = os.environ.get("IMPORTER_SCORE_LABEL")
    registries, errors = table_registries(docs, load_site)
    note = ""
    if errors:  # an older loader that cannot read the overlay: the content's registries alone
        site, _ = load_site(docs)
        registries, note = site.registries, ", without the fixture registry (the loader refused it)"
    table = [f for f in load_table() if f["id"].startswith(args.only or "")]
    counts, rows = score(lambda text: import_article(text, registries, "fragment.txt"), table)
    print(f"{len(table)} fragments, {sum(sum(c.values()) for c in counts.values())} values "
          f"({TABLE.relative_to(ROOT)})" + (f", importer of {label}" if label else "") + note)
    print(format_table(counts))
    if args.details:
        for fid, field_name, g, expected, got in rows:
            if g != "right":
                print(f"{g:8} {fid} {field_name}: expected {expected!r}, got {got!r}")
    return 0


def _score_revision(args) -> int:
    """The same table, scored by another revision's importer and registries: this script runs again
    with that revision's code first on PYTHONPATH (before the installed working tree)."""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory(prefix="importer-score-") as holder:
        old = Path(holder)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.rev, "hooks", "docs"], capture_output=True)
        if archive.returncode:
            print(archive.stderr.decode(errors="replace").strip(), file=sys.stderr)
            return 2
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive.stdout, check=True)
        env = {**os.environ, "PYTHONPATH": str(old / "hooks"), "IMPORTER_SCORE_DOCS": str(old / "docs"),
               "IMPORTER_SCORE_LABEL": args.rev}
        extra = (["--details"] if args.details else []) + (["--only", args.only] if args.only else [])
        return subprocess.run([sys.executable, __file__] + extra, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
