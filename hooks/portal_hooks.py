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
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from portal import preview
from portal import schema as S
from portal import tracker
from portal.charts import status_bars
from portal.export_schemas import published_schemas
from portal.exports import all_outputs, split_sitemap, summary
from portal.loader import load_site
from portal.meta import SITE_CARD, card_lines, page_head, preview_path
from portal.pages import Urls, generated_pages
from portal.plaintext import drop_repeated_title
from portal.search import build_index, opensearch_xml, page_config
from portal.text import nfc, slugify
from portal.views import Portal

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
    return config


def on_startup(command, dirty):
    _state["command"] = command


def on_files(files, config):
    site, report = load_site(config.docs_dir)
    for problem in report.warnings:
        log.warning(problem.format())
    if report.errors:
        message = "Nội dung có lỗi, chưa thể đăng:\n" + report.format()
        if _state.get("command") != "serve":
            raise PluginError(message)
        # Previewing: keep the server alive and show the problems in the browser; the
        # next save rebuilds. Only an error page is built, so nothing half-valid shows.
        log.error(message)
        return _error_site(files, config, report)
    _state["problems"] = None
    portal = Portal(site, _state["as_of"], (config.extra.get("portal") or {}).get("archive_page_size", 50))
    specs = generated_pages(portal)
    _state.update(portal=portal, specs={s.src_uri: s for s in specs})
    for spec in specs:
        files.append(_generated_page(config, spec.src_uri, spec.title, spec.template, spec.description))
    log.info("portal: %d bản tin, %d cam kết, %d trang tạo thêm",
             len(site.meetings), len(portal.commitments), len(specs))
    _start_previews(portal, config)
    # Data files, feeds, calendars, schemas and the search index are written by a forked
    # process while MkDocs renders the pages (fork: the child shares the loaded model,
    # nothing is pickled). The search page carries the index's config, known already.
    _state["writer"] = multiprocessing.get_context("fork").Process(
        target=_write_outputs, args=(portal, config.site_dir, config.site_url or "", config.site_name),
        name="portal-outputs")
    _state["writer"].start()
    _state["specs"]["search/index.md"].view = Markup(page_config(portal).replace("<", "\\u003c"))
    return files


def _generated_page(config, src_uri, title, template, description=None):
    """A virtual page: front matter only; its template draws everything from the views."""
    meta = {"title": title, "template": template, "hide": ["navigation", "toc"]}
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
    for m in portal.site.meetings:
        lines = card_lines(portal, m)
        jobs[preview_path(m)] = (config.site_name, m.title, lines)
        missing = preview.missing_glyphs(m.title + "".join(lines))
        if missing:
            log.warning("%s: phông chữ của ảnh xem trước thiếu ký tự %s", m.src_uri, " ".join(missing))
    # As many drawers as cores: they share with MkDocs while it renders, and use every core after.
    workers = os.cpu_count() or 1
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    _state["previews"] = (pool, {target: pool.submit(preview.render_to, str(cache), *args)
                                 for target, args in jobs.items()})


def _write_outputs(portal, site_dir, site_url, site_name):
    outputs = all_outputs(portal, site_url)
    outputs.update(published_schemas())
    outputs.update(build_index(portal))
    outputs["search/opensearch.xml"] = opensearch_xml(site_name, site_url)
    outputs[Urls.tracker_data] = tracker.records_json(portal, Urls.org)
    for rel, text in outputs.items():
        path = Path(site_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    log.info("portal: %d tệp dữ liệu, nguồn tin, lịch, chỉ mục tìm kiếm", len(outputs))


def on_post_build(config):
    """Wait for what is not a page (data, feeds, calendars, index, previews) and place it."""
    if _state.get("portal") is None:
        return
    site_dir = Path(config.site_dir)
    split_sitemap(site_dir, config.site_url or "")
    writer = _state.pop("writer")
    writer.join()
    if writer.exitcode != 0:
        raise PluginError(f"không ghi được dữ liệu mở và chỉ mục tìm kiếm (mã thoát {writer.exitcode})")
    pool, futures = _state.pop("previews")
    for rel, future in futures.items():
        target = site_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(future.result(), target)
    pool.shutdown()
    log.info("portal: %d ảnh xem trước", len(futures))


def _meeting(page):
    portal = _state.get("portal")
    return portal.meeting_by_src(page.file.src_uri) if portal else None


def on_page_read_source(page, config):
    # A bulletin was read, normalised and checked by the loader: hand MkDocs its body so
    # the file is neither read nor YAML-parsed a second time.
    meeting = _meeting(page)
    return meeting.body if meeting is not None else None


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
    return nfc(markdown)


def on_page_context(context, page, config, nav):
    spec = _state["specs"].get(page.file.src_uri)
    context["portal"] = _state["portal"]
    context["urls"] = Urls
    context["labels"] = S
    context["view"] = spec.view if spec else _meeting(page)
    context["problems"] = _state.get("problems")
    if _state["portal"] is not None:
        context["head"], context["feeds"] = _head(page, config, spec, context["view"])
    context["status_bars"] = status_bars
    context["tracker_topics"], context["tracker_sorts"] = tracker.topics_of, tracker.SORTS
    # Material writes these into HTML unescaped; bulletin metadata must never run as markup.
    page.title = escape(nfc(str(page.title))) if page.title else page.title
    for key in ("title", "description", "author"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(nfc(page.meta[key]))
    return context


def on_build_error(error):
    """A failed build (a template error, say) must not leave worker processes behind."""
    previews = _state.pop("previews", None)
    if previews:
        previews[0].shutdown(wait=False, cancel_futures=True)
    writer = _state.pop("writer", None)
    if writer is not None and writer.is_alive():
        writer.terminate()
        writer.join()


def _head(page, config, spec, view):
    portal = _state["portal"]
    meeting = _meeting(page)
    org = view.org if spec and spec.template == "portal/org.html" else None
    title = meeting.title if meeting else (page.meta.get("title") or page.title or config.site_name)
    description = (summary(meeting, 200) if meeting else page.meta.get("description")) or config.site_description
    head = page_head(portal, title=nfc(str(title)), description=nfc(str(description)),
                     canonical=page.canonical_url or "", site_url=config.site_url or "",
                     site_name=config.site_name, meeting=meeting, org=org)
    feeds = [{"type": "application/atom+xml", "title": f"{config.site_name} (Atom)", "href": "feed.xml"},
             {"type": "application/feed+json", "title": f"{config.site_name} (JSON Feed)", "href": "feed.json"}]
    if spec and spec.template in ("portal/org.html", "portal/topic.html"):
        label = view.org.label if org else view.topic.name
        feeds += [{"type": "application/atom+xml", "title": f"{label} (Atom)", "href": spec.url + "feed.xml"},
                  {"type": "application/feed+json", "title": f"{label} (JSON Feed)", "href": spec.url + "feed.json"}]
    return head, feeds


def on_env(env, config, files):
    # Our own templates (overrides/portal/) escape by default; Material's keep its behaviour.
    env.autoescape = lambda name: bool(name) and name.startswith("portal/")
    return env
