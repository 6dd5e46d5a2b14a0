"""Mistakes caught where they are made (issue 22): Vietnamese typed without tone marks in a name or a
role is a warning offering the registry's spelling (check.py and the editor's check alike), and the
editor refuses a NEW person whose name folds equal to an existing person's, naming the key to use."""

from __future__ import annotations

import subprocess
import sys

import pytest

from portal.content.consistency import unmarked_vietnamese
from portal.content.loader import load_site
from portal.editor.cms_check import check_entry
from tests.conftest import ROOT

BULLETIN = """
---
title: "Hội nghị thử"
date: 2021-03-05
kind: giao-ban
chairs:
  - person: le-anh-xuan
    role: "{role}"
---

Nội dung.
"""
PATH = "meetings/2021/2021-03-05-hoi-nghi-thu.md"


@pytest.mark.parametrize("text, name, unmarked", [
    ("Nguyen Van Binh", True, True), ("Tran Van Nam", True, True), ("Pham Thi Lan", True, True),
    ("Le Anh Xuan", True, True),
    ("chu tich", False, True), ("Chu tich UBND thanh pho", False, True), ("pho chu tich", False, True),
    ("Giam doc So Xay dung", False, True), ("truong phong", False, True), ("Uy vien", False, True),
    # rightly written without any mark, or not Vietnamese: nothing to say
    ("Mai Quang Hoa", True, False), ("Lan Anh", True, False),
    ("Chủ tịch", False, False), ("Nguyễn Văn Bình", True, False), ("UBND", False, False), ("HĐND", False, False),
    ("John Smith", True, False), ("Robert Brown", True, False), ("", False, False), ("123", False, False),
    ("Tỉnh ủy viên", False, False),
])
def test_vietnamese_without_any_tone_mark(text, name, unmarked):
    assert unmarked_vietnamese(text, name=name) is unmarked


def test_a_title_the_registries_write_with_marks_is_told_by_its_words():
    spelling = {" bi thu": "bí thư", " dan van": "dân vận", "bi thu thanh uy": "Bí thư Thành ủy"}
    assert unmarked_vietnamese("bi thu Thanh uy", spelling=spelling)
    assert unmarked_vietnamese("Ban Dan van", spelling=spelling)
    assert not unmarked_vietnamese("Ban Dan van", spelling={})  # every word is right bare: nothing known
    assert not unmarked_vietnamese("Mai Quang Hoa", name=True, spelling=spelling)


def warnings_of(project, extra):
    _, report = load_site(project(extra) / "docs")
    assert report.errors == [], [p.format() for p in report.errors]
    return [p.format() for p in report.warnings]


def test_a_chair_role_without_tone_marks_is_a_warning_offering_the_registrys_spelling(project):
    warnings = warnings_of(project, {PATH: BULLETIN.format(role="chu tich UBND thanh pho")})
    assert warnings == [f"docs/{PATH}:7: chairs[1].role: cảnh báo: chức vụ \"chu tich UBND thanh pho\" không có dấu "
                        "thanh nào: danh mục viết \"Chủ tịch UBND thành phố\", hãy viết như vậy"]
    # with marks, or an abbreviation alone: nothing to say
    assert warnings_of(project, {PATH: BULLETIN.format(role="Chủ tịch UBND thành phố")}) == []
    assert warnings_of(project, {PATH: BULLETIN.format(role="UBND")}) == []


def test_a_role_the_registry_does_not_know_asks_whether_marks_are_missing(project):
    warnings = warnings_of(project, {PATH: BULLETIN.format(role="Pho chu tich HDND")})
    assert len(warnings) == 1 and "chairs[1].role" in warnings[0], warnings
    assert warnings[0].endswith("gõ thiếu dấu? Có phải \"Phó chủ tịch HDND\"?")


def test_a_person_and_a_position_without_tone_marks_are_warnings(project):
    warnings = warnings_of(project, {"data/people/tran-van-nam.yml": (
        'name: "Tran Van Nam"\npositions:\n  - title: "bi thu Thanh uy"\n    organization: thanh-uy\n')})
    assert warnings == [
        "docs/data/people/tran-van-nam.yml:1: name: cảnh báo: \"Tran Van Nam\" không có dấu thanh nào: gõ thiếu dấu? "
        "Viết họ tên đủ dấu như bản tin (ví dụ \"Lê Anh Xuân\", không phải \"Le Anh Xuan\")",
        "docs/data/people/tran-van-nam.yml:3: positions[1].title: cảnh báo: chức vụ \"bi thu Thanh uy\" không có dấu "
        "thanh nào: danh mục viết \"Bí thư Thành ủy\", hãy viết như vậy"]


def test_a_warning_never_blocks_publishing(project):
    root = project({PATH: BULLETIN.format(role="chu tich")})
    result = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(root / "docs")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "chairs[1].role: cảnh báo: chức vụ \"chu tich\"" in result.stdout
    assert "gõ thiếu dấu? Có phải \"Chủ tịch\"?" in result.stdout
    assert "0 lỗi, 1 cảnh báo" in result.stderr


@pytest.mark.parametrize("name", ["Lê Anh Xuân", "le anh  xuân", "LÊ ANH XUAN"])
def test_the_editor_refuses_a_new_person_who_is_already_there(project, name):
    root = project()
    result = check_entry(root / "docs", "docs/data/people/le-anh-xuan-2.yml", f'name: "{name}"\n', is_new=True)
    assert len(result["errors"]) == 1, result
    assert result["errors"][0].startswith("docs/data/people/le-anh-xuan-2.yml:1: name: ")
    assert 'mã "le-anh-xuan"' in result["errors"][0]


def test_editing_an_existing_person_or_adding_another_is_not_refused(project):
    root = project()
    same = check_entry(root / "docs", "docs/data/people/le-anh-xuan.yml",
                       (root / "docs/data/people/le-anh-xuan.yml").read_text(encoding="utf-8"), is_new=False)
    assert same["errors"] == [] and same["warnings"] == []
    other = check_entry(root / "docs", "docs/data/people/le-van-ba.yml", 'name: "Lê Văn Ba"\n', is_new=True)
    assert other["errors"] == [] and other["warnings"] == []
