"""MkDocs glue: the event functions named in mkdocs.yml, each calling the domain (``portal``)
or a glue module beside this file.

- state.py: what one build (``Build``) and the process (``Session``) keep;
- folders.py: the fresh output folder swapped in after a successful build, the preview's
  folder in memory;
- writers.py: data, feeds, index and link-preview images written beside the page loop;
- head.py: a page's head and feed links; fragments.py: HTML drawn once per build;
- markdown.py: one Python-Markdown instance per build; serve.py: what `mkdocs serve` keeps.

Imports are at the top because MkDocs puts this folder on ``sys.path`` only while it first
loads this file.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
import os
from pathlib import Path

import pathspec
import yaml
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils.meta import get_data

from portal.content import labels
from portal.content.loader import load_site
from portal.content.plaintext import drop_repeated_title
from portal.content.present import summary
from portal.content.views import Portal
from portal.contract import reference, routes
from portal.contract.dates import as_of_date
from portal.contract.sanitize import clean_html
from portal.contract.text import nfc, slugify
from portal.editor.cms import EditorSettingsError, registry_names, write_editor
from portal.outputs.exports import split_sitemap
from portal.site.charts import status_bars
from portal.site.pages import generated_pages, late_values
from portal_mkdocs import folders
from portal_mkdocs.build_cache import BuildCache, digest
from portal_mkdocs.fragments import Fragments, Late, nav_state
from portal_mkdocs.head import head_and_feeds
from portal_mkdocs.addresses import publish_at_routes
from portal_mkdocs.markdown import SharedMarkdown
from portal_mkdocs.serve import ServeCache
from portal_mkdocs.state import Build, Session
from portal_mkdocs.writers import Background, Writers, new_pool

log = logging.getLogger("mkdocs.plugins.portal")

MEETING = routes.BY_NAME["meeting"]
ERRORS_TEMPLATE = "portal/errors.html"
CACHED_TEMPLATE = "portal/cached.html"

session = Session()
build: Build | None = None


# --- the process ----------------------------------------------------------------------------

def on_startup(command, dirty):
    session.command, session.dirty = command, dirty
    # mkdocs serve keeps this module loaded between rebuilds: what it keeps (serve.py).
    session.serve = ServeCache() if command == "serve" else None


def on_shutdown():
    _stop_background()
    if session.preview_pool is not None:
        session.preview_pool.shutdown(wait=False, cancel_futures=True)
        session.preview_pool = None
    if session.memory is not None and session.memory[1] is not None:
        folders.move_output_back(*session.memory)
    session.memory = None


# --- one build ------------------------------------------------------------------------------

def on_config(config):
    global build
    settings = config.extra.get("portal")
    settings = settings if isinstance(settings, dict) else {}  # another value: the loader reports it
    try:
        as_of = as_of_date(os.environ.get("PORTAL_AS_OF"), settings.get("as_of"))
    except (ValueError, TypeError):
        # The loader reports it with its line (contract/settings.py) before anything is drawn.
        as_of = dt.date.today()
    build = Build(as_of=as_of)
    if os.environ.get("PORTAL_BUILD_CACHE", "1") != "0":
        build.cache = BuildCache(config, (str(as_of),), previous=session.last_index)
    # Same content and as-of date, same bytes: the sitemap's lastmod and the
    # gzip header follow SOURCE_DATE_EPOCH.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime(
        as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc).timestamp())))
    # ASCII heading anchors with đ -> d (Python-Markdown's default drops "đ").
    config.mdx_configs.setdefault("toc", {})["slugify"] = slugify
    # The navigation and the folders kept out of it come from the route table.
    config.nav = routes.nav()
    config.not_in_nav = pathspec.gitignore.GitIgnoreSpec.from_lines(routes.not_in_nav())
    if session.command == "build":
        if session.dirty:
            raise PluginError(DIRTY_REFUSED)
        # A failed build leaves the last good site in place (folders.py).
        build.swap = folders.SiteSwap(Path(config.site_dir))
        config.site_dir = str(build.swap.prepare())
    if session.serving and session.memory is None:
        session.memory = (config.site_dir, folders.move_output_to_memory(config.site_dir))
    return config


DIRTY_REFUSED = (
    "mkdocs build --dirty không được dùng cho cổng thông tin này: nó ghi thẳng vào thư mục site/ đang đăng, "
    "nên một lần dựng lỗi giữa chừng để lại trang hỏng, và các trang danh sách (lưu trữ, cơ quan, cam kết) "
    "không được cập nhật theo bản tin mới. Hãy chạy mkdocs build (không có --dirty): nó dùng lại bộ đệm "
    ".cache/build nên chỉ dựng lại những trang có thay đổi.")


def on_pre_build(config):
    """Load and check all content before MkDocs empties or writes the site folder."""
    _stop_background()  # mkdocs serve: before MkDocs empties the folder the last build's outputs go to
    if session.serving:
        memo = session.serve.bulletins
    else:  # each unchanged bulletin as the last build read and checked it
        memo = build.cache.bulletin_memo(config.docs_dir) if build.cache is not None else None
    site, report = load_site(config.docs_dir, memo=memo, settings_file=config.config_file_path)
    if build.cache is not None and not session.serving:
        build.cache.keep_bulletins(memo, config.docs_dir)
    for problem in report.warnings:
        log.warning(problem.format())
    build.loaded = (site, report)
    if report.errors and not session.serving:
        raise PluginError("Nội dung có lỗi, chưa thể đăng:\n" + report.format())


def on_files(files, config):
    site, report = build.loaded
    build.loaded = None
    if report.errors:
        # Previewing: keep the server alive and show the problems in the browser; the
        # next save rebuilds. Only an error page is built, so nothing half-valid shows.
        log.error("Nội dung có lỗi, chưa thể đăng:\n" + report.format())
        return _error_site(files, config, report)
    publish_at_routes(files)  # bulletins at their route's address (hoi-nghi/…), not their file's
    settings = config.extra.get("portal") if isinstance(config.extra.get("portal"), dict) else {}
    portal = Portal(site, build.as_of, settings.get("archive_page_size") or 50, config.site_name)
    specs = generated_pages(portal)
    # The model and the views are linked: the cyclic collector need not walk them again while the
    # cache names their objects (a sixth of the naming at 50,000 bulletins). See gc.freeze() below.
    gc.freeze()
    build.portal, build.specs = portal, {s.src_uri: s for s in specs}
    build.late = Late(lambda: late_values(portal, specs))
    if build.cache is not None:
        # Every object a page can read, named (build_cache.py): the portal and each page's view.
        roots = {"portal": portal}
        roots.update((f"view:{spec.src_uri}", spec.view) for spec in specs if _named_view(spec.view))
        build.fragments = Fragments(build.cache.open(roots))
    for spec in specs:
        files.append(_generated_page(config, spec.src_uri, spec.title, spec.template, spec.description))
    log.info("portal: %d bản tin, %d cam kết, %d trang tạo thêm",
             len(portal.meetings), len(portal.commitments), len(specs))
    # The model lives until the build ends: the cyclic collector need not walk it again and again
    # (about a tenth of the CPU of a +1 build at 5,000 bulletins), and the forked writers do not
    # copy the pages it would touch. Thawed when the build ends (mkdocs serve builds again).
    gc.freeze()
    if not session.serving:
        _start_writers(config)
    # else: previewing, they start once the pages are written (on_post_build), so that the
    # page the browser waits for does not share the cores and the disk with them.
    return files


def _start_writers(config):
    pool = session.preview_pool or new_pool()
    if session.serving:
        session.preview_pool = pool
    build.writers = Writers(build.portal, config, pool, keep_pool=session.serving,
                            memo=build.cache.outputs if build.cache is not None else None,
                            specs=list(build.specs.values()))  # not made again in the writer (11 s at 50,000)


def _generated_page(config, src_uri, title, template, description=None):
    """A virtual page: front matter only; its template draws everything from the views."""
    meta = {"title": title, "template": template, "hide": ["navigation", "toc", "footer"]}
    if description:
        meta["description"] = description
    # JSON is YAML (flow style) and ten times quicker to write, for thousands of pages; YAML's own
    # writer when a character YAML would read differently inside quotes (a line separator).
    front = json.dumps(meta, ensure_ascii=False, sort_keys=True)
    if not front.isprintable():
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True).rstrip("\n")
    return File.generated(config, src_uri, content="---\n" + front + "\n---\n")


def _named_view(view) -> bool:
    return view is not None and not isinstance(view, (str, list, tuple, dict))


def _error_site(files, config, report):
    # Only the error page and what draws it: no page, and no file of docs/ but the style sheets
    # mkdocs.yml names (a refused .svg or .html would otherwise be served by the preview).
    docs = Path(config.docs_dir).resolve()
    styles = {str(css) for css in config.extra_css}
    for file in list(files):
        from_docs = file.abs_src_path is not None and Path(file.abs_src_path).resolve().is_relative_to(docs)
        if file.is_documentation_page() or (from_docs and file.src_uri not in styles):
            files.remove(file)
    files.append(_generated_page(config, "index.md", "Nội dung có lỗi", ERRORS_TEMPLATE))
    config.nav = None
    build.portal, build.specs, build.problems, build.cache = None, {}, report, None
    return files


# --- pages ----------------------------------------------------------------------------------

def _meeting(page):
    return build.portal.meeting_by_src(page.file.src_uri) if build.portal else None


def on_pre_page(page, config, files):
    # One Markdown parser for the whole build instead of one per page (markdown.py).
    if build.markdown is None:
        serve = session.serve if build.cache is None else None
        build.markdown = SharedMarkdown(config, serve.markdown if serve else None,
                                        serve.files_key(files) if serve else "",
                                        cache=build.cache, page_key=_page_key, clean=clean_html,
                                        later=_meeting)
    build.markdown.attach(page)
    return page


def on_page_read_source(page, config):
    # A bulletin was read, normalised and checked by the loader: hand MkDocs its body so
    # the file is neither read nor YAML-parsed a second time. The leading newline stops
    # MkDocs from reading the top of the text as more page metadata (a "---" block, or
    # "Key: value" lines, which it would silently remove from the page).
    meeting = _meeting(page)
    return "\n" + meeting.body if meeting is not None else None


def on_page_markdown(markdown, page, config, files):
    meeting = _meeting(page)
    if meeting is not None:
        page.meta.update(meeting.extra_meta)
        page.meta["template"] = MEETING.template
        page.meta.setdefault("hide", ["navigation", "toc"])
        page.meta["title"] = meeting.title
        page.title = meeting.title
        if meeting.author:
            page.meta["author"] = meeting.author
        # Without a description of its own, the page's is its text's first paragraph: made when the
        # page is drawn (_page_context), not for each of thousands of pages the cache keeps.
    if meeting is not None:
        return _meeting_markdown(markdown, meeting)
    return nfc(reference.expand(markdown))  # a page written in docs/: the tables it asks for, from the contract


def _meeting_markdown(markdown, meeting):
    # The template prints the title as the page's h1: a first heading repeating it goes.
    return nfc(drop_repeated_title(markdown, meeting.title))


def _convert_later(page, config, meeting):
    """A bulletin's text is converted when its page is drawn (markdown.py): made again as MkDocs
    made it from on_page_read_source and on_page_markdown."""
    page.markdown = _meeting_markdown(get_data(on_page_read_source(page, config))[0], meeting)
    build.markdown.convert_now(page, config, build.files)
    page.portal_later = False


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
    if getattr(page, "portal_clean", False):
        return html  # from the build cache, or converted and sanitised by markdown.py
    cache = session.serve
    return cache.clean(html, clean_html) if cache else clean_html(html)


def _page_key(page) -> str | None:
    """What a page is, beside what it reads (build_cache.py): its address, front matter, title,
    text, its neighbours in the nav, and its view when that is a plain value."""
    spec = build.specs.get(page.file.src_uri)
    view = spec.view if spec is not None else None
    try:
        value = build.cache.reads._fp(view) if view is not None and not _named_view(view) else None
        return digest(page.file.src_uri, page.url, page.canonical_url, sorted(page.meta.items()), str(page.title),
                      digest(page.markdown), [(p.url, str(p.title)) for p in (page.previous_page, page.next_page) if p],
                      [str(a.title) for a in page.ancestors], value)
    except Exception:  # a value the digest cannot name: the page is drawn
        return None


def _escape_page_texts(page):
    # Material writes these into HTML unescaped, on the page and in other pages' navigation:
    # bulletin metadata must never run as markup. Done for every page before any is drawn,
    # so that no page's output depends on which pages were drawn before it.
    page.title = escape(nfc(str(page.title))) if page.title else page.title
    for key in ("title", "description", "author"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = escape(nfc(page.meta[key]))


def on_env(env, config, files):
    # Our own templates (overrides/portal/) escape by default; Material's keep its behaviour.
    env.autoescape = lambda name: bool(name) and name.startswith("portal/")
    # Each build makes a new environment (mkdocs serve too), so a template cannot change
    # under it: skip the stat of every included template on each use (~30,000 at 1,000 bulletins).
    env.auto_reload = False
    for file in files.documentation_pages(inclusion=lambda level: True):
        if file.page is not None:
            _escape_page_texts(file.page)
    if session.serving:
        env.bytecode_cache = session.serve.templates
    elif build.cache is not None:
        env.bytecode_cache = build.cache.store.templates()
    build.env, build.files = env, files
    if build.cache is not None and build.cache.reads is not None:
        _write_kept_pages(config, files)
        build.cache.reads.install()
    return env


def _write_kept_pages(config, files):
    """Every page the build cache kept is written now, as stored (its figures filled in), and
    left out of MkDocs' page loop (which would draw a template for each only to print the
    stored HTML). One whose stored bytes fail their checksum stays in the loop: on_page_context
    draws it again. The sitemap lists them all the same (_sitemap)."""
    site_dir = Path(config.site_dir)
    for src in list(build.cache.hits):
        file = files.get_file_from_path(src)
        data = build.cache.page_bytes(src)
        if data is None:
            page = file.page
            page.portal_template = page.meta.get("template", "main.html")
            page.meta["template"] = CACHED_TEMPLATE
            continue
        target = site_dir / file.dest_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if Late.MARK_BYTES in data:
            target.write_bytes(build.late.fill(data.decode("utf-8"), src).encode("utf-8"))
        else:  # most kept pages have no figure to fill in: the stored file itself
            folders.place_file(build.cache.page_file(src), target, data)
        file.inclusion = InclusionLevel.EXCLUDED  # mkdocs build: skipped by its page loop
        build.kept.append(file)


def _template_globals(context):
    context["portal"] = build.portal if build else None
    context["urls"] = routes.URLS
    context["labels"] = labels
    context["fragment"] = build.fragments if build else Fragments()
    context["late"] = build.late if build else Late(dict)
    context["nav_state"] = nav_state
    return context


def on_template_context(context, template_name, config):
    # Templates that are not pages (404.html) link with the route table too.
    return _template_globals(context)


def _route_of(page, spec, meeting) -> tuple[str | None, dict, int]:
    if spec is not None:
        return spec.route, spec.params, spec.number
    if meeting is not None:
        return MEETING.name, {"path": meeting.url[len("meetings/"):-1]}, 1
    return None, {}, 1


def on_page_context(context, page, config, nav):
    cache = build.cache
    if cache is not None and page.file.src_uri in cache.hits:
        html = cache.page_html(page.file.src_uri)
        if html is not None:
            context["cached_html"] = Markup(html)  # portal/cached.html
            return context
        # A stored page that fails its checksum: drawn now, and stored again.
        log.warning("portal: %s: trang trong bộ đệm dựng bị hỏng, dựng lại", page.file.src_uri)
        del cache.hits[page.file.src_uri]
        meeting = _meeting(page)
        if meeting is not None:
            page.markdown = _meeting_markdown(get_data(on_page_read_source(page, config))[0], meeting)
        build.markdown.convert_now(page, config, build.files)
        spec, meeting = build.specs.get(page.file.src_uri), _meeting(page)
        cache.reads.start()
        _page_context(context, page, config, spec, meeting)
        context["cached_html"] = Markup(build.env.get_template(page.portal_template).render(context))
        return context
    spec, meeting = build.specs.get(page.file.src_uri), _meeting(page)  # found by its file: not a read
    if getattr(page, "portal_later", False):
        _convert_later(page, config, meeting)
    if cache is not None and cache.reads is not None:
        cache.reads.start()
    return _page_context(context, page, config, spec, meeting)


def _page_context(context, page, config, spec, meeting):
    _template_globals(context)
    if meeting is not None and not page.meta.get("description"):
        page.meta["description"] = escape(nfc(summary(meeting, 200)))  # as _escape_page_texts would
    context["view"] = spec.view if spec else meeting
    context["problems"] = build.problems
    if build.portal is not None:
        route, params, number = _route_of(page, spec, meeting)
        context["head"], context["feeds"] = head_and_feeds(page, config, route, context["view"], params, number)
    context["status_bars"] = status_bars
    return context


def on_post_page(output, page, config):
    cache = build.cache
    if cache is not None and cache.reads is not None and cache.reads.current is not None:
        text = getattr(page, "portal_text", None) or {}
        cache.keep_page(page.file.src_uri, getattr(page, "portal_base", None), cache.reads.stop(), output, **text)
    output = build.late.fill(output, page.file.src_uri)  # after keep_page: the cache keeps the marks
    # Written: MkDocs does not need the page's text or HTML any more (it would keep every page's).
    page.content = None
    page.markdown = ""
    return output


def on_post_build(config):
    gc.unfreeze()
    cache = build.cache
    if cache is not None and cache.reads is not None:
        cache.reads.uninstall()
    if build.portal is not None:
        _place_outputs(config)
    if cache is not None and cache.reads is not None:
        log.info("portal: %d trang lấy lại từ bộ đệm dựng, %d trang dựng mới", len(cache.hits), cache.drawn)
        session.last_index = cache.save()
    if session.serving:
        session.serve.end_build()
    _write_editor(config)
    if build.swap is not None:
        build.swap.commit()
        config.site_dir = str(build.swap.final)
        build.swap = None


def _sitemap(config) -> bytes | None:
    """The theme's sitemap.xml over every page written, those the build cache kept too (MkDocs
    drew it only over the pages of its loop)."""
    if not (Path(config.site_dir) / "sitemap.xml").exists():
        return None
    kept = set(map(id, build.kept))
    pages = [f for f in build.files if f.is_documentation_page() and (f.inclusion.is_included() or id(f) in kept)]
    context = _template_globals({"pages": pages, "config": config})
    return build.env.get_template("sitemap.xml").render(context).encode("utf-8")


def _place_outputs(config):
    """Wait for what is not a page (data, feeds, calendars, index, previews) and place it."""
    site_dir = Path(config.site_dir)
    sitemap = _sitemap(config)
    if sitemap is not None:
        for rel, data in split_sitemap(sitemap, config.site_url or "").items():
            (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / rel).write_bytes(data)
    if session.serving:
        # Previewing: the browser reloads as soon as the pages are written; the data, index
        # and images follow a moment later. A save before they are done stops them.
        _start_writers(config)
        session.background = Background(build.writers, site_dir)
    else:
        build.writers.place(site_dir)
    build.writers = None


def _finish_background():
    """mkdocs serve: wait until the last build's data and images are in place."""
    if session.background is not None:
        session.background.finish()
        session.background = None


def _stop_background():
    """mkdocs serve, a new save: the last build's data and images are not wanted any more."""
    if session.background is not None:
        session.background.stop()
        session.background = None


def _write_editor(config):
    """The staff editor at /admin/, configured from the schema (portal/cms.py); also beside an error page."""
    names = registry_names(build.portal.registries) if build.portal else {}
    production = (config.extra.get("portal") or {}).get("editor")
    try:
        written = write_editor(Path(config.site_dir), Path(config.config_file_path).parent, names, production)
    except EditorSettingsError as error:
        raise PluginError(str(error)) from None
    if not written:
        log.info("portal: trình soạn thảo /admin/ chưa cài (bash scripts/setup.sh cài Decap CMS từ npm)")


def on_build_error(error):
    """A failed build (a template error, say) must not leave worker processes or a half-built folder behind."""
    gc.unfreeze()
    if build is None:
        return
    if build.cache is not None and build.cache.reads is not None:
        build.cache.reads.uninstall()
    # The writers first: a writer still running would make the fresh folder again after it is removed.
    if build.writers is not None:
        build.writers.cancel()
        build.writers = None
    if build.swap is not None:
        build.swap.abandon()
        build.swap = None
