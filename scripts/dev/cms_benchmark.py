"""Measure the two editors we tried, Decap CMS and Sveltia CMS, on this portal.

    .venv/bin/python scripts/dev/cms_benchmark.py [--runs 3]
    .venv/bin/python scripts/dev/cms_benchmark.py --bulletins 1000   # our editor alone, on a synthetic archive

With ``--bulletins N``: the editor as staff run it (scripts/editor_server.py serving Decap and
its API) on N synthetic bulletins (scripts/dev/benchmark.py's archive), timing in chromium the
list of bulletins, opening one, the new-bulletin form, and a save (click to the check's
answer on screen, the check of scripts/check.py included), each the median of ``--runs``.

Builds the site into a temporary folder, serves it on 127.0.0.1 and opens, in Debian's
headless chromium at 1280x800, the new-bulletin form of:

* Decap CMS (installed by setup.sh) served by the editor server (scripts/editor_server.py),
  as scripts/editor.sh runs it;
* Sveltia CMS (``@sveltia/cms``, installed here on first use into .cache/sveltia with
  npm, not a project dependency), with the same generated collections. Its local mode
  needs the File System Access API (a folder picker a person clicks), so the form is
  opened with its in-browser ``test-repo`` backend, which saves nothing.

Prints, per editor: bytes served to the browser (raw and gzip-compressed, as a static host
would send them), the median time from navigation to the form's title field, the
requests to any host other than 127.0.0.1, and what the page reports about the features
our schema needs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.dev.editor_stack import ROOT, editor_repo, editor_stack  # noqa: E402
from scripts.dev.screenshot import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

SVELTIA = "@sveltia/cms@0.221.1"
CACHE = ROOT / ".cache" / "sveltia"


def build_site(dest: Path, project: Path = ROOT) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(dest)],
                   check=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})


def at_scale(bulletins: int, runs: int) -> int:
    """The editor on a synthetic archive: list, open a bulletin, new form, save."""
    from playwright.sync_api import expect, sync_playwright

    from scripts.dev import benchmark
    from scripts.dev.editor_stack import start_server

    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        benchmark.make_project(repo)
        benchmark.write_archive(repo, bulletins)
        for name in ("editor", "node_modules"):
            (repo / name).symlink_to(ROOT / name)
        newest = max((repo / "docs" / "meetings").rglob("*.md"))
        stem = newest.relative_to(repo / "docs" / "meetings").as_posix()[:-3]  # YYYY/name, as Decap routes it
        proc, port = start_server(repo, Path(tmp) / "server.log")
        admin = f"http://127.0.0.1:{port}/admin/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

                def login(page):
                    page.goto(admin)
                    page.get_by_role("button", name="Đăng nhập").click()
                    page.get_by_role("link", name="Bản tin hội nghị").wait_for(timeout=120_000)

                listed = measure(browser, admin + "#/collections/meetings",
                                 lambda page: page.get_by_text("Hội nghị ", exact=False).first.wait_for(
                                     timeout=120_000), runs, prepare=login)
                def filled(page):
                    expect(page.get_by_label("Tiêu đề", exact=True)).not_to_have_value("", timeout=120_000)
                opened = measure(browser, admin + "#/collections/meetings/entries/" + stem, filled, runs,
                                 prepare=login)
                form = measure(browser, admin + "#/collections/meetings/new",
                               lambda page: page.get_by_label("Tiêu đề", exact=True).wait_for(timeout=120_000),
                               runs, prepare=login)
                saves = []
                for i in range(runs):
                    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
                    page = context.new_page()
                    login(page)
                    page.goto(admin + "#/collections/meetings/entries/" + stem)
                    body = page.get_by_label("Nội dung bài đã đăng")
                    filled(page)
                    body.fill(body.input_value() + f"\n\nĐo lần {i + 1}.")
                    page.get_by_role("button", name="Công bố", exact=True).click()
                    start = time.perf_counter()
                    page.get_by_text("Công bố ngay").click()
                    page.locator("#portal-check").get_by_text("Đã kiểm tra").wait_for(timeout=120_000)
                    saves.append(time.perf_counter() - start)
                    context.close()
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    print(f"Editor at {bulletins} bulletins (median of {runs}): list {listed['ms']} ms "
          f"({listed['gzip_kb']} KB gzip), open a bulletin {opened['ms']} ms, new form {form['ms']} ms, "
          f"save (click to the check's answer) {round(statistics.median(saves) * 1000)} ms")
    return 0


def sveltia_page(site: Path) -> None:
    """/sveltia/: Sveltia CMS with the collections our generator makes, on its test backend."""
    dist = CACHE / "node_modules" / "@sveltia" / "cms" / "dist"
    if not (dist / "sveltia-cms.js").is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error",
                        "--prefix", str(CACHE), SVELTIA], check=True)
    out = site / "sveltia"
    out.mkdir()
    shutil.copy(dist / "sveltia-cms.js", out / "sveltia-cms.js")
    if (dist / "chunks").is_dir():
        shutil.copytree(dist / "chunks", out / "chunks", ignore=shutil.ignore_patterns("*.map"))
    settings = json.loads((site / "admin" / "settings.js").read_text(encoding="utf-8")
                          .removeprefix("window.PORTAL_EDITOR = ").rstrip().rstrip(";"))
    config = settings["config"]
    config["backend"] = {"name": "test-repo"}
    for key in ("local_backend", "site_url", "display_url", "locale"):
        config.pop(key, None)  # Sveltia refuses a relative site_url and ignores the others
    # The pasted-article inbox uses our own text format: left out of the comparison.
    config["collections"] = [c for c in config["collections"] if c["extension"] in ("md", "yml")]
    for collection in config["collections"]:
        collection["format"] = "frontmatter" if collection["extension"] == "md" else "yml"
        # Sveltia takes slug variables only from fields the form defines: no computed file name.
        collection.pop("path", None)
        collection["slug"] = "{{title}}" if collection["name"] == "meetings" else "{{name}}"

        def plain(fields):
            for f in fields:
                if f.get("widget") == "partial-date":
                    f["widget"] = "string"  # our widget is Decap's (React); Sveltia takes Svelte
                if "search_fields" in f:  # Sveltia refuses fields the form does not define
                    f["search_fields"] = [x for x in f["search_fields"] if not x.split(".")[0].startswith("_")]
                plain(f.get("fields", []))
        plain(collection["fields"])
    (out / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Sveltia</title></head><body>"
        "<script>window.CMS_MANUAL_INIT = true;</script><script src='sveltia-cms.js'></script><script>CMS.init({config: "
        + json.dumps(config, ensure_ascii=False).replace("</", "<\\/") + "});</script></body></html>",
        encoding="utf-8")


def measure(browser, url: str, ready, runs: int, prepare=None) -> dict:
    times, sizes, outside = [], [], set()
    state = None
    if prepare:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
        page = context.new_page()
        prepare(page)
        state = context.storage_state()
        context.close()
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN", storage_state=state)
        page = context.new_page()
        bodies = []

        def on_response(response):
            if not response.url.startswith("http://127.0.0.1:"):
                outside.add(response.url)
                return
            try:  # files and the local backend's answers (POST) alike
                bodies.append(response.body())
            except Exception:  # a redirect, a preflight or an aborted request has no body
                pass
        # Offline, as on a city machine without the CDN: requests elsewhere are noted and refused.
        page.route(lambda url: not url.startswith("http://127.0.0.1:"),
                   lambda route: (outside.add(route.request.url), route.abort()))
        page.on("response", on_response)
        page.on("requestfailed", lambda r: r.url.startswith("http://127.0.0.1:") or outside.add(r.url))
        start = time.perf_counter()
        page.goto(url)
        ready(page)
        times.append(time.perf_counter() - start)
        page.wait_for_timeout(500)
        sizes.append((sum(len(b) for b in bodies), sum(len(gzip.compress(b, 6)) for b in bodies)))
        context.close()
    return {"ms": round(statistics.median(times) * 1000), "raw_kb": round(sizes[-1][0] / 1024),
            "gzip_kb": round(sizes[-1][1] / 1024), "outside": sorted(outside)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bulletins", type=int, help="measure Decap alone on this many synthetic bulletins")
    args = parser.parse_args(argv)
    if args.bulletins:
        return at_scale(args.bulletins, args.runs)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        repo = editor_repo(tmp)
        site = tmp / "site"
        build_site(site)
        sveltia_page(site)
        with editor_stack(repo, site) as stack, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def login(page):
                page.goto(stack.admin_url)
                page.get_by_role("button", name="Đăng nhập").click()
                page.get_by_role("link", name="Bản tin hội nghị").wait_for()

            decap = measure(browser, stack.admin_url + "#/collections/meetings/new",
                            lambda page: page.get_by_label("Tiêu đề", exact=True).wait_for(timeout=60_000),
                            args.runs, prepare=login)
            server = serve(str(site))
            base = f"http://127.0.0.1:{server.server_port}/sveltia/"

            def sveltia_ready(page):
                page.get_by_role("button", name="Work with Test Repository").click(timeout=60_000)
                page.evaluate("location.hash = '#/collections/meetings/new'")
                page.get_by_text("Tiêu đề", exact=True).first.wait_for(timeout=60_000)
            sveltia = measure(browser, base, sveltia_ready, args.runs)
            context = browser.new_context()
            page = context.new_page()
            page.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort())
            page.goto(base)
            page.wait_for_timeout(3000)
            fs_api = page.evaluate("'showDirectoryPicker' in window")
            local = page.get_by_role("button", name="Work with Local Repository")
            local_note = "button shown" if local.count() else "no local-repository button"
            if page.get_by_text("Work with Test Repository").count():
                page.get_by_text("Work with Test Repository").click()
                page.evaluate("location.hash = '#/collections/meetings/new'")
                page.get_by_text("Tiêu đề", exact=True).first.wait_for()
                page.wait_for_timeout(1000)
                page.screenshot(path=str(ROOT / ".cache" / "sveltia-form.png"))
            context.close()
            server.shutdown()
            browser.close()
    print("editor   raw KB  gzip KB  form ms  requests elsewhere")
    for name, m in (("Decap", decap), ("Sveltia", sveltia)):
        print(f"{name:<8} {m['raw_kb']:>6}  {m['gzip_kb']:>7}  {m['ms']:>7}  {len(m['outside'])}")
    print(f"Sveltia local mode: showDirectoryPicker in headless chromium: {fs_api}; {local_note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
