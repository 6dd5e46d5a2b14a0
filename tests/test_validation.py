"""Each error of the content contract, caught with a message that names file, line and field."""

from __future__ import annotations

import unicodedata

import pytest

from portal.content.loader import load_site

GOOD = """
---
title: "Hội nghị thử"
date: 2021-03-05
kind: giao-ban
chairs:
  - person: le-anh-xuan
    role: "Chủ tịch UBND thành phố"
organizations: [ubnd-tp, ub-mttq-tp]
commitments:
  - id: viec-thu-2021
    text: "Làm một việc thử."
    owners: [ubnd-tp]
    due: 2021-06
reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: in-progress
    note: "Đã lắp 40 camera."
---

Nội dung.
"""
PATH = "meetings/2021/2021-03-05-hoi-nghi-thu.md"
REL = "docs/" + PATH


def problems(project, extra, drop=()):
    root = project(extra, drop=drop)
    site, report = load_site(root / "docs")
    return site, [p.format() for p in report.errors], [p.format() for p in report.warnings]


def only_error(project, text, path=PATH):
    _, errors, _ = problems(project, {path: text})
    assert len(errors) == 1, errors
    return errors[0]


def test_repository_content_is_clean(project):
    site, errors, warnings = problems(project, {})
    assert errors == [] and warnings == []
    assert len(site.meetings) == 2


def test_a_good_new_bulletin_is_clean(project):
    site, errors, warnings = problems(project, {PATH: GOOD})
    assert errors == [] and warnings == []
    assert len(site.meetings) == 3


def test_missing_required_field(project):
    line = only_error(project, GOOD.replace("kind: giao-ban\n", ""))
    assert line.startswith(f"{REL}:2: kind: thiếu trường bắt buộc \"kind\"")
    assert "docs/data/meeting-kinds/" in line  # the folder staff open: one file per entry


def test_missing_required_field_in_commitment(project):
    line = only_error(project, GOOD.replace("    owners: [ubnd-tp]\n", ""))
    assert line.startswith(f"{REL}:10: commitments[1].owners: thiếu trường bắt buộc \"owners\"")


def test_unknown_field_with_nearest(project):
    line = only_error(project, GOOD.replace("kind: giao-ban", "kind: giao-ban\norganisations: [ubnd-tp]"))
    assert line.startswith(f"{REL}:5: organisations: trường \"organisations\" không có trong định dạng.")
    assert "Có phải ý bạn là \"organizations\"?" in line
    assert "Các trường hợp lệ: title, date" in line


def test_mkdocs_page_keys_are_allowed(project):
    _, errors, _ = problems(project, {PATH: GOOD.replace("kind: giao-ban", "kind: giao-ban\ndescription: x\nhide: [toc]")})
    assert errors == []


def test_wrong_type(project):
    line = only_error(project, GOOD.replace("organizations: [ubnd-tp, ub-mttq-tp]", "organizations: ubnd-tp"))
    assert line == (f"{REL}:8: organizations: giá trị \"ubnd-tp\" không đúng kiểu: cần danh sách "
                    "(mỗi mục một dòng bắt đầu bằng \"- \" hoặc [a, b])")


@pytest.mark.parametrize("blank", ['""', '"   "', '"\\u00a0\\t "'])
@pytest.mark.parametrize("where, line, field, what", [
    ('title: "Hội nghị thử"', 2, "title", "tiêu đề bản tin"),
    ('text: "Làm một việc thử."', 11, "commitments[1].text", None),
])
def test_a_required_text_of_only_spaces_is_as_empty_as_none(project, blank, where, line, field, what):
    """A title (a commitment's text) of spaces, no-break spaces or tabs would publish an
    empty heading: an error naming the field, like an empty one."""
    key = where.split(":")[0]
    found = only_error(project, GOOD.replace(where, f"{key}: {blank}"))
    assert found.startswith(f"{REL}:{line}: {field}: không được để trống"), found
    if what:
        assert found.endswith(f"cần {what}"), found
    if blank != '""':
        assert "(chỉ có dấu cách)" in found


def test_date_that_does_not_parse(project):
    line = only_error(project, GOOD.replace("date: 2021-03-05", "date: 2021-02-30"))
    assert line.startswith(f"{REL}:3: date: giá trị \"2021-02-30\" không hợp lệ: ngày phải có dạng YYYY-MM-DD")


def test_due_date_that_does_not_parse(project):
    line = only_error(project, GOOD.replace("due: 2021-06", "due: 30/6/2021"))
    assert line.startswith(f"{REL}:13: commitments[1].due: giá trị \"30/6/2021\" không hợp lệ")


def test_time_must_be_hh_mm_and_unquoted_time_is_understood(project):
    line = only_error(project, GOOD.replace("kind: giao-ban", "kind: giao-ban\ntime: \"14h\""))
    assert line.startswith(f"{REL}:5: time: giá trị \"14h\" không hợp lệ: giờ phải có dạng HH:MM")
    site, errors, _ = problems(project, {PATH: GOOD.replace("kind: giao-ban", "kind: giao-ban\ntime: 14:00")})
    assert errors == [] and site.meetings[-1].time == "14:00"


def test_key_not_in_registry_with_nearest(project):
    line = only_error(project, GOOD.replace("[ubnd-tp, ub-mttq-tp]", "[ubnd-tp, ub-mttq]"))
    assert line.startswith(f"{REL}:8: organizations[2]: \"ub-mttq\" không có trong danh mục cơ quan, tổ chức "
                           "(docs/data/organizations/). Có phải ý bạn là \"ub-mttq-tp\"?")


def test_person_not_in_registry(project):
    line = only_error(project, GOOD.replace("person: le-anh-xuan", "person: le-anh-xuann"))
    assert line.startswith(f"{REL}:6: chairs[1].person: \"le-anh-xuann\" không có trong danh mục nhân sự")
    assert "Có phải ý bạn là \"le-anh-xuan\"?" in line


def test_bad_status_with_nearest(project):
    line = only_error(project, GOOD.replace("status: in-progress", "status: inprogress"))
    assert line.startswith(f"{REL}:16: reviews[1].status: giá trị \"inprogress\" không hợp lệ. "
                           "Có phải ý bạn là \"in-progress\"?")
    assert "done (Hoàn thành)" in line


def test_commitment_id_used_twice(project):
    text = GOOD.replace("id: viec-thu-2021", "id: camera-cong-cong-ba-phuong-2020").replace(
        "reviews:\n  - commitment: camera-cong-cong-ba-phuong-2020\n    status: in-progress\n"
        "    note: \"Đã lắp 40 camera.\"\n", "")
    line = only_error(project, text)
    assert line.startswith(f"{REL}:10: commitments[1].id: mã cam kết \"camera-cong-cong-ba-phuong-2020\" đã được "
                           "dùng ở docs/meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md:")


def test_review_of_unknown_commitment(project):
    line = only_error(project, GOOD.replace("commitment: camera-cong-cong-ba-phuong-2020",
                                            "commitment: camera-cong-cong-ba-phuong"))
    assert line.startswith(f"{REL}:15: reviews[1].commitment: không có cam kết nào mang mã "
                           "\"camera-cong-cong-ba-phuong\". Có phải ý bạn là \"camera-cong-cong-ba-phuong-2020\"?")


def test_review_dated_before_the_meeting_that_made_it(project):
    text = GOOD.replace("2021-03-05", "2019-03-05").replace("id: viec-thu-2021", "id: viec-thu-2019")
    line = only_error(project, text, "meetings/2019/2019-03-05-hoi-nghi-thu.md")
    assert line.startswith("docs/meetings/2019/2019-03-05-hoi-nghi-thu.md:15: reviews[1].commitment: "
                           "hội nghị này (05/03/2019) diễn ra trước hội nghị đưa ra cam kết "
                           "\"camera-cong-cong-ba-phuong-2020\" (12/02/2020")


ENTRY = "name: \"Phường mới\"\nparent: ubnd-tp-x\nsuccessor: khong-co\n"


@pytest.mark.parametrize("form", ["one file per entry", "one mapping per registry"])
def test_registry_parent_and_successor_unknown(project, form):
    # The editor writes docs/data/<registry>/<key>.yml; the contract's one-mapping file still works beside it.
    root = project({})
    if form == "one file per entry":
        rel, prefix = "docs/data/organizations/phuong-moi.yml", ""
        text = ENTRY
    else:
        rel, prefix = "docs/data/organizations.yml", "phuong-moi."
        text = "phuong-moi:\n" + "".join("  " + line + "\n" for line in ENTRY.splitlines())
    (root / rel).write_text(text, encoding="utf-8")
    site, report = load_site(root / "docs")
    lines = [p.format() for p in report.errors]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{rel}:") and f": {prefix}parent: \"ubnd-tp-x\" không có" in lines[0]
    assert "Có phải ý bạn là \"ubnd-tp\"?" in lines[0]
    assert f": {prefix}successor: \"khong-co\" không có trong danh mục cơ quan" in lines[1]
    assert site.registries.organizations["phuong-moi"].name == "Phường mới"
    assert "ub-mttq-tp" in site.registries.organizations


def test_registry_key_written_twice_is_an_error_not_a_silent_overwrite(project):
    root = project({})
    path = root / "docs/data/topics.yml"
    path.write_text("moi:\n  name: \"Mới\"\nmoi:\n  name: \"Mới lần hai\"\n", encoding="utf-8")
    _, report = load_site(root / "docs")
    [line] = [p.format() for p in report.errors]
    assert "moi: trường hoặc mã \"moi\" bị khai báo hai lần (lần đầu ở dòng" in line


def test_registry_key_in_the_file_and_the_folder_is_an_error(project):
    root = project({})
    (root / "docs/data/topics.yml").write_text("giai-phong-mat-bang:\n  name: \"GPMB lần hai\"\n", encoding="utf-8")
    _, report = load_site(root / "docs")
    [line] = [p.format() for p in report.errors]
    assert line == ("docs/data/topics/giai-phong-mat-bang.yml:1: (mã): mã \"giai-phong-mat-bang\" đã có ở "
                    "docs/data/topics.yml:1; mỗi mã chỉ khai báo một lần")


@pytest.mark.parametrize("name, text, expected", [
    ("Le Anh.yml", "name: x\n", "(tên tệp): mỗi mục của danh mục nhân sự là một tệp docs/data/people/<mã>.yml"),
    ("moi.yaml", "name: x\n", "(tên tệp): mỗi mục của danh mục nhân sự là một tệp"),
    ("moi.yml", "- x\n", "(toàn bộ): tệp phải là một ánh xạ"),
    ("moi.yml", "", "name: thiếu trường bắt buộc \"name\""),
])
def test_registry_entry_file_mistakes(project, name, text, expected):
    root = project({})
    (root / "docs/data/people" / name).write_text(text, encoding="utf-8")
    _, report = load_site(root / "docs")
    [line] = [p.format() for p in report.errors]
    assert line.startswith(f"docs/data/people/{name}:") and expected in line, line


def test_yaml_that_does_not_parse(project):
    line = only_error(project, GOOD.replace('title: "Hội nghị thử"', 'title: "Hội nghị thử'))
    assert line.startswith(f"{REL}:")
    assert ": (YAML): YAML không đọc được:" in line


def test_colon_in_unquoted_value_is_explained(project):
    line = only_error(project, GOOD.replace('title: "Hội nghị thử"', "title: Hội nghị: thử"))
    assert line.startswith(f"{REL}:2: (YAML): YAML không đọc được: có dấu hai chấm")


def test_front_matter_not_a_mapping(project):
    line = only_error(project, "---\n- title\n- date\n---\nText\n")
    assert line == f"{REL}:2: (phần đầu): phần đầu phải là một ánh xạ gồm các dòng \"trường: giá trị\", " \
                   "nhưng đang là danh sách"


def test_missing_front_matter_is_reported_not_dropped(project):
    line = only_error(project, "Chỉ có nội dung, quên phần đầu.\n")
    assert line.startswith(f"{REL}:1: (phần đầu): bản tin thiếu phần đầu YAML")


def test_wrong_extension_is_reported_not_dropped(project):
    _, errors, _ = problems(project, {"meetings/2021/2021-03-05-hoi-nghi-thu.txt": GOOD,
                                      "meetings/2021/2021-03-06-hoi-nghi.MD": GOOD})
    assert len(errors) == 2 and all("sẽ không được đăng" in e for e in errors)


def test_file_name_must_be_ascii(project):
    _, errors, _ = problems(project, {"meetings/2021/Hội nghị thử.md": GOOD})
    assert len(errors) == 1
    assert "tên tệp phải có dạng YYYY-MM-DD-ten-khong-dau.md" in errors[0]
    assert "docs/meetings/2021/2021-03-05-hoi-nghi-thu.md" in errors[0]


WARD_UBND = """
name: "Ủy ban nhân dân phường Hạc Thành"
short: "UBND phường Hạc Thành"
kind: chinh-quyen
valid_from: 2025-07-01
"""
CITY_UBND = """
name: "Ủy ban nhân dân thành phố Thanh Hóa"
short: "UBND thành phố"
kind: chinh-quyen
valid_until: 2025-06-30
successors: [ubnd-phuong-hac-thanh]
"""
CITY_MTTQ = """
name: "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Thanh Hóa"
short: "UB MTTQ thành phố"
kind: mat-tran
valid_until: 2025-06-30
"""


def test_a_body_named_after_it_ended_is_an_error_naming_its_successors(project):
    """The contract: a meeting after a body's valid_until that names it as participant, owner or partner
    is an error whose message names the successors (or says none is recorded)."""
    text = GOOD.replace("2021-03-05", "2025-09-01").replace("viec-thu-2021", "viec-thu-2025") \
        .replace("due: 2021-06", "due: 2025-12\n    partners: [ub-mttq-tp]")
    site, errors, warnings = problems(project, {"meetings/2025/2025-09-01-hoi-nghi-thu.md": text,
                                                "data/organizations/ubnd-phuong-hac-thanh.yml": WARD_UBND,
                                                "data/organizations/ubnd-tp.yml": CITY_UBND,
                                                "data/organizations/ub-mttq-tp.yml": CITY_MTTQ})
    rel = "docs/meetings/2025/2025-09-01-hoi-nghi-thu.md"
    ended = "kết thúc hoạt động ngày 30/06/2025, nhưng hội nghị diễn ra 01/09/2025"
    successor = "; đơn vị kế thừa: \"ubnd-phuong-hac-thanh\" (UBND phường Hạc Thành)"
    none = "; danh mục chưa ghi đơn vị kế thừa (successors)"
    assert sorted(errors) == sorted([
        f"{rel}:12: commitments[1].owners[1]: UBND thành phố (\"ubnd-tp\") {ended}: không thể ghi là cơ quan chủ trì{successor}",
        f"{rel}:14: commitments[1].partners[1]: UB MTTQ thành phố (\"ub-mttq-tp\") {ended}: không thể ghi là cơ quan "
        f"phối hợp{none}",
        f"{rel}:8: organizations[1]: UBND thành phố (\"ubnd-tp\") {ended}: không thể ghi là cơ quan tham dự{successor}",
        f"{rel}:8: organizations[2]: UB MTTQ thành phố (\"ub-mttq-tp\") {ended}: không thể ghi là cơ quan tham dự{none}",
    ])
    assert warnings == []


def test_a_body_named_before_it_began_and_a_hand_over_to_it_are_errors(project):
    early = GOOD.replace("organizations: [ubnd-tp, ub-mttq-tp]", "organizations: [ubnd-phuong-hac-thanh]") \
        .replace("    note: \"Đã lắp 40 camera.\"", "    owners: [ubnd-phuong-hac-thanh]")
    _, errors, _ = problems(project, {PATH: early, "data/organizations/ubnd-phuong-hac-thanh.yml": WARD_UBND})
    begun = "UBND phường Hạc Thành (\"ubnd-phuong-hac-thanh\") bắt đầu hoạt động từ ngày 01/07/2025, nhưng hội nghị " \
            "diễn ra 05/03/2021: không thể ghi là cơ quan"
    assert errors == [f"{REL}:8: organizations[1]: {begun} tham dự",
                      f"{REL}:17: reviews[1].owners[1]: {begun} nhận bàn giao"]


def test_a_due_date_before_its_meeting_is_an_error(project):
    line = only_error(project, GOOD.replace("due: 2021-06", "due: 2020-12-31"))
    assert line == (f"{REL}:13: commitments[1].due: hạn 31/12/2020 trước ngày họp 05/03/2021: hạn hoàn thành không "
                    "được trước hội nghị đưa ra cam kết (kiểm tra năm; hạn chỉ có tháng hoặc năm là hết tháng, năm đó)")
    # a due month or year is its end: March 2021 and 2021 are not before 5 March 2021
    for due in ("2021-03", "2021", "2021-03-05"):
        assert problems(project, {PATH: GOOD.replace("due: 2021-06", f"due: {due}")})[1] == [], due


def test_a_person_typed_without_tone_marks_is_an_error_and_a_namesake_a_warning(project):
    # beside the registry's le-anh-xuan ("Lê Anh Xuân"), the first made: the right spelling
    _, errors, warnings = problems(project, {"data/people/le-anh-xuan-1.yml": 'name: "Le Anh Xuan"\n',
                                             "data/people/le-anh-xuan-2.yml": 'name: "Lê Anh Xuân"\n',
                                             "data/people/le-anh-xuan-3.yml": 'name: "Lê Ánh  Xuân"\n'})
    assert errors == [
        'docs/data/people/le-anh-xuan-1.yml:1: name: "Le Anh Xuan" là "Lê Anh Xuân" (mã "le-anh-xuan") gõ thiếu hoặc '
        'sai dấu: dùng mã "le-anh-xuan" và xóa mục này; nếu là hai người khác nhau, viết tên đầy đủ dấu cho đúng',
        'docs/data/people/le-anh-xuan-3.yml:1: name: "Lê Ánh  Xuân" là "Lê Anh Xuân" (mã "le-anh-xuan") gõ thiếu hoặc '
        'sai dấu: dùng mã "le-anh-xuan" và xóa mục này; nếu là hai người khác nhau, viết tên đầy đủ dấu cho đúng']
    assert warnings == ['docs/data/people/le-anh-xuan-2.yml:1: name: cảnh báo: "Lê Anh Xuân" trùng tên với người có '
                        'mã "le-anh-xuan"; nếu là cùng một người, hãy dùng mã đó và xóa mục này']


LOCALITY = """
name: "{name}"
level: phuong
{extra}
"""


def test_localities_that_are_their_own_ancestor_or_successor_are_errors(project):
    _, errors, _ = problems(project, {
        "data/localities/phuong-a.yml": LOCALITY.format(name="Phường A", extra="parent: phuong-b\nformed_from: [phuong-c]"),
        "data/localities/phuong-b.yml": LOCALITY.format(name="Phường B", extra="parent: phuong-a"),
        "data/localities/phuong-c.yml": LOCALITY.format(name="Phường C", extra="formed_from: [{locality: phuong-a, part: true}]"),
        "data/localities/phuong-d.yml": LOCALITY.format(name="Phường D", extra="formed_from: [phuong-x]"),
    })
    assert sorted(errors) == sorted([
        "docs/data/localities/phuong-a.yml:3: parent: đơn vị là cấp trên của chính nó: phuong-a → phuong-b → phuong-a",
        "docs/data/localities/phuong-a.yml:4: formed_from: đơn vị được hình thành từ chính nó (kế thừa thành vòng): "
        "phuong-a ← phuong-c ← phuong-a",
        "docs/data/localities/phuong-b.yml:3: parent: đơn vị là cấp trên của chính nó: phuong-b → phuong-a → phuong-b",
        "docs/data/localities/phuong-c.yml:3: formed_from: đơn vị được hình thành từ chính nó (kế thừa thành vòng): "
        "phuong-c ← phuong-a ← phuong-c",
    ] + [e for e in errors if "phuong-d" in e])
    [unknown] = [e for e in errors if "phuong-d" in e]
    assert unknown.startswith('docs/data/localities/phuong-d.yml:3: formed_from[1]: "phuong-x" không có trong danh mục')


def test_successor_and_successors_together_and_a_successor_loop_are_errors(project):
    _, errors, _ = problems(project, {
        "data/organizations/ubnd-tp.yml": CITY_UBND + "successor: ub-mttq-tp\n",
        "data/organizations/ubnd-phuong-hac-thanh.yml": WARD_UBND + "successors: [ubnd-tp]\n",
    })
    assert sorted(errors) == sorted([
        "docs/data/organizations/ubnd-phuong-hac-thanh.yml:5: successors: các cơ quan kế thừa lẫn nhau thành vòng: "
        "ubnd-phuong-hac-thanh → ubnd-tp → ubnd-phuong-hac-thanh",
        "docs/data/organizations/ubnd-tp.yml:6: successor: có cả successor và successors: chỉ dùng successors "
        "(danh sách), ví dụ successors: [ma-mot, ma-hai]",
        "docs/data/organizations/ubnd-tp.yml:5: successors: các cơ quan kế thừa lẫn nhau thành vòng: "
        "ubnd-tp → ubnd-phuong-hac-thanh → ubnd-tp",
    ])


def test_all_errors_reported_in_one_run(project):
    bad = GOOD.replace("kind: giao-ban", "kind: giao-banh").replace("date: 2021-03-05", "date: 2021-3-5") \
        .replace("[ubnd-tp, ub-mttq-tp]", "[ubnd]").replace("status: in-progress", "status: xong")
    _, errors, _ = problems(project, {PATH: bad, "meetings/2021/2021-04-01-hai.md": "---\n[1, 2]\n---\n"})
    fields = [e.split(": ")[1] for e in errors]
    assert fields == ["date", "kind", "organizations[1]", "reviews[1].status", "(phần đầu)"], errors


@pytest.mark.parametrize("encode", [
    lambda t: ("\ufeff" + t).encode("utf-8"),
    lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
], ids=["bom", "crlf", "nfd"])
def test_bom_crlf_and_nfd_are_accepted_and_normalised(project, encode):
    root = project({})
    path = root / "docs" / PATH
    path.parent.mkdir(parents=True)
    path.write_bytes(encode(GOOD.lstrip("\n")))
    site, report = load_site(root / "docs")
    assert report.errors == []
    meeting = next(m for m in site.meetings if m.src_uri == PATH)
    assert meeting.title == "Hội nghị thử" and unicodedata.is_normalized("NFC", meeting.body)
    assert meeting.commitments[0].text == "Làm một việc thử."


def test_file_that_is_not_utf8_is_reported(project):
    root = project({})
    path = root / "docs" / PATH
    path.parent.mkdir(parents=True)
    path.write_bytes(GOOD.encode("utf-16"))
    _, report = load_site(root / "docs")
    [problem] = report.errors
    assert problem.path == REL and "không phải UTF-8" in problem.message


def test_unsafe_yaml_tags_are_refused(project):
    line = only_error(project, GOOD.replace('title: "Hội nghị thử"', "title: !!python/object/apply:os.system [ls]"))
    assert line == (f"{REL}:2: (YAML): YAML không đọc được: thẻ YAML \"tag:yaml.org,2002:python/object/apply:os.system\" "
                    "không được phép")


def test_status_typed_as_its_label_suggests_the_key(project):
    line = only_error(project, GOOD.replace("status: in-progress", "status: Hoàn thành"))
    assert "giá trị \"Hoàn thành\" không hợp lệ. Có phải ý bạn là \"done\"?" in line


def test_front_matter_without_closing_line(project):
    line = only_error(project, GOOD.lstrip("\n").replace("---\n\nNội dung.", "\nNội dung."))
    assert line == (f"{REL}:1: (phần đầu): phần đầu mở bằng \"---\" nhưng không có dòng \"---\" đóng lại: "
                    "thêm một dòng chỉ có \"---\" sau trường cuối cùng, trước nội dung bài")


def test_a_yaml_error_in_vietnamese_with_the_files_other_errors(project):
    """A front matter that does not parse still has its readable fields checked: every error at once,
    the parser's English never shown, a day-first date answered with the ISO form."""
    text = GOOD.replace('title: "Hội nghị thử"', 'title: "Hội nghị: thử').replace("date: 2021-03-05", "date: 5/3/2021") \
        .replace("kind: giao-ban", "kind: giao-banh")
    _, errors, _ = problems(project, {PATH: text})
    assert errors[0] == f"{REL}:2: (YAML): YAML không đọc được: chuỗi mở ngoặc kép nhưng chưa đóng: thêm dấu \" ở cuối giá trị"
    assert errors[1] == (f"{REL}:3: date: giá trị \"5/3/2021\" không hợp lệ: ngày phải có dạng YYYY-MM-DD, YYYY-MM hoặc "
                         "YYYY (ví dụ 2020-02-12), năm từ 1945 đến 2100. Có phải ý bạn là 2021-03-05 (ngày viết trước tháng)?")
    assert errors[2].startswith(f"{REL}:4: kind: \"giao-banh\" không có trong danh mục loại hội nghị") and \
        'Có phải ý bạn là "giao-ban"?' in errors[2]
    assert len(errors) == 3  # no field is called missing: title could not be read
    assert all(line.isascii() is False for line in errors)


@pytest.mark.parametrize("front, message", [
    ("title: [x\n", "danh sách trong ngoặc vuông thiếu dấu phẩy giữa các mục hoặc thiếu dấu ] đóng"),
    ("title: x\n\tdate: 2021\n", "không dùng phím Tab để thụt lề: hãy dùng dấu cách"),
    ("title: @x\n", "giá trị bắt đầu bằng một ký tự đặc biệt (@, `, %…): hãy đặt cả giá trị trong ngoặc kép"),
    ("title: \"a \\q\"\n", "dấu \\ trong ngoặc kép: viết hai dấu \\\\ hoặc bỏ dấu \\"),
])
def test_yaml_problems_are_said_in_vietnamese(project, front, message):
    errors = problems(project, {PATH: "---\n" + front + "---\nx\n"})[1]
    yaml_errors = [e for e in errors if "(YAML)" in e]
    assert yaml_errors and message in yaml_errors[0], errors
    assert not any(word in " ".join(errors) for word in ("while", "found", "expected", "scanning"))
