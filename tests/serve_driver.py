"""Rebuilds a project the way `mkdocs serve` does, in one process, on command (for tests).

Reads lines from stdin: ``build OUT`` rebuilds into OUT (a new config each time, the hooks
module kept loaded, as serve does) and prints ``built HITS DRAWN``: the pages written from
the build cache and the pages drawn. End of input ends it.
"""

from __future__ import annotations

import logging
import sys

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main(config_file: str) -> None:
    logging.basicConfig(level=logging.WARNING)
    started = False
    for line in sys.stdin:
        command, _, out = line.strip().partition(" ")
        if command != "build":
            continue
        config = load_config(config_file=config_file, site_dir=out)
        if not started:
            config.plugins.on_startup(command="serve", dirty=False)
            started = True
        build(config)
        hooks = next(m for m in config.plugins.values() if hasattr(m, "_finish_background"))
        hooks._finish_background()  # what serve places after the reload
        cache = hooks.build.cache
        hits, drawn = len(cache.hits), cache.drawn
        print(f"built {hits} {drawn}", flush=True)
    if started:
        config.plugins.on_shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
