"""Build the sample content and a synthetic archive at two commits and compare every file.

Usage: python scripts/dev/site_diff.py BASE_REV [HEAD_REV] [--synthetic N]

Each revision is checked out into a temporary worktree and built twice with the same
"as of" date: once on the repository's own content, once on N synthetic bulletins
(scripts/dev/benchmark.py's generator, written by the BASE revision's generator so both
builds read the same files). Prints, for each build, the files only in one side and
the files whose bytes differ, with a short unified diff of each (text files).
A refactoring that must not change the published site prints "identical".
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"


def _run(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True, **kw)


def _worktree(rev: str, dest: Path) -> Path:
    _run(["git", "worktree", "add", "--detach", "-q", str(dest), rev], ROOT)
    return dest


def _code_of(checkout: Path) -> dict:
    """An environment in which Python imports ``checkout``'s code (its domain, glue and tools), not
    the installed working tree's: PYTHONPATH comes before the editable install. The older layout
    kept the tools in scripts/ itself."""
    paths = [checkout / "hooks", checkout, checkout / "scripts"]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, paths))}


def _build(checkout: Path, content: Path, out: Path) -> None:
    """Build ``content`` (a folder with docs/) with ``checkout``'s hooks, templates and mkdocs.yml."""
    project = out.parent / (out.name + "-project")
    shutil.copytree(content / "docs", project / "docs")
    shutil.copy(checkout / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("hooks", "overrides"):
        (project / name).symlink_to(checkout / name)
    for name in ("docs/assets",):  # the checkout's own assets (CSS, JS), not the content's
        shutil.rmtree(project / name, ignore_errors=True)
        shutil.copytree(checkout / name, project / name)
    env = {**_code_of(checkout), "PORTAL_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                             "-d", str(out)], cwd=project, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"build of {checkout} failed:\n{result.stderr}")


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}


def differences(a: Path, b: Path) -> list[str]:
    """The files of two folders that are not the same bytes: "only in one: …" for a file one of them
    lacks, the path of each that differs. Empty for identical folders."""
    fa, fb = _files(a), _files(b)
    out = [f"only in one: {name}" for name in sorted(fa.keys() ^ fb.keys())]
    out += [name for name in sorted(fa.keys() & fb.keys()) if not filecmp.cmp(fa[name], fb[name], shallow=False)]
    return out


def compare(a: Path, b: Path, label: str, context: int = 1, shown: int = 12) -> int:
    fa, fb = _files(a), _files(b)
    only_a, only_b = sorted(fa.keys() - fb.keys()), sorted(fb.keys() - fa.keys())
    changed = sorted(k for k in fa.keys() & fb.keys() if fa[k].read_bytes() != fb[k].read_bytes())
    print(f"== {label}: {len(fa)} files before, {len(fb)} after; {len(only_a)} removed, {len(only_b)} added, "
          f"{len(changed)} changed")
    for k in only_a:
        print(f"  - {k}")
    for k in only_b:
        print(f"  + {k}")
    for k in changed[:shown]:
        print(f"  ~ {k}")
        try:
            left = fa[k].read_text(encoding="utf-8").splitlines()
            right = fb[k].read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            print("    (binary)")
            continue
        diff = list(difflib.unified_diff(left, right, lineterm="", n=context))[2:40]
        print("\n".join("    " + line[:220] for line in diff))
    if len(changed) > shown:
        print(f"  … and {len(changed) - shown} more changed files")
    if not (only_a or only_b or changed):
        print("  identical")
    return len(only_a) + len(only_b) + len(changed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?", default=None, help="default: the working tree")
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--shown", type=int, default=12, help="changed files shown with a diff")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="site-diff-") as tmp:
        tmp = Path(tmp)
        trees = []
        try:
            base = _worktree(args.base, tmp / "base")
            trees.append(base)
            head = _worktree(args.head, tmp / "head") if args.head else ROOT
            if args.head:
                trees.append(head)
            synthetic = tmp / "synthetic"
            generator = "scripts.dev.benchmark" if (base / "scripts/dev/benchmark.py").exists() else "benchmark"
            _run([sys.executable, "-c", "import sys, importlib; from pathlib import Path; "
                  f"b = importlib.import_module('{generator}'); b.make_project(Path(sys.argv[1])); "
                  "b.write_archive(Path(sys.argv[1]), int(sys.argv[2]))", str(synthetic), str(args.synthetic)], base,
                 env=_code_of(base))
            differences = 0
            for label, content in (("sample content", None), (f"{args.synthetic} synthetic bulletins", synthetic)):
                outs = []
                for name, tree in (("before", base), ("after", head)):
                    out = tmp / f"{name}-{len(outs)}-{label.split()[0]}"
                    _build(tree, content or tree, out)
                    outs.append(out)
                differences += compare(*outs, label, shown=args.shown)
            return 1 if differences else 0
        finally:
            for tree in trees:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, capture_output=True)


if __name__ == "__main__":
    sys.exit(main())
