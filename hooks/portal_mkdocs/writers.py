"""What is not a page, written beside the page loop (MkDocs glue): data files, feeds,
calendars, schemas and the search index in a forked process, and link-preview images by
a pool of drawers. Both start when the content is loaded and share the cores with MkDocs
while it renders; ``place`` waits for them after the pages and puts them in the site.

``mkdocs serve`` starts them after the pages are written instead, so that the page the
browser waits for does not share the cores with them, and places them in the
background; a new save stops them (``Background.stop``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs.exceptions import PluginError

from portal.contract import routes
from portal.outputs import preview
from portal.outputs.export_schemas import published_schemas
from portal.outputs.exports import iter_outputs
from portal.outputs.made import fresh
from portal.outputs.search import iter_index, opensearch_xml
from portal.site.follow import iter_site_outputs
from portal.site.pages import generated_pages
from portal.outputs.sheets import xlsx_of_rows
from portal.site.sheets import sheet_files
from portal.site.meta import preview_cards
from portal_mkdocs.folders import place_file

log = logging.getLogger("mkdocs.plugins.portal")


def _die_with_parent():
    """A drawer ends when the process that started it ends, however it ended (Linux)."""
    try:
        import ctypes
        import signal
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def new_pool() -> ProcessPoolExecutor:
    """Drawers for link-preview images; processes start with the first image to draw."""
    return ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_die_with_parent)


class Previews:
    """Link-preview images: one copied from the cache (.cache/previews, by content) as it is,
    the others drawn by the pool."""

    def __init__(self, portal, config, pool: ProcessPoolExecutor, keep_pool: bool) -> None:
        cache = Path(config.config_file_path).parent / ".cache" / "previews"
        cache.mkdir(parents=True, exist_ok=True)
        self.pool, self.keep_pool = pool, keep_pool
        self.images = {}
        drawing = {}  # one drawing per card: pages with the same text share it
        for target, (src, args) in preview_cards(portal, config.site_name, config.site_description).items():
            missing = preview.missing_glyphs(args[1] + "".join(args[2])) if src else None
            if missing:
                log.warning("%s: phông chữ của ảnh xem trước thiếu ký tự %s", src, " ".join(missing))
            found = preview.cached(str(cache), *args)
            if found is None:
                found = drawing.get(args)
                if found is None:
                    found = drawing[args] = pool.submit(preview.render_to, str(cache), *args)
            self.images[target] = found

    def cancel(self) -> None:
        for image in self.images.values():
            if not isinstance(image, str):
                image.cancel()  # not started yet; one being drawn ends in the cache anyway
        if not self.keep_pool:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def place(self, site_dir: Path, stop: threading.Event | None = None) -> bool:
        for rel, image in self.images.items():
            if stop is not None and stop.is_set():
                return False
            target = site_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            place_file(Path(image if isinstance(image, str) else image.result()), target)
        log.info("portal: %d ảnh xem trước", len(self.images))
        if not self.keep_pool:
            self.pool.shutdown()
        return True


PARTS = ("index", "files")  # each in a process of its own: the cores are shared once the pages are done


def _workbooks(memo):
    """Review sheets' workbooks, kept between builds by their rows (build_cache.OutputMemo)."""
    if memo is None:
        return xlsx_of_rows
    return lambda rows, as_of, title: memo.bytes_of("xlsx", (rows, as_of.isoformat(), title),
                                                    lambda: xlsx_of_rows(rows, as_of, title))


def write_outputs(portal, site_dir: str, site_url: str, site_name: str, part: str = "all", memo=None,
                  specs=None) -> None:
    """Data files, feeds, calendars, schemas and the search index, written as each is made.
    ``part``: "index" (the search index and the open data), "files" (the rest) or "all".
    ``memo``: the build cache's outputs (build_cache.OutputMemo), or None: then everything is made.
    ``specs``: the generated pages (``generated_pages(portal)``), if the caller has them already."""
    table = memo.table(part) if memo is not None else None
    try:
        count = _write_parts(portal, site_dir, site_url, site_name, part, memo, table if table is not None else fresh,
                             specs)
        if table is not None:
            table.save()
    finally:
        if table is not None:
            table.close()  # nothing put in place unless saved
    reused = f"; {table.reused} phần dùng lại từ bộ đệm" if table is not None else ""
    log.info("portal: %d tệp dữ liệu, nguồn tin, lịch, chỉ mục tìm kiếm (%s%s)", count, part, reused)


def _write_parts(portal, site_dir: str, site_url: str, site_name: str, part: str, memo, made, specs) -> int:
    count = 0
    folders: set[Path] = set()

    def write(rel: str, text: str | bytes) -> None:
        nonlocal count
        path = Path(site_dir) / rel
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
        count += 1

    if part in ("index", "all"):
        for outputs in (iter_outputs(portal, site_url, made), iter_index(portal, made)):
            for rel, text in outputs:  # each file written as it is made, not all held at once
                write(rel, text)
    if part in ("files", "all"):
        for rel, text in published_schemas().items():
            write(rel, text)
        # The search description also at the search page's old addresses: a browser that added the
        # search engine from there fetches it again to update it (its template is the new address).
        opensearch = opensearch_xml(site_name, site_url)
        for search_page in [routes.url("search"), *routes.redirects(routes.url("search"))]:
            write(search_page + routes.OPENSEARCH_FILE, opensearch)
        # Feeds of changes and due dates beside the pages whose routes declare them, data/changes*.json,
        # the tracker script's data, the redirects of moved addresses (portal.site.follow).
        specs = specs if specs is not None else generated_pages(portal)
        for rel, text in iter_site_outputs(portal, specs, site_url, made):
            write(rel, text)
        # The review sheets (XLSX and CSV) beside the tracker, body and locality pages (portal.site.sheets).
        for rel, content in sheet_files(portal, specs, site_url, _workbooks(memo)).items():
            write(rel, content)
    return count


class OutputWriter:
    """``write_outputs`` in forked processes (one per part): each child shares the loaded model,
    nothing is pickled."""

    def __init__(self, portal, config, memo=None, specs=None) -> None:
        self.processes = [multiprocessing.get_context("fork").Process(
            target=write_outputs, args=(portal, config.site_dir, config.site_url or "", config.site_name, part, memo,
                                        specs),
            name=f"portal-outputs-{part}") for part in PARTS]
        for process in self.processes:
            process.start()

    def wait(self, stop: threading.Event | None = None) -> bool:
        for process in self.processes:
            while process.is_alive():
                process.join(0.05)
                if stop is not None and stop.is_set():
                    return False
        failed = [p.exitcode for p in self.processes if p.exitcode != 0]
        if failed:
            message = f"không ghi được dữ liệu mở và chỉ mục tìm kiếm (mã thoát {failed[0]})"
            if stop is not None:
                log.error(message)
                return False
            raise PluginError(message)
        return True

    def terminate(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
                process.join()


class Writers:
    """The outputs and the previews of one build."""

    def __init__(self, portal, config, pool: ProcessPoolExecutor, keep_pool: bool, memo=None, specs=None) -> None:
        self.previews = Previews(portal, config, pool, keep_pool)
        self.outputs = OutputWriter(portal, config, memo, specs)

    def place(self, site_dir: Path, stop: threading.Event | None = None) -> None:
        if self.outputs.wait(stop):
            self.previews.place(site_dir, stop)

    def cancel(self) -> None:
        self.previews.cancel()
        self.outputs.terminate()


class Background:
    """mkdocs serve: the last build's writers, placed by a thread after the browser reloaded."""

    def __init__(self, writers: Writers, site_dir: Path) -> None:
        self.writers, self.stopped = writers, threading.Event()
        self.thread = threading.Thread(target=writers.place, args=(site_dir, self.stopped), daemon=True)
        self.thread.start()

    def finish(self) -> None:
        self.thread.join()

    def stop(self) -> None:
        self.stopped.set()
        for image in self.writers.previews.images.values():
            if not isinstance(image, str):
                image.cancel()
        self.writers.outputs.terminate()
        self.thread.join()
