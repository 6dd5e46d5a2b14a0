"""Staff tools as staff use them: import an article, check, start a new bulletin."""

from __future__ import annotations

import subprocess
import sys

import markdown
import pytest

from conftest import ROOT, SEED_2018, SEED_2020
from portal.importer.import_dates import find_meeting_date, parse_stamp
from portal.importer.importer import find_people, import_article
from portal.content.loader import load_site
from portal.contract.validate import MARKER

SEEDS = ROOT.parent / "shared" / "seeds"
ARTICLE_2018 = SEEDS / "000_75161665d06570f0.txt"
ARTICLE_2020 = SEEDS / "002_5f612c88389814d2.txt"


def run(script: str, *args, stdin: str | None = None, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / script), *map(str, args)],
                          capture_output=True, text=True, input=stdin, cwd=cwd)


@pytest.fixture(scope="module")
def site():
    site, report = load_site(ROOT / "docs")
    assert report.errors == []
    return site


def hand_made(site, src):
    return next(m for m in site.meetings if m.src_uri == src)


# --- importing the seeds ------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is beside the checkout in CI and development")
def test_import_2020_matches_the_hand_made_bulletin(site):
    draft = import_article(ARTICLE_2020.read_text(encoding="utf-8"), site.registries, ARTICLE_2020.name)
    made = hand_made(site, SEED_2020)
    assert draft.title == made.title
    assert draft.date == made.date and draft.session == made.session == "chieu"
    assert draft.published == made.published and draft.author == made.author
    assert [(c.key, c.role) for c in draft.chairs] == [(c.person_key, c.role) for c in made.chairs]
    assert set(draft.organizations) == set(made.organization_keys)
    assert len(draft.commitments) == len(made.commitments) == 7
    assert [c.text for c in draft.commitments] == [c.text for c in made.commitments]
    assert [c.owners for c in draft.commitments] == [c.owner_keys for c in made.commitments]
    assert [c.partners for c in draft.commitments] == [c.partner_keys for c in made.commitments]
    assert draft.needs == []
    assert [text for kind, text in draft.blocks if kind == "caption"] == ["Toàn cảnh hội nghị"]


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is beside the checkout")
def test_import_2018_flags_the_missing_date(site):
    draft = import_article(ARTICLE_2018.read_text(encoding="utf-8"), site.registries, ARTICLE_2018.name)
    made = hand_made(site, SEED_2018)
    assert draft.date is None and any(n.startswith("date:") for n in draft.needs)
    assert [(c.key, c.role) for c in draft.chairs] == [(c.person_key, c.role) for c in made.chairs]
    assert set(draft.organizations) == set(made.organization_keys)
    assert len(draft.commitments) == len(made.commitments) == 0
    assert len(draft.general_directives) == 1  # the general exhortation is shown, not made a commitment
    assert f'date: "{MARKER}"' in draft.to_markdown()


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is beside the checkout")
def test_imported_drafts_pass_or_fail_the_check_as_they_should(project, tmp_path):
    root = project({})
    ok = run("import_article.py", ARTICLE_2020, "-o", root / "docs/meetings/2020/2020-02-12-nhap.md")
    assert ok.returncode == 0, ok.stderr
    assert "cam kết: 7" in ok.stderr
    flagged = run("import_article.py", ARTICLE_2018, "-o", root / "docs/meetings/2018/2018-nhap.md")
    assert "Cần người kiểm tra và điền:" in flagged.stderr and "date: bài không nêu ngày họp" in flagged.stderr
    check_2020 = run("check.py", "--docs", root / "docs", root / "docs/meetings/2020/2020-02-12-nhap.md")
    assert check_2020.returncode == 0, check_2020.stdout
    check_2018 = run("check.py", "--docs", root / "docs", root / "docs/meetings/2018/2018-nhap.md")
    assert check_2018.returncode == 1
    lines = check_2018.stdout.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["title", "date", "kind"]
    assert all(f"chưa điền: thay \"{MARKER}\"" in line for line in lines)


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is beside the checkout")
def test_import_a_folder_and_print_a_draft(tmp_path):
    result = run("import_article.py", SEEDS, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["000_75161665d06570f0.md", "002_5f612c88389814d2.md"]
    assert "002_5f612c88389814d2.txt →" in result.stderr and "7 cam kết" in result.stderr
    assert "000_75161665d06570f0.txt →" in result.stderr and "chưa rõ ngày" in result.stderr
    printed = run("import_article.py", ARTICLE_2020, "-o", "-")
    assert printed.stdout.startswith("---\n") and "date: 2020-02-12" in printed.stdout
    again = run("import_article.py", SEEDS, "-o", tmp_path)
    assert again.returncode == 1 and "đã có" in again.stderr  # never overwrites without --force


# --- article fragments: every form of date, stamp and chair ------------------------------

@pytest.mark.parametrize("text,stamp,expected,session", [
    ("Chiều ngày 12/2/2020, UBND thành phố tổ chức hội nghị.", None, "2020-02-12", "chieu"),
    ("Ngày 01/11/2018, UBND thành phố tổ chức hội nghị.", None, "2018-11-01", None),
    ("Sáng ngày 12 tháng 2 năm 2020, tại trụ sở UBND.", None, "2020-02-12", "sang"),
    ("Hội nghị diễn ra ngày 12 tháng 2 năm 2020.", None, "2020-02-12", None),
    ("Sáng 15-3, UBND thành phố tổ chức hội nghị.", "10:10 !! 16/03/2021", "2021-03-15", "sang"),
    ("Chiều 20/6, UBND thành phố họp.", "Ngày đăng tin: 23/06/2022", "2022-06-20", "chieu"),
    ("Tối 28/12, hội nghị tổng kết.", "08:00 05/01/2023", "2022-12-28", "toi"),
    ("Ngày 31.12.2019, UBND thành phố tổ chức hội nghị.", None, "2019-12-31", None),
])
def test_meeting_date_forms(text, stamp, expected, session):
    date, found_session, written = find_meeting_date(text, parse_stamp(stamp) if stamp else None)
    assert (date.iso, found_session) == (expected, session)
    assert written and written in text


def test_day_month_without_a_stamp_is_not_guessed():
    date, session, written = find_meeting_date("Sáng 15-3, UBND thành phố tổ chức hội nghị.", None)
    assert date is None and session == "sang" and "không rõ năm" in written


@pytest.mark.parametrize("stamp,expected", [
    ("  10:10 !! 13/02/2020", "2020-02-13T10:10:00+07:00"),
    ("Ngày đăng tin: 23/06/2022", "2022-06-23T00:00:00+07:00"),
    ("20:06 20/06/2018", "2018-06-20T20:06:00+07:00"),
    ("13/02/2020 10:10", "2020-02-13T10:10:00+07:00"),
])
def test_publication_stamps(stamp, expected):
    assert parse_stamp(stamp).isoformat() == expected


def test_a_sentence_is_not_a_stamp():
    assert parse_stamp("Ngày 13/02/2020, hội nghị diễn ra.") is None


@pytest.mark.parametrize("sentence,expected", [
    ("Đồng chí Lê Anh Xuân – Tỉnh ủy viên, Bí thư Thành ủy, Chủ tịch UBND thành phố chủ trì hội nghị.",
     [("Lê Anh Xuân", "Tỉnh ủy viên, Bí thư Thành ủy, Chủ tịch UBND thành phố")]),
    ("Ông Nguyễn Văn An - Phó Chủ tịch UBND thành phố chủ trì hội nghị.",
     [("Nguyễn Văn An", "Phó Chủ tịch UBND thành phố")]),
    ("Đồng chí Lê Anh Xuân – Chủ tịch UBND thành phố và đồng chí Trịnh Thị Hoa – Chủ tịch UB MTTQ thành phố "
     "đồng chủ trì hội nghị.",
     [("Lê Anh Xuân", "Chủ tịch UBND thành phố"), ("Trịnh Thị Hoa", "Chủ tịch UB MTTQ thành phố")]),
    ("Bà Trịnh Thị Hoa – Chủ tịch UB MTTQ thành phố chủ trì hội nghị.", [("Trịnh Thị Hoa", "Chủ tịch UB MTTQ thành phố")]),
    ("Kết luận hội nghị, đồng chí Lê Hồng Vân – Tỉnh ủy viên, Chủ tịch UBND thành phố đánh giá cao kết quả.",
     [("Lê Hồng Vân", "Tỉnh ủy viên, Chủ tịch UBND thành phố")]),
])
def test_chair_forms(sentence, expected):
    assert [(name, role) for name, role, _, _ in find_people(sentence)] == expected


def test_new_chair_is_proposed_not_invented(site):
    article = ("Hội nghị giao ban tháng 3\n\n10:10 !! 16/03/2021\n\nSáng 15-3, UBND thành phố tổ chức Hội nghị giao ban. "
               "Ông Nguyễn Văn An - Phó Chủ tịch UBND thành phố chủ trì hội nghị.\n\nKết luận hội nghị, ông Nguyễn "
               "Văn An đề nghị: Hội Nông dân phối hợp với Phòng kinh tế hỗ trợ nông dân.\n\nMinh Anh\n")
    draft = import_article(article, site.registries, "bai.txt")
    assert draft.date.iso == "2021-03-15" and draft.kind == "giao-ban" and draft.author == "Minh Anh"
    [chair] = draft.chairs
    assert chair.key is None and chair.name == "Nguyễn Văn An"
    text = draft.to_markdown()
    assert f'  - person: "{MARKER}"  # Nguyễn Văn An' in text
    # proposed as the registry file it would be (one file per entry), in the contract's layout
    assert "#   docs/data/people/nguyen-van-an.yml:" in text and '#       - title: "Phó Chủ tịch UBND thành phố"' in text
    [c] = draft.commitments
    assert (c.owners, c.partners) == (["hoi-nong-dan-tp"], ["phong-kinh-te-tp"])


def test_time_is_taken_when_stated(site):
    draft = import_article("Tiêu đề\n\nLúc 14h30 ngày 5/3/2021, UBND thành phố họp.\n", site.registries)
    assert draft.date.iso == "2021-03-05" and draft.time == "14:30"


def test_article_text_stays_literal_in_markdown(site):
    draft = import_article("Tiêu đề\n\nNgày 5/3/2021, họp về *dự án* <b>A</b>.\n\n# 1 điểm\n", site.registries)
    body = draft.to_markdown().split("---\n")[-1]
    # "<" as an entity: Python-Markdown reads "\\<b>" as a backslash before a live tag
    assert "\\*dự án\\* &lt;b>A&lt;/b>." in body and "\\# 1 điểm" in body
    html = markdown.markdown(body)
    assert "<b>" not in html and "*dự án* &lt;b&gt;A&lt;/b&gt;." in html


# --- the check ---------------------------------------------------------------------------

BROKEN = {  # one per error kind of the contract: file -> (text, expected line)
    "meetings/2021/2021-01-01-thieu.md": (
        "---\ntitle: x\ndate: 2021-01-01\nchairs: [{person: le-anh-xuan}]\n---\n",
        "docs/meetings/2021/2021-01-01-thieu.md:2: kind: thiếu trường bắt buộc \"kind\""),
    "meetings/2021/2021-01-02-la.md": (
        "---\ntitle: x\ndate: 2021-01-02\nkind: giao-ban\nchairs: [{person: le-anh-xuan}]\nlocaton: x\n---\n",
        "docs/meetings/2021/2021-01-02-la.md:6: locaton: trường \"locaton\" không có trong định dạng. "
        "Có phải ý bạn là \"location\"?"),
    "meetings/2021/2021-01-03-kieu.md": (
        "---\ntitle: x\ndate: 2021-01-03\nkind: giao-ban\nchairs: le-anh-xuan\n---\n",
        "docs/meetings/2021/2021-01-03-kieu.md:5: chairs: giá trị \"le-anh-xuan\" không đúng kiểu: cần danh sách"),
    "meetings/2021/2021-01-04-ngay.md": (
        "---\ntitle: x\ndate: 2021-02-30\nkind: giao-ban\nchairs: [{person: le-anh-xuan}]\n---\n",
        "docs/meetings/2021/2021-01-04-ngay.md:3: date: giá trị \"2021-02-30\" không hợp lệ"),
    "meetings/2021/2021-01-05-ma.md": (
        "---\ntitle: x\ndate: 2021-01-05\nkind: giao-ban\nchairs: [{person: le-anh-xuan}]\norganizations: [mttq]\n---\n",
        "docs/meetings/2021/2021-01-05-ma.md:6: organizations[1]: \"mttq\" không có trong danh mục cơ quan, tổ chức"),
    "meetings/2021/2021-01-06-trung.md": (
        "---\ntitle: x\ndate: 2021-01-06\nkind: giao-ban\nchairs: [{person: le-anh-xuan}]\ncommitments:\n"
        "  - {id: camera-cong-cong-ba-phuong-2020, text: x, owners: [ubnd-tp]}\n---\n",
        "docs/meetings/2021/2021-01-06-trung.md:7: commitments[1].id: mã cam kết \"camera-cong-cong-ba-phuong-2020\" "
        "đã được dùng"),
    "meetings/2021/2021-01-07-ra-soat.md": (
        "---\ntitle: x\ndate: 2021-01-07\nkind: giao-ban\nchairs: [{person: le-anh-xuan}]\nreviews:\n"
        "  - {commitment: khong-co, status: done}\n---\n",
        "docs/meetings/2021/2021-01-07-ra-soat.md:7: reviews[1].commitment: không có cam kết nào mang mã \"khong-co\""),
    "meetings/2019/2019-01-08-truoc.md": (
        "---\ntitle: x\ndate: 2019-01-08\nkind: giao-ban\nchairs: [{person: le-anh-xuan}]\nreviews:\n"
        "  - {commitment: camera-cong-cong-ba-phuong-2020, status: done}\n---\n",
        "docs/meetings/2019/2019-01-08-truoc.md:7: reviews[1].commitment: hội nghị này (08/01/2019) diễn ra trước"),
    "meetings/2021/2021-01-09-yaml.md": (
        "---\ntitle: \"x\ndate: 2021-01-09\n---\n",
        "docs/meetings/2021/2021-01-09-yaml.md:2: (YAML): YAML không đọc được: chuỗi mở ngoặc kép nhưng chưa đóng"),
    "meetings/2021/2021-01-10-anh-xa.md": (
        "---\n- x\n---\n",
        "docs/meetings/2021/2021-01-10-anh-xa.md:2: (phần đầu): phần đầu phải là một ánh xạ"),
}


def test_check_prints_one_line_per_error_kind_and_exits_1(project):
    root = project({path: text for path, (text, _) in BROKEN.items()})
    (root / "docs/data/organizations/moi.yml").write_text("name: \"Mới\"\nparent: khong-co\n", encoding="utf-8")
    result = run("check.py", "--docs", root / "docs")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for _, expected in BROKEN.values():
        assert sum(line.startswith(expected) for line in lines) == 1, (expected, lines)
    assert any(line.startswith("docs/data/organizations/moi.yml:") and ": parent: \"khong-co\" không có" in line
               for line in lines)
    assert len(lines) == len(BROKEN) + 1, lines
    assert result.stderr.strip() == f"{len(lines)} lỗi, 0 cảnh báo"


def test_check_only_prints_the_given_files(project):
    root = project({path: text for path, (text, _) in BROKEN.items()})
    one = root / "docs/meetings/2021/2021-01-04-ngay.md"
    result = run("check.py", "--docs", root / "docs", one)
    assert result.returncode == 1 and len(result.stdout.splitlines()) == 1
    clean = run("check.py", "--docs", root / "docs", root / "docs" / SEED_2020)
    assert clean.returncode == 0 and clean.stdout == ""
    missing = run("check.py", "--docs", root / "docs", root / "docs/meetings/khong-co.md")
    assert missing.returncode == 1 and "không tìm thấy tệp này" in missing.stdout


def test_check_on_the_sample_content_passes():
    result = run("check.py")
    assert result.returncode == 0 and result.stdout == ""
    assert "0 lỗi, 0 cảnh báo" in result.stderr


# --- a new bulletin ------------------------------------------------------------------------

def test_new_bulletin_from_flags_with_names_instead_of_keys(project):
    root = project({})
    target = root / "docs/meetings/2021/2021-05-04-giao-ban-thang-5.md"
    result = run("new_bulletin.py", "--no-input", "--title", "Giao ban tháng 5", "--date", "2021-05-04",
                 "--kind", "giao ban", "--chair", "le anh xuan=Chủ tịch UBND thành phố", "--org", "mttq",
                 "--org", "Hội nông dân", "--topic", "GPMB", "--time", "14:00", "-o", target)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    for line in ("kind: giao-ban  #", "  - person: le-anh-xuan  # Lê Anh Xuân",
                 "organizations: [ub-mttq-tp, hoi-nong-dan-tp]", "topics: [giai-phong-mat-bang]", 'time: "14:00"',
                 "commitments: []", "reviews: []", "location: null", "published: null", "author: null"):
        assert line in text, line
    check = run("check.py", "--docs", root / "docs", target)
    assert check.returncode == 1
    marker_line = text[: text.rindex(MARKER)].count("\n") + 1
    assert check.stdout.splitlines() == [
        f"docs/meetings/2021/2021-05-04-giao-ban-thang-5.md:{marker_line}: (nội dung): nội dung còn chỗ \"{MARKER}\": "
        "dán nội dung bài đã đăng vào đó"]
    # every field of a commitment is offered, with its description, commented out
    assert "#    due:  # hạn hoàn thành" in text and "#  - id:  # *mã cam kết" in text
    target.write_text(text.replace(text.split("---\n")[-1], "Nội dung bài viết.\n"), encoding="utf-8")
    assert run("check.py", "--docs", root / "docs", target).returncode == 0


def test_new_bulletin_asks_and_offers_keys_by_name(project):
    root = project({})
    target = root / "docs/meetings/2021/2021-05-05-hoi-nghi.md"
    answers = "\n".join(["Hội nghị thử", "5/5/2021", "2021-05-05", "giao ban", "xuan", "Chủ tịch UBND thành phố", "",
                         "hoi", "1", "", ""]) + "\n"
    result = run("new_bulletin.py", "-o", target, stdin=answers)
    assert result.returncode == 0, result.stderr
    assert "\"5/5/2021\" không phải ngày hợp lệ" in result.stderr
    assert "1. " in result.stderr  # "hoi" matched several bodies: a numbered choice was offered
    text = target.read_text(encoding="utf-8")
    assert "date: 2021-05-05" in text and "  - person: le-anh-xuan" in text
    assert "organizations: [" in text and "organizations: []" not in text


def test_new_bulletin_without_input_names_what_is_missing():
    result = run("new_bulletin.py", "--no-input", "--title", "x")
    assert result.returncode != 0 and "thiếu thông tin: Ngày họp" in result.stderr
    ambiguous = run("new_bulletin.py", "--no-input", "--title", "x", "--date", "2021-01-01", "--kind", "hoi nghi")
    assert ambiguous.returncode != 0 and "khớp nhiều loại hội nghị" in ambiguous.stderr
