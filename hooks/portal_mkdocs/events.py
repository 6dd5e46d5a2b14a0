"""MkDocs glue: load and check the content, add the generated pages, hand views to templates.

All rules live in the ``portal`` package beside this file, which knows nothing of
MkDocs. Imports are at the top because MkDocs puts this folder on ``sys.path``
only while it first loads this file.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pathspec
import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import normalize_url

from portal.content import labels
from portal.content.loader import load_site
from portal.content.model import Organization
from portal.content.plaintext import drop_repeated_title
from portal.content.present import summary
from portal.content.views import Portal
from portal.contract import reference, routes
from portal.contract.sanitize import clean_html
from portal.contract.text import nfc, slugify
from portal.editor.cms import registry_names, write_editor
from portal.outputs import preview
from portal.outputs.export_schemas import published_schemas
from portal.outputs.exports import all_outputs, split_sitemap
from portal.outputs.search import build_index, opensearch_xml
from portal.site.follow import site_outputs
from portal.site.charts import status_bars
from portal.site.meta import SITE_CARD, card_lines, page_head, preview_path
from portal.site.pages import generated_pages
from portal_mkdocs.markdown import SharedMarkdown
from portal_mkdocs import serve as portal_serve
from portal_mkdocs.addresses import publish_at_routes


log = logging.getLogger("mkdocs.plugins.portal")

# Per-build state: MkDocs calls the events of one build in order.
_state: dict = {}


def _as_of(config) -> dt.date:
    """The date overdue flags are computed against: $PORTAL_AS_OF, else extra.as_of, else today."""
    value = os.environ.get("PORTAL_AS_OF") or (config.extra.get("portal") or {}).get("as_of")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(f"as_of: \"{value}\" không phải ngày dạng YYYY-MM-DD") from None


def on_config(config):
    as_of = _as_of(config)
    _state["as_of"] = as_of
    # Same content and as-of date, same bytes: the sitemap's lastmod and the
    # gzip header follow SOURCE_DATE_EPOCH.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime(
        as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc).timestamp())))
    # ASCII heading anchors with đ -> d (Python-Markdown's default drops "đ").
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    # The navigation and the folders kept out of it come from the route table.
    config.nav = routes.nav()
    config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(routes.not_in_nav())
    _build_into_fresh_folder(config)
    if _serve_cache() and "preview_memory" not in _state:
        _state["preview_memory"] = (config.site_dir, portal_serve.move_output_to_memory(config.site_dir))
    return config


def on_startup(command, dirty):
    _state["command"] = command
    _state["dirty"] = dirty
    # mkdocs serve keeps this module loaded between rebuilds: what it keeps (portal_serve.py).
    _state["serve_cache"] = portal_serve.ServeCache() if command == "serve" else None


def on_shutdown():
    _stop_background()
    pool = _state.pop("preview_pool", None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    site_dir, memory = _state.pop("preview_memory", (None, None))
    if memory is not None:
        portal_serve.move_output_back(site_dir, memory)


def _serve_cache():
    return _state.get("serve_cache")


def on_pre_build(config):
    """Load and check all content before MkDocs empties or writes the site folder."""
    _stop_background()  # mkdocs serve: before MkDocs empties the folder the last build's outputs go to
    _state["markdown"] = None
    _state["fragments"] = _Fragments()
    cache = _serve_cache()
    site, report = load_site(config.docs_dir, memo=cache.bulletins if cache else None)
    for problem in report.warnings:
        log.warning(problem.format())
    _state["loaded"] = (site, report)
    if report.errors and _state.get("command") != "serve":
        raise PluginError("Nội dung có lỗi, chưa thể đăng:\n" + report.format())


# --- a failed build leaves the last good site in place -----------------------------------
# MkDocs empties site_dir at the start of a build. `mkdocs build` therefore writes into a
# fresh folder beside it, which replaces site_dir only once the build has succeeded;
# `mkdocs serve` builds into its own temporary folder already, and `--dirty` updates in place.

def _build_into_fresh_folder(config) -> None:
    if _state.get("command") != "build" or _state.get("dirty"):
        return
    final = Path(config.site_dir)
    fresh = final.with_name(f".{final.name}.new-{os.getpid()}")
    _drop_stale_folders(final)
    shutil.rmtree(fresh, ignore_errors=True)
    _state["site_swap"] = (final, fresh)
    config.site_dir = str(fresh)


def _drop_stale_folders(final: Path) -> None:
    """Folders left by an interrupted build (Ctrl-C, a killed CI job), whose process is gone."""
    portal_serve.drop_orphaned(final.parent.glob(f".{final.name}.[no][le][dw]-*"))


def _swap_in_fresh_site(config) -> None:
    swap = _state.pop("site_swap", None)
    if swap is None:
        return
    final, fresh = swap
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    try:
        if final.exists() or final.is_symlink():
            final.rename(old)
        fresh.rename(final)
    except OSError:
        # site_dir is a mount point or on another device: replace its content instead.
        final.mkdir(parents=True, exist_ok=True)
        for child in final.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        for child in fresh.iterdir():
            shutil.move(str(child), final / child.name)
        fresh.rmdir()
    shutil.rmtree(old, ignore_errors=True)
    config.site_dir = str(final)


def _drop_fresh_site() -> None:
    swap = _state.pop("site_swap", None)
    if swap is not None:
        shutil.rmtree(swap[1], ignore_errors=True)


def on_files(files, config):
    site, report = _state.pop("loaded")
    if report.errors:
        message = "Nội dung có lỗi, chưa thể đăng:\n" + report.format()
        # Previewing: keep the server alive and show the problems in the browser; the
        # next save rebuilds. Only an error page is built, so nothing half-valid shows.
        log.error(message)
        return _error_site(files, config, report)
    _state["problems"] = None
    publish_at_routes(files)
    portal = Portal(site, _state["as_of"], (config.extra.get("portal") or {}).get("archive_page_size", 50),
                    config.site_name)
    specs = generated_pages(portal)
    _state.update(portal=portal, specs={s.src_uri: s for s in specs})
    for spec in specs:
        files.append(_generated_page(config, spec.src_uri, spec.title, spec.template, spec.description))
    log.info("portal: %d bản tin, %d cam kết, %d trang tạo thêm",
             len(portal.meetings), len(portal.commitments), len(specs))
    if not _serve_cache():
        _start_outputs(portal, config)
    # else: previewing, they start once the pages are written (on_post_build), so that the
    # page the browser waits for does not share the cores and the disk with them.
    return files


def _start_outputs(portal, config):
    _start_previews(portal, config)
    # Data files, feeds, calendars, schemas and the search index are written by a forked
    # process while MkDocs renders the pages (fork: the child shares the loaded model,
    # nothing is pickled). The search page carries the index's config, known already.
    _state["writer"] = multiprocessing.get_context("fork").Process(
        target=_write_outputs, args=(portal, config.site_dir, config.site_url or "", config.site_name),
        name="portal-outputs")
    _state["writer"].start()


def _generated_page(config, src_uri, title, template, description=None):
    """A virtual page: front matter only; its template draws everything from the views."""
    meta = {"title": title, "template": template, "hide": ["navigation", "toc", "footer"]}
    if description:
        meta["description"] = description
    content = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"
    return File.generated(config, src_uri, content=content)


def _start_previews(portal, config):
    """Draw link-preview images in worker processes while MkDocs renders the pages.

    Images are cached by content in .cache/previews beside mkdocs.yml, so a rebuild
    only draws what changed.
    """
    cache = Path(config.config_file_path).parent / ".cache" / "previews"
    cache.mkdir(parents=True, exist_ok=True)
    jobs = {SITE_CARD: (config.site_name, config.site_description or "", ())}
    for m in portal.meetings:
        lines = card_lines(m)
        jobs[preview_path(m)] = (config.site_name, m.title, lines)
        missing = preview.missing_glyphs(m.title + "".join(lines))
        if missing:
            log.warning("%s: phông chữ của ảnh xem trước thiếu ký tự %s", m.src_uri, " ".join(missing))
    # An image in the cache is copied as it is; the others are drawn by as many drawers as
    # cores, which share with MkDocs while it renders and use every core after.
    pool = _preview_pool()
    _state["previews"] = (pool, {target: preview.cached(str(cache), *args)
                                 or pool.submit(preview.render_to, str(cache), *args)
                                 for target, args in jobs.items()})


def _die_with_parent():
    """A drawer ends when the process that started it ends, however it ended (Linux)."""
    try:
        import ctypes
        import signal
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _preview_pool():
    """A pool of drawers for this build; mkdocs serve keeps one for the session. Its
    processes start with the first image to draw, none when all are cached."""
    pool = _state.get("preview_pool")
    if pool is None:
        pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_die_with_parent)
        if _serve_cache():
            _state["preview_pool"] = pool
    return pool


def _write_outputs(portal, site_dir, site_url, site_name):
    outputs = all_outputs(portal, site_url)
    outputs.update(published_schemas())
    outputs.update(build_index(portal))
    outputs[routes.opensearch_url()] = opensearch_xml(site_name, site_url)
    outputs.update(site_outputs(portal, list(_state["specs"].values()), site_url))
    for rel, text in outputs.items():
        path = Path(site_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    log.info("portal: %d tệp dữ liệu, nguồn tin, lịch, chỉ mục tìm kiếm", len(outputs))


def on_post_page(output, page, config):
    cache = _serve_cache()
    if cache:
        cache.keep(page, output)
    return output


def on_post_build(config):
    cache = _serve_cache()
    if _state.get("portal") is not None:
        _place_outputs(config)
        if cache:
            log.info("portal: %d trang lấy lại từ lần dựng trước, %d trang dựng mới", *cache.counts)
    if cache:
        cache.end_build()
    _write_editor(config)
    _swap_in_fresh_site(config)


def _place_outputs(config):
    """Wait for what is not a page (data, feeds, calendars, index, previews) and place it."""
    site_dir = Path(config.site_dir)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.exists():
        for rel, data in split_sitemap(sitemap.read_bytes(), config.site_url or "").items():
            (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / rel).write_bytes(data)
    if _serve_cache():
        _start_outputs(_state["portal"], config)
    writer, previews = _state.pop("writer"), _state.pop("previews")
    if _serve_cache():
        # Previewing: the browser reloads as soon as the pages are written; the data, index
        # and images follow a moment later. A save before they are done stops them
        # (_stop_background): the next rebuild writes its own.
        stop = threading.Event()
        thread = threading.Thread(target=_place_background, args=(writer, previews, site_dir, stop), daemon=True)
        thread.start()
        _state["background"] = (thread, stop, writer, previews[1])
        return
    _place_background(writer, previews, site_dir)
    previews[0].shutdown()


def _place_background(writer, previews, site_dir: Path, stop=None):
    while writer.is_alive():
        writer.join(0.05)
        if stop is not None and stop.is_set():
            return
    if writer.exitcode != 0:
        message = f"không ghi được dữ liệu mở và chỉ mục tìm kiếm (mã thoát {writer.exitcode})"
        if stop is not None:
            log.error(message)
            return
        raise PluginError(message)
    _pool, images = previews
    for rel, image in images.items():
        if stop is not None and stop.is_set():
            return
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(image if isinstance(image, str) else image.result(), target)
    log.info("portal: %d ảnh xem trước", len(images))


def _finish_background():
    """mkdocs serve: wait until the last build's data and images are in place."""
    background = _state.pop("background", None)
    if background is not None:
        background[0].join()


def _stop_background():
    """mkdocs serve, a new save: the last build's data and images are not wanted any more."""
    background = _state.pop("background", None)
    if background is None:
        return
    thread, stop, writer, images = background
    stop.set()
    for image in images.values():
        if not isinstance(image, str):
            image.cancel()  # not started yet; one being drawn ends in the cache anyway
    if writer.is_alive():
        writer.terminate()
        writer.join()
    thread.join()


def _write_editor(config):
    """The staff editor at /admin/, configured from the schema (portal/cms.py); also beside an error page."""
    portal = _state.get("portal")
    names = registry_names(portal.registries) if portal else {}
    production = (config.extra.get("portal") or {}).get("editor")
    if not write_editor(Path(config.site_dir), Path(config.config_file_path).parent, names, production):
        log.info("portal: trình soạn thảo /admin/ chưa cài (bash scripts/setup.sh cài Decap CMS từ npm)")


def _meeting(page):
    portal = _state.get("portal")
    return portal.meeting_by_src(page.file.src_uri) if portal else None


def on_pre_page(page, config, files):
    # One Markdown parser for the whole build instead of one per page (portal_markdown.py).
    if _state.get("markdown") is None:
        cache = _serve_cache()
        _state["markdown"] = SharedMarkdown(config, cache.markdown if cache else None,
                                            cache.files_key(files) if cache else "")
    _state["markdown"].attach(page)
    return page


def on_page_read_source(page, config):
    # A bulletin was read, normalised and checked by the loader: hand MkDocs its body so
    # the file is neither read nor YAML-parsed a second time. The leading newline stops
    # MkDocs from reading the top of the text as more page metadata (a "---" block, or
    # "Key: value" lines, which it would silently remove from the page).
    meeting = _meeting(page)
    return "\n" + meeting.body if meeting is not None else None


def on_page_content(html, page, config, files):
    # Whatever Markdown made of the text (raw HTML, attribute lists, links), only the
    # allow-list in portal/sanitize.py reaches the reader. Material also writes these page
    # keys unescaped, into other pages' navigation too: escape them now. Title, description
    # and author: on_env (_escape_page_texts), once the bulletin's front matter is applied.
    for key in ("subtitle", "robots"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(page.meta[key])
    if isinstance(page.meta.get("tags"), list):
        page.meta["tags"] = [escape(t) if isinstance(t, str) else t for t in page.meta["tags"]]
    cache = _serve_cache()
    return cache.clean(html, clean_html) if cache else clean_html(html)


def _error_site(files, config, report):
    for file in list(files.documentation_pages()):
        files.remove(file)
    files.append(_generated_page(config, "index.md", "Nội dung có lỗi", "portal/errors.html"))
    config.nav = None
    _state.update(portal=None, specs={}, problems=report)
    return files


def on_page_markdown(markdown, page, config, files):
    meeting = _meeting(page)
    if meeting is not None:
        page.meta.update(meeting.extra_meta)
        page.meta["template"] = "portal/meeting.html"
        page.meta.setdefault("hide", ["navigation", "toc"])
        page.meta["title"] = meeting.title
        page.title = meeting.title
        if meeting.author:
            page.meta["author"] = meeting.author
        if not page.meta.get("description"):
            page.meta["description"] = summary(meeting, 200)
        # The template prints the title as the page's h1: a first heading repeating it goes.
        markdown = drop_repeated_title(markdown, meeting.title)
    else:  # a page written in docs/: the tables it asks for, generated from the contract
        markdown = reference.expand(markdown)
    return nfc(markdown)


class _Fragments:
    """Pieces of HTML that many pages of one build share, drawn once.

    ``{% call fragment(name, *key) %}…{% endcall %}``: the key must hold everything the
    piece shows that can differ between pages of the build (the rest, config, labels and
    the linked model, is fixed for the build). Used for Material's tabs and nav drawer
    (key: which items are active and their URLs relative to the page, ``nav_state``) and
    for a commitment's row in the lists (key: the commitment and the columns; its links
    start with the page's base_url, put in by ``rooted``). A new instance per build.
    """

    def __init__(self) -> None:
        self.drawn: dict = {}

    def __call__(self, *key, caller):
        if key not in self.drawn:
            self.drawn[key] = caller()
        return self.drawn[key]

    ROOT = "\x00root\x00"  # no text can hold it: the loader refuses control characters

    def rooted(self, base_url, *key, caller):
        """A piece whose links start at the site's root: ``{% call(root) fragment.rooted(base_url, …) %}``
        draws it once with a stand-in for ``root`` and puts each page's base_url in its place."""
        if key not in self.drawn:
            self.drawn[key] = caller(self.ROOT)
        return self.drawn[key].replace(self.ROOT, base_url)


def nav_state(nav, page) -> tuple:
    """What Material's tabs and drawer show of a page: active items and relative URLs."""
    home = normalize_url(nav.homepage.url, page) if nav.homepage else None
    return home, _nav_state(nav.items, page)


def _nav_state(items, page) -> tuple:
    return tuple((str(item.title), item.active, normalize_url(item.url, page) if getattr(item, "url", None) else None,
                  _nav_state(item.children, page) if item.children else ()) for item in items)


def _template_globals(context):
    context["portal"] = _state.get("portal")
    context["urls"] = routes.URLS
    context["labels"] = labels
    context["fragment"] = _state.setdefault("fragments", _Fragments())
    context["nav_state"] = nav_state
    return context


def on_template_context(context, template_name, config):
    # Templates that are not pages (404.html) link with the route table too.
    return _template_globals(context)


def on_page_context(context, page, config, nav):
    cache = _serve_cache()
    if cache and page.file.src_uri in cache.hits:
        context["cached_html"] = Markup(cache.hits[page.file.src_uri])  # portal/cached.html
        return context
    spec = _state["specs"].get(page.file.src_uri)
    _template_globals(context)
    context["view"] = spec.view if spec else _meeting(page)
    context["problems"] = _state.get("problems")
    if _state["portal"] is not None:
        context["head"], context["feeds"] = _head(page, config, spec, context["view"])
    context["status_bars"] = status_bars
    return context


def _escape_page_texts(page):
    # Material writes these into HTML unescaped, on the page and in other pages' navigation:
    # bulletin metadata must never run as markup. Done for every page before any is drawn,
    # so that no page's output depends on which pages were drawn before it.
    page.title = escape(nfc(str(page.title))) if page.title else page.title
    for key in ("title", "description", "author"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(nfc(page.meta[key]))


def on_build_error(error):
    """A failed build (a template error, say) must not leave worker processes or a half-built folder behind."""
    _drop_fresh_site()
    previews = _state.pop("previews", None)
    if previews:
        pool, images = previews
        for image in images.values():
            if not isinstance(image, str):
                image.cancel()
        if pool is not _state.get("preview_pool"):  # serve keeps its pool for the next save
            pool.shutdown(wait=False, cancel_futures=True)
    writer = _state.pop("writer", None)
    if writer is not None and writer.is_alive():
        writer.terminate()
        writer.join()


def _feed_links(label, route: str, params: dict) -> list[dict]:
    return [{"type": output.media_type, "title": f"{label()} ({output.label})", "href": url}
            for output, url in routes.BY_NAME[route].follow(**params) if output in routes.FEEDS]


def _plain(value):
    """A page text as written: on_env has escaped it for Material (_escape_page_texts)."""
    return value.unescape() if isinstance(value, Markup) else value


def _head(page, config, spec, view):
    meeting = _meeting(page)
    entry = getattr(view, "entry", view)  # an entry's page (portal.site.pages.EntryPage)
    org = entry if isinstance(entry, Organization) and spec and spec.route == "org" else None
    title = meeting.title if meeting else (_plain(page.meta.get("title") or page.title) or config.site_name)
    description = (summary(meeting, 200) if meeting else _plain(page.meta.get("description"))) or config.site_description
    head = page_head(title=nfc(str(title)), description=nfc(str(description)),
                     canonical=page.canonical_url or "", site_url=config.site_url or "",
                     site_name=config.site_name, meeting=meeting, org=org)
    # Every page offers the site's feeds; a page whose route has feeds offers its own too.
    feeds = _feed_links(lambda: config.site_name, "home", {})
    if spec and spec.route != "home" and spec.number == 1:
        feeds += _feed_links(lambda: f"Theo dõi: {spec.title}", spec.route, spec.params)
    return head, feeds


def on_env(env, config, files):
    # Our own templates (overrides/portal/) escape by default; Material's keep its behaviour.
    env.autoescape = lambda name: bool(name) and name.startswith("portal/")
    # Each build makes a new environment (mkdocs serve too), so a template cannot change
    # under it: skip the stat of every included template on each use (~30,000 at 1,000 bulletins).
    env.auto_reload = False
    for file in files.documentation_pages(inclusion=lambda level: True):
        if file.page is not None:
            _escape_page_texts(file.page)
    cache = _serve_cache()
    if cache:
        env.bytecode_cache = cache.templates
    if cache and _state.get("portal") is not None:
        cache.plan(config, files, _state["portal"], _state["as_of"])
    return env

