"""The staff web editor (Decap CMS at ``/admin/``): its configuration, generated from the schema.

Every form field comes from :mod:`portal.schema` (label = the field's ``title``, hint =
its ``description``, required = the object's ``required`` list), so a field added to the
contract appears in the editor with no second list to update. Plain Python, no MkDocs:
:func:`write_editor` is called by the MkDocs hook after each build.

What the generated configuration relies on, in ``editor/portal-cms.js``:

* the ``portal-md`` / ``portal-yml`` formats, which read YAML with js-yaml and write the
  contract's layout (keys in schema order, registry keys and dates unquoted, text in
  double quotes, empty optional fields left out, the bulletin text after the front matter);
* the ``partial-date`` widget (a date picker, or month or year only);
* a ``preSave`` step that names a new file by the rule of :mod:`portal.names` (ported to
  JavaScript, tested equal);
* on this machine, the editor server (:mod:`portal.editor.server`, ``scripts/editor_server.py``)
  serves the same files itself, with a per-run token in the page, and refuses a save that
  ``scripts/check.py`` would refuse, with the same messages (the script shows them).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from portal.contract import schema as S
from portal.contract.names import MEETINGS_DIR, SLUG_CHARS, SLUG_WORDS, FALLBACK_SLUG

ADMIN_DIR = "admin"
INBOX_DIR = "inbox"  # pasted articles waiting for the importer (outside docs/: never published)
DECAP_DIST = Path("decap-cms") / "dist"
JS_YAML = Path("js-yaml") / "dist" / "js-yaml.min.js"
# The repository side of the editor: its script and stylesheet, copied next to Decap's.
EDITOR_SOURCES = ("portal-cms.js", "portal-cms.css")
LOCAL_BACKEND_PORT = 8081  # scripts/editor_server.py: the editor page and its API, same origin
PREVIEW_PORT = 8000  # mkdocs serve: the pages as they will be published
SHEET_WIDGET = "portal-reviews"  # the reviews list with "Nhập bảng rà soát" (editor/portal-cms.js)
HIDDEN_PREFIX = "_"  # data keys the editor computes (file name, folded search text); never written

_REGISTRY_IN_HINT = re.compile(r"\s*\(mã(?: trong)? [^)]*\)")


def _label(prop: dict, name: str) -> str:
    return prop.get("title") or name


def _hint(prop: dict) -> str:
    if prop.get("x-hint"):
        return prop["x-hint"]
    # Staff choose registry entries by name in the editor: the "(mã trong x.yml)" part of a
    # description is for people writing YAML by hand.
    return _REGISTRY_IN_HINT.sub("", prop.get("description", "")).strip()


def _types(prop: dict) -> set:
    kind = prop.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)


def _relation(registry: str, multiple: bool) -> dict:
    # a person is shown with the latest position ("Lê Anh Xuân (Chủ tịch UBND thành phố)"), set by the format
    shown = ["name", HIDDEN_PREFIX + "role"] if registry == "people" else ["name"]
    return {"widget": "relation", "collection": registry, "value_field": "{{slug}}",
            "search_fields": ["name", HIDDEN_PREFIX + "fold"], "display_fields": shown,
            "multiple": multiple, "options_length": 50}


def field(name: str, prop: dict, required: bool) -> dict:
    """One Decap field from one JSON Schema property."""
    out = {"name": name, "label": _label(prop, name), "required": required}
    hint = _hint(prop)
    if hint:
        out["hint"] = hint[0].upper() + hint[1:]
    types = _types(prop)
    items = prop.get("items") or {}
    # One of several forms (a key, or a mapping): the editor writes the fullest, the mapping.
    items = next((b for b in items.get("anyOf", ()) if b.get("type") == "object"), items)
    if "x-registry" in prop:
        out.update(_relation(prop["x-registry"], multiple=False))
    elif prop.get("x-refers") == "commitment-id":
        out.update({"widget": "relation", "collection": "meetings", "value_field": "commitments.*.id",
                    # a folded copy of each commitment's text, id and places' names, beside it in the list
                    "search_fields": ["commitments.*.id", "commitments.*.text", f"commitments.*.{HIDDEN_PREFIX}fold"],
                    "display_fields": ["commitments.*.id", "commitments.*.text"], "options_length": 50})
    elif "enum" in prop:
        labels = prop.get("x-labels", {})
        out.update({"widget": "select", "options": [{"label": labels.get(v, v), "value": v}
                                                     for v in prop["enum"] if v is not None]})
    elif prop.get("format") == "partial-date":
        out["widget"] = "partial-date"
    elif prop.get("format") == "time-hhmm":
        out.update({"widget": "string", "pattern": ["^([01][0-9]|2[0-3]):[0-5][0-9]$",
                                                    "Giờ dạng HH:MM, 24 giờ, ví dụ 14:00"]})
    elif prop.get("format") == "date-time":
        out.update({"widget": "string", "pattern": [r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$",
                                                    "Dạng YYYY-MM-DDTHH:MM:SS+07:00, ví dụ 2020-02-13T10:10:00+07:00"]})
    elif prop.get("format") == "uri":
        out.update({"widget": "string", "pattern": ["^(https?|mailto):", "Địa chỉ bắt đầu bằng http:// hoặc https://"]})
    elif types & {"integer", "number"}:
        out.update({"widget": "number", "value_type": "int" if "integer" in types else "float"})
        out.update({key: prop[key] for key in ("minimum", "maximum") if key in prop})
        out = {("min" if k == "minimum" else "max" if k == "maximum" else k): v for k, v in out.items()}
    elif "boolean" in types:
        out["widget"] = "boolean"
    elif "array" in types and "x-registry" in items:
        out.update(_relation(items["x-registry"], multiple=True))
        if prop.get("minItems"):
            out["min"] = prop["minItems"]
    elif "array" in types and items.get("type") == "object":
        # A list of reviews (items refer to a commitment) also takes a filled review sheet ("Nhập bảng
        # rà soát", editor/portal-cms.js): Decap's list widget wrapped.
        refers = any(p.get("x-refers") == "commitment-id" for p in items.get("properties", {}).values())
        out.update({"widget": SHEET_WIDGET if refers else "list", "fields": object_fields(items), "collapsed": False,
                    "label_singular": items.get("title", name)})
        if prop.get("minItems"):
            out["min"] = prop["minItems"]
    elif "array" in types:
        out.update({"widget": "list", "allow_add": True})  # comma-separated text
    elif "pattern" in prop:
        out.update({"widget": "string", "pattern": [prop["pattern"],
                                                    "Chỉ chữ thường không dấu, số và dấu gạch ngang, ví dụ camera-cong-cong-2020"]})
    elif prop.get("minLength", 0) > 1 or name in ("text", "note"):
        out["widget"] = "text"
    else:
        out["widget"] = "string"
    return out


def object_fields(schema: dict) -> list[dict]:
    """The form of one object of the contract. MkDocs' own page keys are not the contract's: a bulletin's
    form leaves them out (a registry's ``description`` is its own field, and is edited)."""
    required = set(schema.get("required", ()))
    return [field(name, prop, name in required) for name, prop in schema["properties"].items()
            if schema is not S.BULLETIN or name not in S.MKDOCS_PAGE_KEYS]


def editor_config() -> dict:
    """Decap's configuration (``CMS.init({config})``), every field from the schema.

    The backend is GitHub (production, see the staff guide); ``local_backend`` makes the
    editor use the editor server's API instead when the page is opened on this machine
    (``portal-cms.js`` points it at the page's own origin).
    """
    meetings = {
        "name": "meetings", "label": "Bản tin hội nghị", "label_singular": "bản tin",
        "description": "Mỗi hội nghị một bản tin: phần thông tin ở trên, nội dung bài đã đăng ở ô cuối.",
        "folder": f"docs/{MEETINGS_DIR}", "extension": "md", "format": "portal-md", "create": True,
        "path": "{{_year}}/{{slug}}", "slug": "{{_stem}}", "identifier_field": "title",
        "summary": "{{date}} · {{title}}",
        # the list opens on the newest bulletin
        "sortable_fields": [{"field": "date", "default_sort": "desc"}, "title"],
        "fields": object_fields(S.BULLETIN) + [
            {"name": "body", "label": "Nội dung bài đã đăng", "widget": "text", "required": True,
             "hint": "Dán nguyên văn bài đã đăng (Markdown: dòng trống giữa các đoạn; "
                     "\"## \" đầu dòng cho tiêu đề mục)."}],
    }
    inbox = {
        # Not the contract: a paste box. The importer turns each text into a draft bulletin
        # (the editor server shows its report; the publishing workflow opens the draft for review).
        "name": "inbox", "label": "Bài mới để nhập", "label_singular": "bài đã đăng",
        "description": "Dán nguyên văn một bài đã đăng trên cổng thông tin; công cụ nhập tạo bản nháp bản tin "
                       "(những chỗ không chắc ghi \"CẦN ĐIỀN\") để người biên tập hoàn thiện.",
        "folder": INBOX_DIR, "extension": "txt", "format": "portal-txt", "create": True,
        "slug": "{{_key}}", "identifier_field": "title", "summary": "{{title}}",
        "fields": [
            {"name": "title", "label": "Tên gợi nhớ", "widget": "string", "required": True,
             "hint": "Chỉ để tìm lại trong danh sách; tiêu đề bản tin do công cụ nhập lấy từ bài"},
            {"name": "body", "label": "Bài đã đăng (dán nguyên văn)", "widget": "text", "required": True,
             "hint": "Cả tiêu đề, dòng ngày đăng, nội dung và tên tác giả, như trên cổng thông tin"}],
    }
    collections = [meetings]
    for name, entry in S.REGISTRY_ENTRIES.items():
        label, singular = S.REGISTRY_LABELS[name]
        collections.append({
            "name": name, "label": label, "label_singular": singular,
            "description": f"Mỗi mục một tệp docs/data/{name}/<mã>.yml; mã (dùng trong địa chỉ trang) "
                           "được tạo từ tên khi thêm mới và không đổi sau đó.",
            "folder": f"docs/data/{name}", "extension": "yml", "format": f"portal-yml-{name}", "create": True,
            "slug": "{{_key}}", "identifier_field": "name", "summary": "{{name}}",
            "sortable_fields": ["name"], "fields": object_fields(entry),
        })
    collections.append(inbox)
    return {
        "backend": {"name": "github", "repo": "OWNER/REPOSITORY", "branch": "main",
                    "commit_messages": {"create": "Thêm {{collection}} “{{slug}}” (trình soạn thảo)",
                                        "update": "Sửa {{collection}} “{{slug}}” (trình soạn thảo)",
                                        "delete": "Xóa {{collection}} “{{slug}}” (trình soạn thảo)",
                                        "uploadMedia": "Tải lên “{{path}}”", "deleteMedia": "Xóa “{{path}}”",
                                        "openAuthoring": "{{message}}"}},
        "local_backend": {"url": f"http://127.0.0.1:{LOCAL_BACKEND_PORT}/api/v1",
                          "allowed_hosts": ["localhost", "127.0.0.1"]},
        "locale": "vi", "load_config_file": False, "site_url": "/", "display_url": "/",
        "media_folder": "docs/assets/uploads", "public_folder": "/assets/uploads",
        # Decap names an uploaded file with this rule: "Ảnh hội nghị.JPG" -> "anh-hoi-nghi.jpg", a name
        # the content check accepts (contract/tree.py: SAFE_NAME) and an address can carry as it is.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "publish_mode": "simple", "collections": collections,
        # An uploaded image's name: lower case ASCII ("Ảnh họp.JPG" -> "anh-hop.jpg"), as the editor
        # server accepts (and file names stay one address on every static host).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }


# --- sign-in in production: one Decap backend per kind of git host ---------------------------------------
# ``extra.portal.editor`` in mkdocs.yml names the host and the few values the office fills in; the
# backend block Decap reads is made here, the keys as Decap's documentation gives them (backends
# overview; GitHub, GitLab, Gitea/Forgejo pages). The staff guide's "Đăng nhập" section walks through each.
BACKENDS = {
    # Decap signs in to GitHub through an OAuth relay the office runs (GitHub keeps the client secret
    # server-side): base_url is the relay, auth_endpoint its path.
    "github": {"label": "GitHub", "needs": ("repo", "base_url"),
               "optional": ("branch", "auth_endpoint", "api_root"),
               "fixed": {},
               "history": "https://github.com/{repo}/commits/{branch}/{path}"},
    # GitLab (gitlab.com or the office's own): PKCE in the browser, no relay; app_id is the OAuth
    # application's id (not confidential), base_url the GitLab address.
    "gitlab": {"label": "GitLab", "needs": ("repo", "app_id"),
               "optional": ("branch", "base_url", "api_root", "auth_endpoint"),
               "fixed": {"auth_type": "pkce"},
               "defaults": {"base_url": "https://gitlab.com", "auth_endpoint": "oauth/authorize"},
               "derived": {"api_root": "{base_url}/api/v4"},
               "history": "{base_url}/{repo}/-/commits/{branch}/{path}"},
    # A self-hosted Gitea (1.20+) or Forgejo: PKCE, no relay; the API and the sign-in live on base_url.
    "gitea": {"label": "Gitea", "needs": ("repo", "app_id", "base_url"),
              "optional": ("branch", "api_root"),
              "fixed": {},
              "derived": {"api_root": "{base_url}/api/v1", "auth_endpoint": "{base_url}/login/oauth/authorize"},
              "history": "{base_url}/{repo}/commits/branch/{branch}/{path}"},
    "forgejo": {"label": "Forgejo", "needs": ("repo", "app_id", "base_url"),
                "optional": ("branch", "api_root"),
                "fixed": {},
                "derived": {"api_root": "{base_url}/api/v1"},
                "history": "{base_url}/{repo}/commits/branch/{branch}/{path}"},
}
DEFAULT_BACKEND = "github"
_REPO = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")
_HTTPS = re.compile(r"^https://[^\s/?#]+(/[^\s?#]*)?$")


class EditorSettingsError(ValueError):
    """``extra.portal.editor`` in mkdocs.yml cannot make a sign-in; the message says what to write."""


def production_backend(settings: dict) -> dict:
    """Decap's ``backend`` block from ``extra.portal.editor``: ``{"backend": "gitlab", "repo": …, …}``."""
    if not isinstance(settings, dict):
        raise EditorSettingsError("mkdocs.yml: extra.portal.editor: phải là một khối khóa: giá trị "
                                  "(backend, repo, branch…), xem hướng dẫn, mục \"Đăng nhập\"")
    settings = dict(settings)
    if "name" in settings and "backend" not in settings:  # Decap's own word for it
        settings["backend"] = settings.pop("name")
    kind = settings.get("backend", DEFAULT_BACKEND)
    spec = BACKENDS.get(kind)
    if spec is None:
        raise EditorSettingsError(f"mkdocs.yml: extra.portal.editor.backend: \"{kind}\" không dùng được; chọn một "
                                  f"trong: {', '.join(BACKENDS)}")
    allowed = {"backend", "site_domain", *spec["needs"], *spec["optional"]}
    unknown = sorted(set(settings) - allowed)
    if unknown:
        raise EditorSettingsError(f"mkdocs.yml: extra.portal.editor.{unknown[0]}: không dùng với backend \"{kind}\"; "
                                  f"các khóa dùng được: {', '.join(sorted(allowed))}")
    for key in spec["needs"]:
        if not isinstance(settings.get(key), str) or not settings[key].strip():
            raise EditorSettingsError(f"mkdocs.yml: extra.portal.editor.{key}: cần điền cho backend \"{kind}\" "
                                      f"({spec['label']}); các khóa bắt buộc: {', '.join(spec['needs'])}")
    values = {k: v.strip().rstrip("/") if isinstance(v, str) else v for k, v in settings.items() if k != "backend"}
    if not _REPO.match(str(values["repo"])) or str(values["repo"]).startswith("OWNER/"):
        raise EditorSettingsError(f"mkdocs.yml: extra.portal.editor.repo: \"{values['repo']}\" không phải tên kho "
                                  "dạng TỔ-CHỨC/TÊN-KHO (chữ không dấu, số, - _ .)")
    for key in ("base_url", "api_root"):
        if key in values and not _HTTPS.match(str(values[key])):
            raise EditorSettingsError(f"mkdocs.yml: extra.portal.editor.{key}: \"{values[key]}\" phải là một địa chỉ "
                                      "bắt đầu bằng https://")
    values.setdefault("branch", "main")
    for key, value in spec.get("defaults", {}).items():
        values.setdefault(key, value)
    for key, template in spec.get("derived", {}).items():
        values.setdefault(key, template.format(**values))
    return {"name": kind, **values, **spec["fixed"]}


def history_url(backend: dict) -> str | None:
    """Where the host shows a file's history (``{path}`` left to fill), for the editor's "Lịch sử"."""
    spec = BACKENDS.get(backend.get("name"))
    if spec is None or "OWNER/" in str(backend.get("repo")):
        return None
    values = {"base_url": "https://gitlab.com", **backend}
    return spec["history"].replace("{path}", "\0").format(**values).replace("\0", "{path}")


def editor_settings(names: dict, css: list[str], production: dict | None = None) -> dict:
    """What ``portal-cms.js`` needs besides Decap's configuration."""
    config = editor_config()
    if production:
        commit_messages = config["backend"]["commit_messages"]
        config["backend"] = {**production_backend(production), "commit_messages": commit_messages}
    return {
        "config": config,
        "historyUrl": history_url(config["backend"]),
        "editorPort": LOCAL_BACKEND_PORT,  # where the static /admin/ on this machine sends staff
        "sheetWidget": SHEET_WIDGET,
        "names": names,  # key -> name per registry, for the preview of entries saved before this build
        "previewStyles": css,
        "slug": {"words": SLUG_WORDS, "chars": SLUG_CHARS, "fallback": FALLBACK_SLUG},
    }


def registry_names(registries) -> dict:
    return {name: {key: entry.name for key, entry in registries.by_name(name).items()}
            for name in S.REGISTRY_ENTRIES}


INDEX_HTML = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Trình soạn thảo bản tin</title>
<link rel="stylesheet" href="portal-cms.css">
</head>
<body>
{body}
</body>
</html>
"""

READY = """<script>window.CMS_MANUAL_INIT = true;</script>
<script src="js-yaml.min.js"></script>
<script src="decap-cms.js"></script>
<script src="settings.js"></script>
<script src="portal-cms.js"></script>"""

NOT_INSTALLED = """<main class="portal-cms-missing">
<h1>Trình soạn thảo chưa được cài</h1>
<p>Bản dựng này không có các tệp của trình soạn thảo (Decap CMS). Trên máy soạn thảo, chạy
<code>bash scripts/setup.sh</code> (cài Node.js và các gói npm đã ghim), rồi
<code>bash scripts/editor.sh</code>.</p>
<p>Vẫn có thể sửa bản tin trực tiếp trong kho và kiểm tra bằng <code>scripts/check.py</code>:
xem <a href="../huong-dan/">hướng dẫn</a>.</p>
</main>"""


def admin_files(root: Path) -> dict[str, Path] | None:
    """The files of ``/admin/`` besides ``index.html`` and ``settings.js``, by name: Decap's bundle
    and the chunks and WebAssembly it loads on demand (not the source maps, nor ``cms.js``, the same
    bundle under its old name), js-yaml and our script and stylesheet. None when Decap is not
    installed (``node_modules`` missing). The build copies them; the editor server serves them."""
    modules = root / "node_modules"
    dist = modules / DECAP_DIST
    sources = [root / "editor" / name for name in EDITOR_SOURCES]
    if not all(p.is_file() for p in [dist / "decap-cms.js", modules / JS_YAML, *sources]):
        return None
    files = {source.name: source for source in sources}
    for path in sorted(dist.iterdir()):
        if path.name.endswith((".decap-cms.js", ".wasm")) or path.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt"):
            files[path.name] = path
    files[JS_YAML.name] = modules / JS_YAML
    return files


def settings_js(settings: dict) -> str:
    return "window.PORTAL_EDITOR = " + json.dumps(settings, ensure_ascii=False, indent=1).replace("</", "<\\/") + ";\n"


def index_html(head: str = "") -> str:
    """The editor page; ``head`` is markup for its head (the editor server's token)."""
    return INDEX_HTML.format(body=READY).replace("</head>", head + "</head>" if head else "</head>")


def write_editor(site_dir: Path, root: Path, names: dict, production: dict | None = None) -> bool:
    """Write ``admin/`` into the built site. Returns False when Decap is not installed
    (``node_modules`` missing): the page then says so and how to install it."""
    admin = site_dir / ADMIN_DIR
    admin.mkdir(parents=True, exist_ok=True)
    files = admin_files(root)
    if files is None:
        (admin / "index.html").write_text(INDEX_HTML.format(body=NOT_INSTALLED), encoding="utf-8")
        return False
    for name, path in files.items():
        shutil.copyfile(path, admin / name)
    css = sorted("../" + p.relative_to(site_dir).as_posix()
                 for pattern in ("main.*.min.css", "palette.*.min.css")
                 for p in (site_dir / "assets" / "stylesheets").glob(pattern))
    css.append("../assets/portal.css")
    (admin / "settings.js").write_text(settings_js(editor_settings(names, css, production)), encoding="utf-8")
    (admin / "index.html").write_text(index_html(), encoding="utf-8")
    return True
