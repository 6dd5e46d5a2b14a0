"""Where a build's time goes: `mkdocs build` in this process, timed per MkDocs event.

Usage: python scripts/dev/build_stages.py PROJECT_DIR [SITE_DIR]

Runs `mkdocs build` on PROJECT_DIR/mkdocs.yml (as the publishing workflow does, with the
project's `.cache/build` if there is one) and prints the wall seconds spent in each MkDocs
event over all plugins and hooks (`files`: the model, its views and the naming of their
objects; `env`: writing the pages the cache kept; `post_build`: waiting for the writers,
placing the preview images, the sitemap; `pre_build`: loading and checking the bulletins) and
in MkDocs' own steps (`_populate_page`: reading, converting or checking each page against the
cache; `_build_page`: drawing a page), with their counts. No profiler: the figures are those
of a real build. PORTAL_AS_OF defaults to the benchmark's date.
"""

from __future__ import annotations

import collections
import logging
import os
import sys
import time
from pathlib import Path


def measure(project: Path, site: Path, out=sys.stdout) -> dict[str, float]:
    import mkdocs.commands.build as build
    import mkdocs.plugins as plugins
    from mkdocs.config import load_config

    spent: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start
                calls[name] += 1
        return wrapper

    run_event = plugins.PluginCollection.run_event

    def run(self, name, *args, **kwargs):
        return timed(f"event {name}", run_event)(self, name, *args, **kwargs)

    steps = {name: getattr(build, name) for name in ("_populate_page", "_build_page")}
    plugins.PluginCollection.run_event = run
    for name, fn in steps.items():
        setattr(build, name, timed(name, fn))
    os.environ.setdefault("PORTAL_AS_OF", "2026-11-23")
    cwd = os.getcwd()
    start = time.perf_counter()
    try:
        os.chdir(project)
        build.build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    finally:
        os.chdir(cwd)
        plugins.PluginCollection.run_event = run_event
        for name, fn in steps.items():
            setattr(build, name, fn)
    total = time.perf_counter() - start
    print(f"{'build':<24} {total:8.2f} s", file=out)
    for name, seconds in spent.most_common():
        if seconds >= 0.005:
            print(f"{name:<24} {seconds:8.2f} s {calls[name]:>8,} calls", file=out)
    return {"build": total, **spent}


def main(argv=None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    project = Path(args[0]).resolve()
    site = Path(args[1]).resolve() if len(args) > 1 else project / "site"
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")  # as `mkdocs build`
    measure(project, site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
