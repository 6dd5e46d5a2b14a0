"""MkDocs glue: load and check the content, add the generated pages, hand views to templates.

All rules live in the ``portal`` package beside this file, which knows nothing of
MkDocs. Imports are at the top because MkDocs puts this folder on ``sys.path``
only while it first loads this file.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

import yaml
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from portal import schema as S
from portal.charts import status_bars
from portal.loader import load_site
from portal.pages import Urls, generated_pages
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
        meta = {"title": spec.title, "template": spec.template, "hide": ["navigation", "toc"]}
        if spec.description:
            meta["description"] = spec.description
        content = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"
        files.append(File.generated(config, spec.src_uri, content=content))
    log.info("portal: %d bản tin, %d cam kết, %d trang tạo thêm",
             len(site.meetings), len(portal.commitments), len(specs))
    return files


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
    meta = {"title": "Nội dung có lỗi", "template": "portal/errors.html", "hide": ["navigation", "toc"]}
    files.append(File.generated(config, "index.md",
                                content="---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"))
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
            page.meta["description"] = _first_sentence(meeting.body)
    return nfc(markdown)


def _first_sentence(body: str) -> str:
    for para in body.split("\n\n"):
        para = para.strip()
        if para and not para.startswith(("{:", "<", "#")):
            return para[:200].rsplit(" ", 1)[0] + "…" if len(para) > 200 else para
    return ""


def on_page_context(context, page, config, nav):
    spec = _state["specs"].get(page.file.src_uri)
    context["portal"] = _state["portal"]
    context["urls"] = Urls
    context["labels"] = S
    context["view"] = spec.view if spec else _meeting(page)
    context["problems"] = _state.get("problems")
    context["status_bars"] = status_bars
    # Material writes these into HTML unescaped; bulletin metadata must never run as markup.
    page.title = escape(nfc(str(page.title))) if page.title else page.title
    for key in ("title", "description", "author"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(nfc(page.meta[key]))
    return context


def on_env(env, config, files):
    # Our own templates (overrides/portal/) escape by default; Material's keep its behaviour.
    env.autoescape = lambda name: bool(name) and name.startswith("portal/")
    return env
