"""The editor's configuration comes from the schema; its JavaScript names files and writes
YAML exactly as the Python side reads and names them (run in Node, no browser)."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata

import pytest
import yaml

from portal.contract import schema as S
from portal.editor.cms import editor_config, editor_settings
from portal.contract.dates import PartialDate
from portal.contract.names import bulletin_src_uri, title_slug
from portal.contract.yamlsrc import split_front_matter
from tests.conftest import ROOT

NODE = shutil.which("node")


def run_js(request: dict) -> dict:
    if NODE is None or not (ROOT / "node_modules/js-yaml").is_dir():
        pytest.fail("node or node_modules missing: run `bash scripts/setup.sh`", pytrace=False)
    settings = editor_settings({name: {} for name in S.REGISTRY_ENTRIES}, [])
    result = subprocess.run([NODE, str(ROOT / "tests/js_harness.js")], capture_output=True, text=True,
                            input=json.dumps(settings) + "\n" + json.dumps(request), check=True)
    return json.loads(result.stdout)


def collections() -> dict:
    return {c["name"]: c for c in editor_config()["collections"]}


def walk(fields, schema, where=""):
    """Yield (path, field, property, required) for every field against its schema property."""
    props = schema["properties"]
    page_keys = S.MKDOCS_PAGE_KEYS if schema is S.BULLETIN else {}  # a topic's description is its own
    assert [f["name"] for f in fields] == [k for k in props if k not in page_keys], where
    for f in fields:
        prop = props[f["name"]]
        yield where + f["name"], f, prop, f["name"] in schema.get("required", ())
        items = prop.get("items") or {}
        items = next((b for b in items.get("anyOf", ()) if b.get("type") == "object"), items)  # the editor's form
        if "fields" in f:
            yield from walk(f["fields"], items, where + f["name"] + ".")


@pytest.mark.parametrize("collection, schema", [("meetings", S.BULLETIN)] + list(S.REGISTRY_ENTRIES.items()))
def test_every_field_comes_from_the_schema_with_its_label_hint_and_requiredness(collection, schema):
    fields = collections()[collection]["fields"]
    if collection == "meetings":
        assert fields[-1]["name"] == "body"
        fields = fields[:-1]
    names = collections()
    for path, field, prop, required in walk(fields, schema, collection + "."):
        assert field["label"] == prop["title"], path
        assert field["required"] is required, path
        assert field.get("hint"), path
        if "x-registry" in prop or "x-registry" in (prop.get("items") or {}):
            assert field["widget"] == "relation" and field["collection"] in names, path
            assert field["value_field"] == "{{slug}}" and "_fold" in field["search_fields"], path
        if prop.get("format") == "partial-date":
            assert field["widget"] == "partial-date", path


def test_relations_and_lists_where_staff_need_them():
    fields = {f["name"]: f for f in collections()["meetings"]["fields"]}
    assert fields["kind"]["collection"] == "meeting-kinds" and not fields["kind"]["multiple"]
    assert fields["organizations"]["multiple"] and fields["topics"]["multiple"]
    assert fields["chairs"]["widget"] == "list" and fields["chairs"]["min"] == 1 and fields["chairs"]["required"]
    review = {f["name"]: f for f in fields["reviews"]["fields"]}
    assert review["commitment"]["collection"] == "meetings"
    assert review["commitment"]["value_field"] == "commitments.*.id"
    status = review["status"]
    assert status["widget"] == "select" and {"label": "Hoàn thành", "value": "done"} in status["options"]
    assert "(mã trong" not in json.dumps(editor_config(), ensure_ascii=False)


TITLES = [
    "Hội nghị giao ban quý I năm 2024",
    "UBND thành phố Thanh Hóa giao ban với UB MTTQ và các đoàn thể thành phố năm 2020",
    "Đường bê tông – Đông Hương: “giải phóng mặt bằng” 100%!",
    unicodedata.normalize("NFD", "Thuỷ lợi, hoà giải ở cơ sở, Thanh Hoá"),
    "ĐẢNG ỦY PHƯỜNG ĐÔNG THỌ",
    "Hộinghịrấtdàikhôngcókhoảngtrắngchútnàocảđểthửgiớihạnsáumươikýtựcủatêntệptinnàyxem",
    "", "!!!", "   ", "a" * 61, "x " * 20, "Ðại hội (mã cũ ð)",
]


def test_the_editor_names_files_by_the_same_rule_as_names_py():
    dates = ["2024-03-15", "2018", "2020-02", 2019]
    request = [[d, t] for t in TITLES for d in dates]
    answers = run_js({"names": request})["names"]
    for (date, title), (slug, named) in zip(request, answers):
        assert slug == title_slug(title), title
        expected = bulletin_src_uri(PartialDate.parse(date), title)
        assert f"meetings/{named['year']}/{named['stem']}.md" == expected, (date, title)


TRICKY = ["yes", "no", "null", "~", "true", "14:00", "2020-02-12", "- x", "a: b", "# x", " lead", "trail ",
          'say "hi"', "back\\slash", "line\none", "tab\there", "sep\u2028line", "nel\u0085x", "{x}", "[x]",
          "0x1A", "1e3", "012", "@x", "`x`", "*x", "&x", "!x", "%x", "|", ">", "'", "Ủy ban nhân dân"]


def test_tricky_text_survives_the_editors_yaml():
    data = {"title": "x", "date": "2020-02-12", "kind": "giao-ban", "location": None, "topics": [],
            "chairs": [{"person": "le-anh-xuan", "role": t} for t in TRICKY], "body": "Nội dung.\n",
            "_stem": "hidden", "hide": ["toc"]}
    [text] = run_js({"formats": [["portal-md", "toFile", data]]})["formats"]
    fm, body, _ = split_front_matter(text)
    loaded = yaml.safe_load(fm)
    assert [c["role"] for c in loaded["chairs"]] == TRICKY
    assert list(loaded) == ["title", "date", "kind", "chairs", "hide"]  # schema order; empty and hidden left out
    assert str(loaded["date"]) == "2020-02-12" and body == "\nNội dung.\n"


def meaning(data):
    """What a mapping says: an empty field (null, "", []) says nothing, and the writer leaves it out."""
    if isinstance(data, dict):
        return {k: meaning(v) for k, v in data.items() if v not in (None, "", [])}
    if isinstance(data, list):
        return [meaning(v) for v in data]
    return data


def test_every_file_in_the_repository_reads_and_writes_back_unchanged_in_meaning():
    files = sorted((ROOT / "docs/meetings").rglob("*.md"))
    entries = {name: sorted((ROOT / "docs/data" / name).glob("*.yml")) for name in S.REGISTRY_ENTRIES}
    ops = [["portal-md", "fromFile", p.read_text(encoding="utf-8")] for p in files]
    for name, paths in entries.items():
        ops += [[f"portal-yml-{name}", "fromFile", p.read_text(encoding="utf-8")] for p in paths]
    read = run_js({"formats": ops})["formats"]
    names = ["portal-md"] * len(files) + [f"portal-yml-{n}" for n, paths in entries.items() for _ in paths]
    written = run_js({"formats": [[n, "toFile", data] for n, data in zip(names, read)]})["formats"]
    for path, name, text in zip(files + [p for ps in entries.values() for p in ps], names, written):
        original = path.read_text(encoding="utf-8")
        if name == "portal-md":
            (fm0, body0, _), (fm1, body1, _) = split_front_matter(original), split_front_matter(text)
            assert meaning(yaml.safe_load(fm1)) == meaning(yaml.safe_load(fm0)) and body1 == body0, path
        else:
            assert meaning(yaml.safe_load(text)) == meaning(yaml.safe_load(original)), path


def test_the_editor_writes_what_the_one_python_writer_writes():
    """editor/portal-cms.js and portal.contract.writer lay YAML out the same way, byte for byte: every
    bulletin and registry entry of the repository (as the editor reads it) and the tricky texts."""
    from portal.contract.writer import bulletin_text, entry_text

    files = sorted((ROOT / "docs/meetings").rglob("*.md"))
    entries = [(name, p) for name in S.REGISTRY_ENTRIES for p in sorted((ROOT / "docs/data" / name).glob("*.yml"))]
    ops = [["portal-md", "fromFile", p.read_text(encoding="utf-8")] for p in files]
    ops += [[f"portal-yml-{name}", "fromFile", p.read_text(encoding="utf-8")] for name, p in entries]
    read = run_js({"formats": ops})["formats"]
    tricky = {"title": "x", "date": "2020-02", "kind": "giao-ban", "topics": [], "body": "Nội dung.",
              "chairs": [{"person": "le-anh-xuan", "role": t} for t in TRICKY], "description": "d", "hide": ["toc"],
              "commitments": [{"id": "a-1", "text": t, "owners": ["ubnd-tp"], "due": "2021"} for t in TRICKY[:8]]}
    names = ["portal-md"] * len(files) + [f"portal-yml-{n}" for n, _ in entries] + ["portal-md"]
    written = run_js({"formats": [[n, "toFile", data] for n, data in zip(names, read + [tricky])]})["formats"]
    assert len(written) == len(names) > 20
    for name, data, js_text in zip(names, read + [tricky], written):
        if name == "portal-md":
            expected = bulletin_text(data, data.get("body", ""))
        else:
            expected = entry_text(name.removeprefix("portal-yml-"), data)
        assert js_text == expected, (name, data.get("title") or data.get("name"))


def test_dates_are_typed_and_shown_in_vietnamese_order_and_saved_as_iso():
    typed = ["20/11/2026", "5/3/2021", " 05.03.2021 ", "20-11-2026", "2026-11-20", "11/2026", "3/2021", "2026-11",
             "2026", "2026/11/20", "31/02/2026", "11/20/2026", "13/2026", "20/11/26", "hôm qua", ""]
    result = run_js({"dates": typed})["dates"]
    parsed = dict(zip(typed, (p for p, _ in result)))
    assert parsed == {"20/11/2026": "2026-11-20", "5/3/2021": "2021-03-05", " 05.03.2021 ": "2021-03-05",
                      "20-11-2026": "2026-11-20", "2026-11-20": "2026-11-20", "11/2026": "2026-11", "3/2021": "2021-03",
                      "2026-11": "2026-11", "2026": "2026", "2026/11/20": "2026-11-20", "31/02/2026": None,
                      "11/20/2026": None,  # month 20: never read as mm/dd/yyyy
                      "13/2026": None, "20/11/26": None, "hôm qua": None, "": None}
    for iso in ("2026-11-20", "2026-11", "2026"):  # every ISO form the contract accepts reads back
        assert PartialDate.parse(iso)
    shown = run_js({"dates": ["2026-11-20", "2026-11", "2026", "20245"]})["dates"]
    assert [s for _, s in shown] == ["20/11/2026", "11/2026", "2026", "20245"]


def test_the_pickers_fold_the_query_whatever_mix_of_marks_is_typed():
    from portal.contract.text import fold
    typed = ["Le Anh Xuân", "lê anh xuan", "LÊ ANH XUÂN", "ba dinh", "Ba Đình", "phó chủ tịch", "Đ đ", "ho\u0301a"]
    assert run_js({"folds": typed})["folds"] == [fold(t) for t in typed]
    assert len({fold(t) for t in typed[:3]}) == 1


def test_people_are_found_by_position_and_commitments_by_their_places():
    person = run_js({"formats": [["portal-yml-people", "fromFile", 'name: "Lê Anh Xuân"\npositions:\n'
                                  '  - title: "Phó Chủ tịch UBND thành phố"\n']]})["formats"][0]
    assert "pho chu tich ubnd thanh pho" in person["_fold"] and "le anh xuan" in person["_fold"]
    settings_names = {"localities": {"ba-dinh": "Phường Ba Đình"}}
    meeting = run_js_with_names(settings_names, {"formats": [["portal-md", "fromFile", (
        '---\ntitle: "T"\ncommitments:\n  - id: camera-2020\n    text: "Lắp camera"\n    places: [ba-dinh]\n'
        '  - id: duong-2020\n    text: "Làm đường"\n---\n\nA\n')]]})["formats"][0]
    first, second = meeting["commitments"]
    assert "lap camera" in first["_fold"] and "phuong ba dinh" in first["_fold"] and "camera-2020" in first["_fold"]
    assert "ba dinh" not in second["_fold"]
    # the folded copies are never written
    back = run_js({"formats": [["portal-md", "toFile", meeting]]})["formats"][0]
    assert "_fold" not in back and "ba-dinh" in back


def run_js_with_names(names: dict, request: dict) -> dict:
    settings = editor_settings({name: names.get(name, {}) for name in S.REGISTRY_ENTRIES}, [])
    result = subprocess.run([NODE, str(ROOT / "tests/js_harness.js")], capture_output=True, text=True,
                            input=json.dumps(settings) + "\n" + json.dumps(request), check=True)
    return json.loads(result.stdout)


def test_the_bulletin_list_opens_on_the_newest():
    meetings = collections()["meetings"]
    assert meetings["sortable_fields"][0] == {"field": "date", "default_sort": "desc"}


@pytest.mark.parametrize("settings, backend, history", [
    ({"repo": "thanhhoa/cong", "base_url": "https://relay.example.org/"},
     {"name": "github", "repo": "thanhhoa/cong", "branch": "main", "base_url": "https://relay.example.org"},
     "https://github.com/thanhhoa/cong/commits/main/docs/x.md"),
    ({"backend": "gitlab", "repo": "thanhhoa/cong", "app_id": "abc"},
     {"name": "gitlab", "repo": "thanhhoa/cong", "branch": "main", "app_id": "abc", "auth_type": "pkce",
      "base_url": "https://gitlab.com", "api_root": "https://gitlab.com/api/v4", "auth_endpoint": "oauth/authorize"},
     "https://gitlab.com/thanhhoa/cong/-/commits/main/docs/x.md"),
    ({"backend": "gitlab", "repo": "nhom/cong", "app_id": "abc", "base_url": "https://gitlab.thanhhoa.vn", "branch": "xuat-ban"},
     {"name": "gitlab", "repo": "nhom/cong", "branch": "xuat-ban", "app_id": "abc", "auth_type": "pkce",
      "base_url": "https://gitlab.thanhhoa.vn", "api_root": "https://gitlab.thanhhoa.vn/api/v4",
      "auth_endpoint": "oauth/authorize"},
     "https://gitlab.thanhhoa.vn/nhom/cong/-/commits/xuat-ban/docs/x.md"),
    ({"backend": "gitea", "repo": "thanhhoa/cong", "app_id": "id", "base_url": "https://git.thanhhoa.vn"},
     {"name": "gitea", "repo": "thanhhoa/cong", "branch": "main", "app_id": "id", "base_url": "https://git.thanhhoa.vn",
      "api_root": "https://git.thanhhoa.vn/api/v1", "auth_endpoint": "https://git.thanhhoa.vn/login/oauth/authorize"},
     "https://git.thanhhoa.vn/thanhhoa/cong/commits/branch/main/docs/x.md"),
    ({"backend": "forgejo", "repo": "thanhhoa/cong", "app_id": "id", "base_url": "https://git.thanhhoa.vn"},
     {"name": "forgejo", "repo": "thanhhoa/cong", "branch": "main", "app_id": "id", "base_url": "https://git.thanhhoa.vn",
      "api_root": "https://git.thanhhoa.vn/api/v1"},
     "https://git.thanhhoa.vn/thanhhoa/cong/commits/branch/main/docs/x.md"),
])
def test_each_sign_in_is_generated_with_the_keys_decaps_documentation_gives(settings, backend, history):
    from portal.editor.cms import history_url, production_backend
    made = editor_settings({name: {} for name in S.REGISTRY_ENTRIES}, [], settings)
    assert {k: v for k, v in made["config"]["backend"].items() if k != "commit_messages"} == backend
    assert production_backend(settings) == backend
    assert made["config"]["backend"]["commit_messages"]["update"].startswith("Sửa ")
    assert history_url(backend).replace("{path}", "docs/x.md") == history
    assert made["historyUrl"] == history_url(backend)


@pytest.mark.parametrize("settings, message", [
    ({"backend": "svn", "repo": "a/b"}, 'extra.portal.editor.backend: "svn" không dùng được; chọn một trong: github, '
                                        "gitlab, gitea, forgejo"),
    ({"backend": "gitlab", "repo": "a/b"}, "extra.portal.editor.app_id: cần điền cho backend \"gitlab\""),
    ({"repo": "a/b"}, "extra.portal.editor.base_url: cần điền cho backend \"github\""),
    ({"repo": "OWNER/REPOSITORY", "base_url": "https://x.org"}, "extra.portal.editor.repo: \"OWNER/REPOSITORY\""),
    ({"repo": "a b", "base_url": "https://x.org"}, "extra.portal.editor.repo: \"a b\" không phải tên kho"),
    ({"repo": "a/b", "base_url": "http://x.org"}, "extra.portal.editor.base_url: \"http://x.org\" phải là"),
    ({"repo": "a/b", "base_url": "https://x.org", "app_id": "1"}, "extra.portal.editor.app_id: không dùng với"),
    ("github", "extra.portal.editor: phải là một khối"),
])
def test_a_wrong_sign_in_setting_says_what_to_write(settings, message):
    from portal.editor.cms import EditorSettingsError, production_backend
    with pytest.raises(EditorSettingsError) as caught:
        production_backend(settings)
    assert str(caught.value).startswith("mkdocs.yml: ") and message in str(caught.value)


def test_the_local_editor_has_no_host_history_and_a_year_only_date_sorts_as_text():
    assert editor_settings({name: {} for name in S.REGISTRY_ENTRIES}, [])["historyUrl"] is None
    read = run_js({"formats": [["portal-md", "fromFile", '---\ntitle: "T"\ndate: 2018\n---\n\nA\n']]})["formats"][0]
    assert read["date"] == "2018"


@pytest.mark.slow
def test_a_build_with_a_wrong_sign_in_setting_stops_with_the_line_to_fix(tmp_path):
    from tests.conftest import build, make_project
    repo = make_project(tmp_path / "repo")
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    marker = "  portal:\n"
    assert marker in config
    (repo / "mkdocs.yml").write_text(config.replace(marker, marker + "    editor:\n      backend: gitlab\n"
                                                    "      repo: thanhhoa/cong\n", 1), encoding="utf-8")
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    (repo / "editor").symlink_to(ROOT / "editor")
    result = build(repo, tmp_path / "site")
    assert result.returncode != 0
    assert "mkdocs.yml: extra.portal.editor.app_id: cần điền cho backend \"gitlab\"" in result.stderr
    assert "Traceback" not in result.stderr
