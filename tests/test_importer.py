"""The article importer on the fragment table, as properties, and through its command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from portal.importer.import_dates import read_meeting_date, read_stamp
from portal.importer.import_people import find_people
from portal.importer.importer import clean_text, import_article, read_byline
from portal.content.loader import load_site
from portal.contract.text import fold, nfc
from portal.contract.validate import MARKER
from scripts.dev.importer_score import FIELDS, format_table, load_table, observe, score, table_registries

TABLE = load_table()
SEED = ROOT.parent / "shared" / "seeds" / "002_5f612c88389814d2.txt"


@pytest.fixture(scope="module")
def registries():
    """The content's registries plus the fixture's ward bodies (tests/fixtures/import_registry/)."""
    found, errors = table_registries(ROOT / "docs", load_site)
    assert errors == []
    return found


def test_the_table_is_large_and_covers_every_field():
    assert len(TABLE) >= 40
    ids = [f["id"] for f in TABLE]
    assert len(ids) == len(set(ids))
    covered = {name for f in TABLE for name in f["expect"]}
    assert covered == set(FIELDS)
    unsure = {name for f in TABLE for name, v in f["expect"].items() if v == "?"}
    assert {"title", "date", "published", "chairs", "organizations", "owners", "commitments"} <= unsure


@pytest.mark.parametrize("fragment", TABLE, ids=[f["id"] for f in TABLE])
def test_fragment(fragment, registries):
    """Every sure value right and unflagged, every unclear one flagged."""
    counts, rows = score(lambda text: import_article(text, registries, "fragment.txt"), [fragment])
    bad = [(field, grade, expected, got) for _, field, grade, expected, got in rows if grade not in ("right", "needed")]
    assert bad == []


def test_the_score_counts_silent_errors(registries):
    """The scorer itself: a wrong expectation is counted as silently wrong, a flag as flagged."""
    fragment = {"id": "x", "text": "Giao ban\n10:10 !! 13/02/2020\nChiều ngày 12/2/2020, UBND thành phố họp.",
                "expect": {"date": "2020-02-11", "published": "2020-02-13T10:10:00+07:00", "title": "?"}}
    counts, _ = score(lambda text: import_article(text, registries), [fragment])
    assert counts["date"]["wrong"] == 1 and counts["published"]["right"] == 1 and counts["title"]["wrong"] == 1
    assert "| date | 1 | 0 | 0 | 0 | 1 |" in format_table(counts)


def test_score_command_prints_the_table():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "dev" / "importer_score.py")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "| field | values | right |" in result.stdout and "| **all** |" in result.stdout


# --- stamps, dates, people, bylines: the families, beyond the table ------------------------

@pytest.mark.parametrize("line,expected", [
    ("Đăng lúc: 10:53:41 31/03/2021 (GMT+7)", "2021-03-31T10:53:41+07:00"),
    ("30/11/2022 - 10:32 PM", "2022-11-30T22:32:00+07:00"),
    ("(12:23 | 03/08/2017)", "2017-08-03T12:23:00+07:00"),
    ("Thứ Hai, ngày 26 tháng 8 năm 2019 - 14:58", "2019-08-26T14:58:00+07:00"),
    ("Đăng ngày 11 - 11 - 2023", "2023-11-11T00:00:00+07:00"),
    ("12:05 AM 01/01/2024", "2024-01-01T00:05:00+07:00"),
    ("Chủ nhật, 5/3/2023 20:10 GMT+07:00", "2023-03-05T20:10:00+07:00"),
    ("Mar 5, 2023 08:00", "2023-03-05T08:00:00+07:00"),
    ("Ngày cập nhật: 01 tháng Giêng, 2022", "2022-01-01T00:00:00+07:00"),
    ("T4, 10/05/2023 - 9h15", "2023-05-10T09:15:00+07:00"),
    ("12/10/2023 (GMT+07:00)", "2023-10-12T00:00:00+07:00"),
    ("2023-10-12T16:05:00+07:00", "2023-10-12T16:05:00+07:00"),
    ("12/10/2023 16:05 GMT+0700", "2023-10-12T16:05:00+07:00"),
    ("16 giờ 05 phút, ngày 12/10/2023", "2023-10-12T16:05:00+07:00"),
    ("Cập nhật lúc: 16:05, Thứ Năm, 12/10/2023", "2023-10-12T16:05:00+07:00"),
    ("[12/10/2023 16:05]", "2023-10-12T16:05:00+07:00"),
])
def test_stamp_family(line, expected):
    stamp = read_stamp(line)
    assert stamp is not None and stamp.sure and stamp.value.isoformat() == expected


@pytest.mark.parametrize("line", [
    "Ngày 13/02/2020, hội nghị diễn ra.", "Hội nghị giao ban tháng 3/2021", "Tập huấn ngày 12/3/2021 cho 120 hội viên",
    "Thu Hà", "Sáng 15-3, UBND thành phố họp.",
])
def test_lines_that_are_not_stamps(line):
    assert read_stamp(line) is None


@pytest.mark.parametrize("line,why", [
    ("31/03/21 10:53", "hai chữ số"), ("30/02/2021 10:00", "không hợp lệ"), ("13:30 PM 12/03/2021", "PM"),
    ("01/01/1890", "không hợp lý"), ("12/10/2023 16:05 (UTC)", "múi"), ("2023-10-12T09:05:00Z", "múi"),
])
def test_stamps_read_but_not_sure(line, why):
    stamp = read_stamp(line)
    assert stamp is not None and not stamp.sure and stamp.value is None and why in stamp.note


@pytest.mark.parametrize("paragraph,stamp,expected", [
    ("Sáng ngày 13/9/2018, UBND thành phố họp.", None, ("2018-09-13", "sang", None)),
    ("Vào lúc 14 giờ 00 ngày 10 tháng 02 năm 2023, hội nghị khai mạc.", None, ("2023-02-10", None, "14:00")),
    ("Chiều nay (12/2), UBND thành phố họp.", "13/02/2020 10:10", ("2020-02-12", "chieu", None)),
    ("Khoảng 2 giờ chiều ngày 5/5/2021, hội nghị bắt đầu.", None, ("2021-05-05", "chieu", "14:00")),
    ("Hội nghị được tổ chức vào ngày 7/7/2022 tại hội trường.", None, ("2022-07-07", None, None)),
])
def test_meeting_dates(paragraph, stamp, expected):
    found = read_meeting_date([paragraph], read_stamp(stamp).value if stamp else None)
    assert found.sure and (found.date.iso, found.session, found.time) == expected
    assert found.written in paragraph


@pytest.mark.parametrize("paragraph,why", [
    ("Theo Quyết định số 12/QĐ-UBND ngày 3/3/2021, các phường hoàn thành trước ngày 30/6/2021.", "bài không nêu"),
    ("Sáng 15/3, UBND thành phố họp.", "không rõ năm"),
    ("Các chỉ tiêu năm 2021 đạt 12/15, vượt kế hoạch.", "bài không nêu"),
    ("Đến nay đã hoàn thành 12/5 hạng mục của dự án.", "không nói đó là ngày họp"),
])
def test_meeting_dates_not_sure(paragraph, why):
    found = read_meeting_date([paragraph], None)
    assert found.date is None and not found.sure and why in found.note


def test_year_before_the_stamp_and_a_date_after_publication():
    stamp = read_stamp("08:00 05/01/2023").value
    assert read_meeting_date(["Tối 28/12, hội nghị tổng kết."], stamp).date.iso == "2022-12-28"
    later = read_meeting_date(["Sáng ngày 20/1/2023, hội nghị sẽ khai mạc."], stamp)
    assert later.date is None and "sau ngày đăng" in later.note


@pytest.mark.parametrize("sentence,expected", [
    ("đồng chí Lê Văn Hùng, Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Thành ủy chủ trì hội nghị.",
     [("Lê Văn Hùng", "Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Thành ủy", True)]),
    ("Chủ tịch UBND huyện Hoằng Hóa Lê Văn Cường chủ trì hội nghị.", [("Lê Văn Cường", "Chủ tịch UBND huyện Hoằng Hóa", True)]),
    ("Phó Chủ tịch UBND thành phố Sầm Sơn Nguyễn Hồng Sơn chủ trì.", [("Nguyễn Hồng Sơn", "Phó Chủ tịch UBND thành phố Sầm Sơn", True)]),
    ("Đ/c Trần Thị Mai – Phó Chủ tịch UB MTTQ thành phố phát biểu.", [("Trần Thị Mai", "Phó Chủ tịch UB MTTQ thành phố", True)]),
    ("Bà Lò Thị Xuân (Chủ tịch Hội LHPN thành phố) chủ trì.", [("Lò Thị Xuân", "Chủ tịch Hội LHPN thành phố", True)]),
    ("Chủ tịch UBND huyện Hà Trung Lê Văn Hùng chủ trì.", [("Lê Văn Hùng", "Chủ tịch UBND huyện Hà Trung", True)]),
    ("Đồng chí Lê Anh Xuân - TUV, Bí thư Thành ủy chủ trì hội nghị.", [("Lê Anh Xuân", "TUV, Bí thư Thành ủy", True)]),
    ("Thượng tá Lê Văn Dũng, Trưởng Công an thành phố chủ trì.", [("Lê Văn Dũng", "Trưởng Công an thành phố", True)]),
    ("đồng chí Nguyễn Văn A, Ủy viên Ban Thường vụ Thành ủy, Chủ tịch UBND thành phố chủ trì hội nghị",
     [("Nguyễn Văn A", "Ủy viên Ban Thường vụ Thành ủy, Chủ tịch UBND thành phố", True)]),
])
def test_people_forms(sentence, expected):
    assert [(p.name, p.role, p.sure) for p in find_people(sentence)] == expected


def test_an_ambiguous_name_is_not_sure():
    [person] = find_people("Chủ tịch UBND huyện Hà Trung Lê Hùng chủ trì.")
    assert not person.sure and "không rõ họ tên" in person.note


@pytest.mark.parametrize("line,author", [
    ("Thu Hà", "Thu Hà"), ("Minh Hằng (Trung tâm VHTT)", "Minh Hằng (Trung tâm VHTT)"), ("Tin, ảnh: Quốc Hưng", "Quốc Hưng"),
    ("Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch thành phố", "Trung tâm Văn hóa, Thông tin, Thể thao và Du lịch thành phố"),
    ("Lê Hợi (CTV)", "Lê Hợi (CTV)"), ("Bài và ảnh: Ngọc Huấn", "Ngọc Huấn"),
    ("Toàn cảnh hội nghị", None), ("Đồng chí Lê Anh Xuân phát biểu kết luận hội nghị", None),
    ("Hội Nông dân trao quà cho hội viên", None), ("Các đại biểu dự hội nghị.", None),
])
def test_bylines(line, author):
    assert read_byline(line) == author


# --- the draft and the report -----------------------------------------------------------------

ARTICLE = """Đăng lúc: 09:15:00 03/03/2023 (GMT+7)
Triển khai kế hoạch phòng chống ma túy năm 2023
Sáng 2/3, đồng chí Đỗ Minh Tuấn, Thành ủy viên, Phó Chủ tịch UBND thành phố chủ trì hội nghị, cùng dự có lãnh đạo HĐND phường Điện Biên.
Toàn cảnh hội nghị
Kết luận hội nghị, đồng chí Đỗ Minh Tuấn yêu cầu:
- Đoàn Thanh niên thành phố phối hợp với Hội LHPN tuyên truyền phòng chống ma túy trong trường học.
- UBND các phường rà soát các điểm nguy cơ.
Đồng chí cũng yêu cầu các cấp, các ngành cần vào cuộc quyết liệt.
Minh Hằng (Trung tâm VHTT)
"""


def front_matter(markdown: str) -> dict:
    return yaml.safe_load(markdown.split("---\n")[1])


def test_draft_and_report_come_from_one_result(registries):
    result = import_article(ARTICLE, registries, "bai.txt")
    used: set[str] = set()
    report = result.to_report(used)
    draft = front_matter(result.to_markdown(used))  # ids are assigned once: the same in both
    assert [c["id"] for c in report["commitments"]] == [c["id"] for c in draft["commitments"]]
    assert report["date"] == str(draft["date"]) == "2023-03-02"
    assert report["published"] == "2023-03-03T09:15:00+07:00" and report["author"] == draft["author"]
    assert report["chairs"] == [{"name": "Đỗ Minh Tuấn", "role": "Thành ủy viên, Phó Chủ tịch UBND thành phố",
                                 "key": None, "sure": True, "note": None}]
    assert draft["chairs"] == [{"person": MARKER, "role": "Thành ủy viên, Phó Chủ tịch UBND thành phố"}]
    assert report["proposed_people"] == [{"key": "do-minh-tuan", "name": "Đỗ Minh Tuấn",
                                          "positions": ["Thành ủy viên", "Phó Chủ tịch UBND thành phố"]}]
    assert report["captions"] == ["Toàn cảnh hội nghị"]
    assert [(c["owners"], c["partners"]) for c in report["commitments"]] == [(["doan-tn-tp"], ["hoi-lhpn-tp"]),
                                                                              ([], [])]
    assert draft["commitments"][1]["owners"] == [MARKER]
    assert report["unknown_bodies"] == ["HĐND phường Điện Biên"] and MARKER in draft["organizations"]
    fields = [n["field"] for n in report["needs"]]
    assert sorted(fields) == ["chairs", "commitments", "kind", "organizations", "owners"]
    assert all(n["reason"] for n in report["needs"])
    assert report["general_directives"] and "các cấp, các ngành" in report["general_directives"][0]


def test_cli_json_report_and_draft(tmp_path):
    article = tmp_path / "bai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "nhap.md"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), article, "--json", "-o", out],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["draft"] == str(out) and out.exists()
    assert [c["id"] for c in report["commitments"]] == [c["id"] for c in front_matter(out.read_text("utf-8"))["commitments"]]
    only = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), article, "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert only.returncode == 0 and json.loads(only.stdout)["draft"] is None
    assert not (ROOT / "docs/meetings/2023").exists() or not any((ROOT / "docs/meetings/2023").glob("*trien-khai*"))
    clash = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), article, "--json", "-o", "-"],
                           capture_output=True, text=True, cwd=ROOT)
    assert clash.returncode == 2 and "--json" in clash.stderr and "Traceback" not in clash.stderr


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is beside the checkout")
def test_cli_json_on_the_seed_needs_nothing():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), SEED, "--json"],
                            capture_output=True, text=True, cwd=ROOT)
    report = json.loads(result.stdout)
    assert report["needs"] == [] and len(report["commitments"]) == 7 and report["date"] == "2020-02-12"


# --- properties ---------------------------------------------------------------------------------

PIECES = [
    "10:10 !! 13/02/2020", "Đăng lúc: 10:53:41 31/03/2021 (GMT+7)", "(12:23 | 03/08/2017)", "30/11/2022 - 10:32 PM",
    "Thứ Hai, ngày 26 tháng 8 năm 2019 - 14:58", "31/03/21 10:53", "Giao ban công tác quý I.",
    "Chiều ngày 12/2/2020, UBND thành phố tổ chức hội nghị giao ban.", "Sáng 15-3, HĐND phường Điện Biên họp.",
    "Đồng chí Lê Anh Xuân, Chủ tịch UBND thành phố chủ trì hội nghị.", "Phó Chủ tịch UBND huyện Trần Văn Bình chủ trì.",
    "Các đồng chí: Lê Anh Xuân, Chủ tịch UBND thành phố; Trịnh Thị Hoa, Chủ tịch UB MTTQ thành phố đồng chủ tọa.",
    "Kết luận hội nghị, đồng chí Lê Hồng Vân yêu cầu:", "- Hội Nông dân phối hợp với Phòng Kinh tế hỗ trợ nông dân.",
    "Đồng chí đề nghị: MTTQ và các đoàn thể tăng cường giám sát. Vận động nhân dân chấp hành.",
    "Đồng chí chỉ đạo UBND các phường rà soát hộ nghèo trước ngày 30/11.", "Toàn cảnh hội nghị", "Thu Hà",
    "Minh Hằng (Trung tâm VHTT)", "Tin, ảnh: Quốc Hưng", "UBND thành phố Sầm Sơn", "Tỉnh ủy viên", "dưới sự chủ trì của",
    "vào lúc 14 giờ 00 ngày 10 tháng 02 năm 2023", ":", "-", "(", ")", "đồng chí", "chủ trì", "yêu cầu", "giao",
]


def article_texts():
    piece = st.one_of(st.sampled_from(PIECES), st.text(max_size=30))
    line = st.lists(piece, min_size=1, max_size=4).map(" ".join)
    return st.one_of(st.text(max_size=300), st.lists(line, max_size=12).map("\n".join),
                     st.lists(line, max_size=12).map(lambda ls: "\r\n".join(ls).encode().decode("utf-8")))


def _in(value: str, text: str) -> bool:
    value, text = nfc(value), nfc(text)
    return value in text or fold(value) in fold(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=article_texts())
def test_importing_never_raises_and_every_value_is_in_the_text_or_flagged(text, registries):
    result = import_article(text, registries, "bai.txt")
    text = clean_text(text)  # values are found in the text as read: NFC, no control characters
    draft = result.to_markdown()
    report = result.to_report()
    json.dumps(report, ensure_ascii=False)
    front = front_matter(draft)  # the draft's front matter is YAML that parses
    assert isinstance(front, dict)
    flags = set(result.flags)
    seen = observe(result)
    for name, (value, flagged) in seen.items():
        assert flagged == (name in flags)
    if result.title:
        assert _in(result.title, text)
    else:
        assert "title" in flags
    if result.date:
        assert result.date_text and _in(result.date_text, text)
    else:
        assert "date" in flags
    if result.published:
        assert result.published_text and _in(result.published_text, text)
    if result.time:
        assert str(int(result.time[:2]) % 12 or 12) in text or result.time[:2] in text
    for chair in result.chairs:
        assert _in(chair.name, text) and (chair.role is None or _in(chair.role, text))
        assert chair.key is None or chair.key in registries.people
    if not result.chairs:
        assert "chairs" in flags
    folded = fold(text).replace("–", "-").replace("—", "-")
    for key, entries in ((k, registries.organizations) for k in result.organizations):
        entry = entries[key]  # a registry key, named in the text by one of its names
        assert any(fold(n).replace("–", "-") in folded for n in [entry.name, entry.short, *entry.aliases] if n)
    for key in result.topics:
        entry = registries.topics[key]
        assert any(fold(n) in folded for n in [entry.name, *entry.aliases])
    for chair in result.chairs:
        assert chair.key is None or fold(registries.people[chair.key].name) == fold(chair.name) or \
            fold(chair.name) in {fold(a) for a in registries.people[chair.key].aliases}
    for c in result.commitments:
        assert _in(c.text[1:], text)
        assert all(k in registries.organizations for k in c.owners + c.partners)
        if not c.owners or c.owners_note:
            assert "owners" in flags
    if result.author:
        assert _in(result.author, text)
    for caption in result.captions:
        assert _in(caption, text)
    # what the draft says is what the report says
    assert front["title"] == (result.title or MARKER)
    assert str(front["date"]) == (result.date.iso if result.date else MARKER)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_stamp_reading_never_raises(line):
    stamp = read_stamp(line)
    assert stamp is None or (stamp.value is None) != stamp.sure


@pytest.mark.parametrize("text,expected", [
    ("Kết luận hội nghị, đồng chí Lê Anh Xuân đề nghị: MTTQ tăng cường giám sát; Hội Nông dân hỗ trợ hội viên; "
     "Đoàn Thanh niên tổ chức ra quân.",
     [("MTTQ tăng cường giám sát", ["ub-mttq-tp"]), ("Hội Nông dân hỗ trợ hội viên", ["hoi-nong-dan-tp"]),
      ("Đoàn Thanh niên tổ chức ra quân.", ["doan-tn-tp"])]),
    ("Kết luận, đồng chí Lê Anh Xuân yêu cầu các đơn vị: (1) Hội LHPN thành phố vận động hội viên; (2) Phòng Kinh tế "
     "kiểm tra thị trường.",
     [("Hội LHPN thành phố vận động hội viên", ["hoi-lhpn-tp"]), ("Phòng Kinh tế kiểm tra thị trường.", ["phong-kinh-te-tp"])]),
    ("Kết luận, đồng chí Lê Anh Xuân yêu cầu: MTTQ tăng cường giám sát, phản biện; vận động nhân dân tham gia.",
     [("MTTQ tăng cường giám sát, phản biện; vận động nhân dân tham gia.", ["ub-mttq-tp"])]),
    ("Đồng chí Chủ tịch UBND thành phố giao: Phòng Kinh tế kiểm tra thị trường. Hội Nông dân phối hợp thực hiện.",
     [("Phòng Kinh tế kiểm tra thị trường.", ["phong-kinh-te-tp"]), ("Hội Nông dân phối hợp thực hiện.", ["hoi-nong-dan-tp"])]),
])
def test_directive_lists(text, expected, registries):
    result = import_article(text, registries)
    assert [(c.text, c.owners) for c in result.commitments] == expected
    assert "owners" not in result.flags


def test_attendee_and_chair_in_one_sentence_are_both_left_to_a_person(registries):
    result = import_article("Tiêu đề\nSáng 12/1/2024, UBND thành phố tổ chức hội nghị. Tới dự có đồng chí Mai Văn Hải, "
                            "Phó Chủ tịch UBND tỉnh; đồng chí Lê Anh Xuân, Chủ tịch UBND thành phố chủ trì hội nghị.",
                            registries)
    chairs = front_matter(result.to_markdown())["chairs"]
    assert [c["person"] for c in chairs] == [MARKER, MARKER] and "chairs" in result.flags
    assert [c.key for c in result.chairs] == [None, "le-anh-xuan"]


def test_source_line_after_the_byline(registries):
    result = import_article("Chiều 2/10/2023, Hội Cựu chiến binh thành phố tổ chức hội thảo.\nThu Hà\n"
                            "Nguồn: Cổng Thông tin điện tử thành phố", registries)
    assert (result.author, result.credit, result.captions) == ("Thu Hà", "Nguồn: Cổng Thông tin điện tử thành phố", [])
    assert 'author: "Thu Hà"  # bài ghi "Nguồn: Cổng Thông tin điện tử thành phố"' in result.to_markdown()


def test_section_names_above_the_headline_are_not_the_title(registries):
    result = import_article("Hoạt động của lãnh đạo\nChính trị\nUBND thành phố giao ban công tác tháng 3\n"
                            "10:00 | 11/03/2024\nSáng 10/3, UBND thành phố giao ban.", registries)
    assert (result.title, result.captions, result.date.iso) == ("UBND thành phố giao ban công tác tháng 3", [], "2024-03-10")


def test_a_review_of_a_year_gets_a_hint_not_a_date(registries):
    result = import_article("Năm 2018, công tác phối hợp giữa UBND thành phố với MTTQ tiếp tục được đổi mới.\n"
                            "Kết luận hội nghị, đồng chí Lê Hồng Vân đánh giá cao kết quả.", registries)
    assert result.date is None and "năm 2018" in result.flags["date"]


def test_lines_that_might_be_a_byline_or_a_stamp_are_flagged_not_dropped(registries):
    result = import_article("Giao ban tháng 3\nNgười đăng: Admin | 12/03/2024\nSáng 11/3/2024, UBND thành phố giao ban.\n"
                            "BBT phường", registries)
    assert result.published is None and "Người đăng" in result.flags["published"]
    assert result.author is None and "BBT phường" in result.flags["author"]
    draft = front_matter(result.to_markdown())
    assert draft["published"] == MARKER and draft["author"] == MARKER
    quiet = import_article("Giao ban tháng 3\n10:00 12/03/2024\nSáng 11/3/2024, UBND thành phố giao ban.\n"
                           "Quang cảnh hội nghị", registries)
    assert "author" not in quiet.flags and "published" not in quiet.flags and quiet.captions == ["Quang cảnh hội nghị"]


def test_the_growth_benchmark_runs_at_a_tiny_size(capsys):
    """scripts/dev/importer_bench.py prints its table (the figures themselves are in the README)."""
    from scripts.dev.importer_bench import main as bench
    assert bench(["--kb", "2", "--steps", "2"]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ") and "KB" not in line
            and "---" not in line]
    assert len(rows) == 6 and all(len(row.split("|")) == 6 for row in rows)
    assert rows[3].split("|")[4].strip()  # the second size has a ratio to the first


# --- the size limit (issue 18) ----------------------------------------------------------------

def test_an_article_over_the_limit_is_refused_by_the_importer_itself():
    """Every route (command line, editor, a future one) calls import_article: the limit is there."""
    from portal.contract.guards import MAX_ARTICLE_BYTES
    from portal.importer.importer import ArticleTooLong

    text = "Hội nghị giao ban. " * (MAX_ARTICLE_BYTES // 19 + 1)
    with pytest.raises(ArticleTooLong) as refused:
        import_article(text, None, "bai-rat-dai.txt")
    message = str(refused.value)
    assert message.startswith("bai-rat-dai.txt: bài viết dài ") and "quá giới hạn 200 KB" in message
    # Just within the limit, it is read (an exact-size article, multibyte characters counted as bytes).
    within = ("Đ" * (MAX_ARTICLE_BYTES // 2))[: MAX_ARTICLE_BYTES // 2]
    assert len(within.encode()) == MAX_ARTICLE_BYTES
    from portal.importer.importer import check_article_size
    check_article_size(len(within.encode()), "x.txt")
    with pytest.raises(ArticleTooLong):
        check_article_size(MAX_ARTICLE_BYTES + 1, "x.txt")


def test_cli_refuses_a_long_article_naming_the_file_and_the_limit(tmp_path):
    article = tmp_path / "bai-dai.txt"
    article.write_text("Sáng ngày 12/2/2020, hội nghị giao ban.\n" * 8000, encoding="utf-8")  # ~350 KB
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), str(article), "-o", "-"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 1 and result.stdout == ""
    assert f"{article}: bài viết dài" in result.stderr and "quá giới hạn 200 KB" in result.stderr
    assert "Traceback" not in result.stderr
    folder = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), str(tmp_path),
                             "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert folder.returncode == 1 and "quá giới hạn 200 KB" in folder.stderr and "Traceback" not in folder.stderr



# --- the file name in the draft (issue 18) -------------------------------------------------------

SHORT_ARTICLE = "Sáng ngày 12/2/2020, UBND huyện tổ chức hội nghị giao ban.\n"


def _front_matter(draft: str) -> dict:
    assert draft.startswith("---\n")
    return yaml.safe_load(draft.split("\n---\n", 1)[0][4:])


@pytest.mark.parametrize("sep", ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\u202e",
                                 "\n---\n", "\t"])
def test_a_file_name_cannot_add_fields_to_the_draft(registries, sep):
    """The file name is printed in the draft's first comment: a line break there (YAML also breaks
    lines at U+2028, U+2029 and NEL) would end the comment and start a field."""
    name = f"bai{sep}title: CHÈN{sep}kind: chen{sep}#.txt"
    plain = _front_matter(import_article(SHORT_ARTICLE, registries, "bai.txt").to_markdown())
    data = _front_matter(import_article(SHORT_ARTICLE, registries, name).to_markdown())
    assert data == plain and "CHÈN" not in str(data)


def test_cli_with_a_newline_in_the_file_name(tmp_path):
    article = tmp_path / "bai\ntitle: CHÈN\n#.txt"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "import_article.py"), str(article), "-o", "-"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data = _front_matter(result.stdout)
    assert data["title"] == MARKER and "CHÈN" not in str(data)
    assert result.stdout.splitlines()[1].startswith('# Bản nháp tạo từ "bai title: CHÈN #.txt"')
