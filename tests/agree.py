"""Check ⇔ build harness: mutate one value of the content or of mkdocs.yml, then ask the loader
(what scripts/check.py runs) and an in-process `mkdocs build` whether they accept it.

Used by tests/test_check_build_agree.py (Hypothesis) and by hand:
    .venv/bin/python tests/agree.py      # every optional field of every kind absent/empty/null…
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import yaml

ABSENT = object()  # the field is left out

# One existing file of each kind, relative to docs/ (the repository's own content).
TARGETS = {
    "organizations": "data/organizations/ubnd-tp.yml",
    "people": "data/people/le-anh-xuan.yml",
    "topics": "data/topics/giai-phong-mat-bang.yml",
    "meeting-kinds": "data/meeting-kinds/giao-ban.yml",
    "localities": "data/localities/phuong-hac-thanh.yml",
    "bulletin": "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md",
    "home": "index.md",
    "about": "gioi-thieu.md",
    "guide": "huong-dan/index.md",
}


@dataclass
class Outcome:
    accepted: bool  # the loader reported no error
    built: bool  # mkdocs build succeeded
    crash: str | None  # a traceback: an exception that is not a content error
    errors: list[str]


def _split(text: str):
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return yaml.safe_load(text[4:end + 1]) or {}, text[end + 5:]
    return None, text


def set_value(root: Path, target: str, path: tuple, value) -> None:
    """Set (or with ABSENT remove) ``path`` in a docs/ file's YAML (front matter for .md) or in mkdocs.yml."""
    file = root / "mkdocs.yml" if target == "settings" else root / "docs" / TARGETS.get(target, target)
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".md":
        data, body = _split(text)
        data = {} if data is None else data
    else:
        data, body = yaml.safe_load(text) or {}, None
    node = data
    for part in path[:-1]:
        if isinstance(node, list):
            node = node[part]
        else:
            node = node.setdefault(part, {}) if not isinstance(node.get(part), (dict, list)) else node[part]
    if value is ABSENT:
        if isinstance(node, dict):
            node.pop(path[-1], None)
    else:
        node[path[-1]] = value
    out = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    file.write_text(("---\n" + out + "---\n" + body) if body is not None else out, encoding="utf-8")


def check(root: Path) -> tuple[bool, list[str]]:
    from portal.content.loader import load_site

    _site, report = load_site(root / "docs", settings_file=root / "mkdocs.yml")
    return not report.errors, [p.format() for p in report.errors]


def build(root: Path, out: Path, command: str = "build") -> tuple[bool, str | None]:
    """``mkdocs build`` in this process (``command="serve"``: as the preview builds): (succeeded,
    traceback of an exception that is not a content error)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    logging.getLogger("mkdocs").setLevel(logging.CRITICAL)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(out))
            config.plugins.on_startup(command=command, dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except PluginError as error:
        # A content error (the loader's lines) is a PluginError raised before anything renders;
        # one raised by a page (MkDocs wraps them too) carries another exception's traceback.
        if error.__cause__ is not None or error.__context__ is not None:
            return False, "".join(traceback.format_exception(error))
        return False, None
    except (Abort, ConfigurationError, SystemExit):
        return False, None
    except Exception as error:  # a traceback: what must never happen
        return False, "".join(traceback.format_exception(error))
    return True, None


def outcome(root: Path, out: Path) -> Outcome:
    accepted, errors = check(root)
    built, crash = build(root, out)
    return Outcome(accepted, built, crash, errors)


def fresh(base: Path, dest: Path) -> Path:
    """A copy of ``base`` (docs/ and mkdocs.yml copied, the rest linked), sharing its build cache."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(base / "docs", dest / "docs")
    shutil.copy(base / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        (dest / name).symlink_to((base / name).resolve())
    if (base / ".cache").exists():
        (dest / ".cache").symlink_to((base / ".cache").resolve())
    return dest


def optional_fields(target: str):
    from portal.contract import schema as S

    if target in S.REGISTRY_ENTRIES:
        entry = S.REGISTRY_ENTRIES[target]
    elif target == "bulletin":
        entry = S.BULLETIN
    else:
        return ()
    return [name for name in entry["properties"] if name not in entry.get("required", ())]


if __name__ == "__main__":
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import make_project

    os.environ.setdefault("PORTAL_AS_OF", "2026-11-23")
    tmp = Path(tempfile.mkdtemp(prefix="agree-"))
    base = make_project(tmp / "base")
    assert build(base, tmp / "out")[0]
    values = [ABSENT, None, "", [], {}, 0, True, "x", "<b>x</b>"]
    bad = 0
    for target in [t for t in TARGETS if optional_fields(t)]:
        for name in optional_fields(target):
            for value in values:
                root = fresh(base, tmp / "work")
                set_value(root, target, (name,), value)
                result = outcome(root, tmp / "out")
                if result.crash or result.accepted != result.built:
                    bad += 1
                    print(f"{target}.{name} = {value!r}: accepted={result.accepted} built={result.built}")
                    print((result.crash or "\n".join(result.errors))[-600:])
    print("disagreements:", bad)
