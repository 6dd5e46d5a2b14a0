"""Run axe-core (WCAG 2.1 A and AA) in headless Chromium on every page kind of a built site.

Usage: python scripts/dev/axe_audit.py SITE_DIR [--all-impacts]

Prints the violations by rule and page kind at 390x844 and 1280x800. axe-core comes
from npm (package.json; `bash scripts/setup.sh --browser` runs `npm ci`) and is injected
into each page by Playwright. tests/test_accessibility.py uses the same functions.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]

from portal.contract import routes
from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS, serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BLOCKING = ("critical", "serious")


def _built_urls(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if p.parent != site)


def page_kinds(site: Path, query: str) -> dict[str, str]:
    """Every page kind of the portal (the route table, hooks/portal/contract/routes.py), with one URL
    (site-relative) for each; both seed bulletins when the site has them; and the 404 page."""
    site = Path(site)
    built = _built_urls(site)
    kinds = {}
    for route in routes.ROUTES:
        if not route.page:  # only feeds and calendars at this address
            continue
        if not route.params:
            url = route.url()
            kinds[route.name] = url + (f"?q={quote(query)}" if route.name == "search" else "")
            continue
        found = [u for u in built if route.regex.match(u)]
        if not found:
            raise SystemExit(f"{site}: no page of the route {route.name!r} ({route.pattern})")
        if route.name == "meeting":  # the seeds: a year-only bulletin and one with commitments
            seeds = [u for u in found if "2020-02-12-giao-ban" in u or "2018-danh-gia" in u]
            for i, url in enumerate(seeds or found[:2], start=1):
                kinds["meeting" if i == 1 else f"meeting-{i}"] = url
            continue
        kinds[route.name] = found[0]
    kinds["not-found"] = "404.html"
    return kinds


def audit(page, url: str) -> list[dict]:
    """axe-core's violations on one loaded page: [{id, impact, nodes, help}]."""
    page.goto(url, wait_until="load")
    if "/tim-kiem/" in url:
        page.wait_for_selector("li.search-result", timeout=10_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]), "help": v["help"],
             "targets": [n["target"] for n in v["nodes"][:3]]} for v in result["violations"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site")
    parser.add_argument("--query", default="hội nghị")
    parser.add_argument("--all-impacts", action="store_true", help="also moderate and minor")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    kinds = page_kinds(Path(args.site), args.query)
    by_rule: Counter = Counter()
    total = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="vi-VN")
            page = context.new_page()
            for kind, url in kinds.items():
                found = [v for v in audit(page, base + url) if args.all_impacts or v["impact"] in BLOCKING]
                total += len(found)
                for v in found:
                    by_rule[(v["id"], v["impact"])] += 1
                    print(f"{name:8} {kind:15} {v['impact']:9} {v['id']:28} {v['nodes']:5} nodes  {v['targets']}")
            context.close()
        browser.close()
    server.shutdown()
    print(f"\n{total} violations (rule x page kind x viewport) over {len(kinds)} page kinds x {len(VIEWPORTS)} viewports")
    for (rule, impact), count in by_rule.most_common():
        print(f"  {rule:28} {impact:9} on {count} page views")


if __name__ == "__main__":
    main()
