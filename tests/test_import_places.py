"""The importer and places: bodies of another place, level or time are never this registry's keys;
the new wards' bodies are found by name and date; commitments name their localities; every note
sends staff to a registry path that exists and lists the choices."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from portal.content.loader import load_site
from portal.content.model import Organization
from portal.contract.dates import PartialDate
from portal.contract.text import fold
from portal.importer.import_bodies import BodyIndex, split_name
from portal.importer.importer import import_article
from scripts.dev.importer_score import table_registries

SEED = ROOT.parent / "shared" / "seeds" / "002_5f612c88389814d2.txt"


def _date(value):
    return PartialDate.parse(value) if value else None


def locality(name, level, valid_from=None, valid_until=None):
    """A localities entry as the contract describes it (the loader's class may differ: the
    importer reads only name, level, valid_from, valid_until)."""
    return SimpleNamespace(name=name, level=level, valid_from=_date(valid_from), valid_until=_date(valid_until))


LOCALITIES = {
    "tinh-thanh-hoa": locality("Tỉnh Thanh Hóa", "tinh"),
    "thanh-pho-thanh-hoa": locality("Thành phố Thanh Hóa", "thanh-pho", valid_until="2025-06-30"),
    "phuong-ba-dinh": locality("Phường Ba Đình", "phuong", valid_until="2025-06-30"),
    "phuong-lam-son": locality("Phường Lam Sơn", "phuong", valid_until="2025-06-30"),
    "phuong-dong-ve": locality("Phường Đông Vệ", "phuong", valid_until="2025-06-30"),
    "phuong-dong-son-cu": locality("Phường Đông Sơn", "phuong", valid_until="2025-06-30"),
    "xa-dong-vinh": locality("Xã Đông Vinh", "xa", valid_until="2025-06-30"),
    "phuong-hac-thanh": locality("Phường Hạc Thành", "phuong", valid_from="2025-07-01"),
    "phuong-dong-son": locality("Phường Đông Sơn", "phuong", valid_from="2025-07-01"),
    "phuong-quang-phu": locality("Phường Quảng Phú", "phuong", valid_from="2025-07-01"),
}


@pytest.fixture(scope="module")
def registries():
    """The content's registries, the fixture's ward bodies, and a localities registry."""
    found, errors = table_registries(ROOT / "docs", load_site)
    assert errors == []
    return SimpleNamespace(organizations=found.organizations, people=found.people, topics=found.topics,
                           meeting_kinds=found.meeting_kinds, localities=LOCALITIES)


@pytest.fixture(scope="module")
def loaded():
    """As the loader reads them: docs/data/ and tests/fixtures/import_registry/ (ward bodies with
    their `locality`, and a few localities)."""
    found, errors = table_registries(ROOT / "docs", load_site)
    assert errors == [] and found.localities
    return found


@pytest.fixture(scope="module")
def plain():
    """The content's registries alone (docs/data/), as scripts/import_article.py loads them today."""
    site, report = load_site(ROOT / "docs")
    assert report.errors == []
    return site.registries


def keys_of(result):
    return set(result.organizations) | {k for c in result.commitments for k in c.owners + c.partners}


# --- bodies of another place, level or time ---------------------------------------------------

OTHER_PLACES = [
    # (article, a fragment of an unknown body the importer must list)
    ("Yên Lập: Triển khai kế hoạch OCOP\nSáng 11/4/2024, UBND huyện Yên Lập tổ chức hội nghị. Tham dự có lãnh đạo "
     "Phòng Kinh tế và Hạ tầng huyện Yên Lập.\nKết luận, đồng chí Hà Văn Thắng giao Phòng Kinh tế và Hạ tầng "
     "hướng dẫn các chủ thể.", "Phòng Kinh tế và Hạ tầng huyện Yên Lập"),
    ("Tin huyện\nSáng 11/4/2024, Phòng Kinh tế - Hạ tầng huyện Yên Lập tổ chức hội nghị.", "Phòng Kinh tế - Hạ tầng"),
    ("Tin huyện\nSáng 11/4/2024, Phòng Kinh tế huyện Yên Lập tổ chức hội nghị.", "Phòng Kinh tế huyện Yên Lập"),
    ("Yên Lập tập huấn\nSáng 11/4/2024, UBND huyện Yên Lập tổ chức tập huấn. Phòng Kinh tế hướng dẫn các hợp tác xã.",
     "UBND huyện Yên Lập"),
    ("Kỳ họp thứ 18 HĐND thị xã Nghi Sơn\nSáng 10/7/2024, HĐND thị xã Nghi Sơn tổ chức kỳ họp. HĐND đã thông qua "
     "12 nghị quyết.", "HĐND thị xã Nghi Sơn"),
    ("Tin thị xã\nSáng 3/8/2023, UBND TX Nghi Sơn tổ chức hội nghị. Dự có Hội Nông dân TX Nghi Sơn.", "UBND TX Nghi Sơn"),
    ("Tin thị xã\nSáng 3/8/2023, UBND TX. Nghi Sơn tổ chức hội nghị.", "UBND TX. Nghi Sơn"),
    ("Mê Linh giao ban\nChiều 25/9/2024, Ủy ban MTTQ Việt Nam huyện Mê Linh tổ chức hội nghị giao ban.",
     "Ủy ban MTTQ Việt Nam huyện Mê Linh"),
    ("TP Sầm Sơn: hội nghị\nChiều 30/3/2024, UBND thành phố Sầm Sơn tổ chức hội nghị. UBND thành phố giao "
     "Phòng Kinh tế kiểm tra các nhà hàng.", "UBND thành phố Sầm Sơn"),
    ("Tin\nSáng 15/5/2023, Thành ủy Sầm Sơn tổ chức hội nghị học tập chuyên đề.", "Thành ủy Sầm Sơn"),
    ("Tin\nSáng 14/12/2022, Ban Dân vận Huyện ủy Đông Sơn tổ chức hội nghị.", "Ban Dân vận Huyện ủy Đông Sơn"),
    ("Tin\nSáng 20/8/2024, Ủy ban MTTQ tỉnh Phú Thọ tổ chức hội nghị.", "Ủy ban MTTQ tỉnh Phú Thọ"),
    ("Tin\nSáng 18/3/2024, UB MTTQ xã Đông Tiến tổ chức hội nghị hiệp thương.", "UB MTTQ xã Đông Tiến"),
    ("Tin\nSáng 4/11/2024, HĐND P.Hạc Thành tổ chức kỳ họp thứ 4.", "HĐND P.Hạc Thành"),  # before the ward existed
    ("Tin\nSáng 4/11/2024, Hội Nông dân Việt Nam tổ chức hội nghị.", "Hội Nông dân Việt Nam"),
    ("Tin\nChiều 5/7/2023, Hội LHPN huyện Hoằng Hóa tổ chức hội nghị. Hội LHPN đã xây 12 mái ấm.", "Hội LHPN huyện Hoằng Hóa"),
]


@pytest.mark.parametrize("article,unknown", OTHER_PLACES, ids=[u for _, u in OTHER_PLACES])
def test_a_body_of_another_place_is_listed_and_never_a_registry_key(article, unknown, plain, registries):
    for regs in (plain, registries):
        result = import_article(article, regs)
        assert keys_of(result) == set(), keys_of(result)
        assert any(unknown in body for body in result.unknown_bodies), result.unknown_bodies
        assert "organizations" in result.flags and unknown.split()[0] in result.flags["organizations"]


def test_bare_names_in_an_article_about_another_place_are_flagged_not_mapped(plain):
    result = import_article("TP Sầm Sơn: Triển khai mùa du lịch\nChiều 30/3/2024, UBND thành phố Sầm Sơn tổ chức hội "
                            "nghị. Đồng chí Nguyễn Thị Hà, Phó Chủ tịch UBND thành phố chủ trì hội nghị.\nKết luận hội "
                            "nghị, đồng chí Nguyễn Thị Hà yêu cầu Phòng Kinh tế tăng cường kiểm tra các nhà hàng.", plain)
    [c] = result.commitments
    assert c.owners == [] and "Phòng Kinh tế" in c.owners_note and "Sầm Sơn" in c.owners_note
    assert "phong-kinh-te-tp" not in keys_of(result) and "owners" in result.flags


def test_the_same_bare_names_in_a_city_article_are_the_citys(plain):
    result = import_article("Giao ban\nChiều 30/3/2024, UBND thành phố tổ chức hội nghị. Dự có Hội LHPN và MTTQ.\n"
                            "Kết luận, đồng chí Lê Hồng Vân yêu cầu Phòng Kinh tế kiểm tra các nhà hàng.", plain)
    assert set(result.organizations) == {"ubnd-tp", "hoi-lhpn-tp", "ub-mttq-tp", "phong-kinh-te-tp"}
    assert "organizations" not in result.flags and "owners" not in result.flags


def _kind_texts(organizations):
    """Each registry name's kind as written ("UBND", "Phòng Kinh tế", "Ủy ban MTTQ")."""
    out = set()
    for org in organizations.values():
        for name in [org.name, org.short, *org.aliases]:
            kind, place = split_name(name) if name else (None, None)
            if kind and kind != "dang uy" and len(kind) >= 3:
                out.add(name[:len(kind)])
    return sorted(out)


SYLLABLES = ["Yên", "Lập", "Mê", "Linh", "Bỉm", "Sơn", "Nghi", "Thọ", "Xuân", "Hoằng", "Tiến", "Phú", "Khê", "Vĩnh",
             "Lộc", "Thạch", "Cẩm", "Ngọc", "Lặc", "Quan", "Hóa", "Đức", "Tân", "Mỹ", "Hưng"]
LEVELS = ["huyện", "thị xã", "phường", "xã", "thị trấn", "tỉnh", "thành phố", "quận", "TX", "TP", "P."]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_a_body_with_another_places_name_is_never_a_registry_key(data, registries):
    """Whatever registry kind, level and place name: a body of a place the registry does not hold
    is never one of its keys (named with its place, or bare in an article about that place)."""
    kinds = _kind_texts(registries.organizations)
    known = BodyIndex(registries.organizations, registries.localities).known_places
    place = data.draw(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=2).map(" ".join)
                      .filter(lambda p: fold(p) not in known))
    level = data.draw(st.sampled_from(LEVELS))
    kind, other = data.draw(st.sampled_from(kinds)), data.draw(st.sampled_from(kinds))
    year = data.draw(st.sampled_from([2019, 2024, 2026]))
    joined = f"{level}{place}" if level.endswith(".") else f"{level} {place}"
    article = (f"Tin {place}\nSáng 12/3/{year}, {kind} {joined} tổ chức hội nghị. Dự có {other}.\n"
               f"Kết luận, đồng chí Trần Văn Nam yêu cầu {other} rà soát hộ nghèo.")
    result = import_article(article, registries)
    assert keys_of(result) == set(), (article, keys_of(result))
    assert result.unknown_bodies and "organizations" in result.flags


# --- the new wards, by name and date -----------------------------------------------------------

@pytest.mark.parametrize("when,expected", [("2024-12-16", None), ("2025-10-03", "ubnd-phuong-dong-son")])
def test_ubnd_phuong_dong_son_depends_on_the_date(when, expected, registries):
    y, m, d = when.split("-")
    result = import_article(f"Tin\nSáng {int(d)}/{int(m)}/{y}, UBND phường Đông Sơn tổ chức hội nghị.", registries)
    if expected:
        assert result.organizations == [expected] and "organizations" not in result.flags
    else:  # the former ward's committee: not in the registry
        assert result.organizations == [] and result.unknown_bodies == ["UBND phường Đông Sơn"]
        assert "chỉ có từ ngày 01/07/2025" in result.flags["organizations"]


def test_ward_bodies_by_name_short_name_and_kind_with_the_wards_place(registries):
    result = import_article("Đảng ủy phường Hạc Thành sơ kết quý III\nChiều 7/10/2025, Đảng ủy phường Hạc Thành tổ "
                            "chức hội nghị với Ủy ban MTTQ phường và UBND phường Hạc Thành.\nKết luận, đồng chí Nguyễn "
                            "Văn Biện yêu cầu:\n- Ủy ban Mặt trận Tổ quốc Việt Nam phường Hạc Thành vận động Nhân dân.\n"
                            "- MTTQ chủ trì hội nghị đối thoại.", registries)
    assert set(result.organizations) == {"dang-uy-phuong-hac-thanh", "ub-mttq-phuong-hac-thanh",
                                         "ubnd-phuong-hac-thanh"}
    assert [c.owners for c in result.commitments] == [["ub-mttq-phuong-hac-thanh"], ["ub-mttq-phuong-hac-thanh"]]
    assert "organizations" not in result.flags and "owners" not in result.flags


def test_a_city_body_named_after_it_ended_is_flagged_with_its_successors(registries):
    orgs = dict(registries.organizations)
    orgs["ub-mttq-tp"] = dataclasses.replace(orgs["ub-mttq-tp"], successor_keys=["ub-mttq-phuong-hac-thanh"])
    regs = SimpleNamespace(**{**vars(registries), "organizations": orgs})
    result = import_article("Tin\nSáng 10/2/2026, UBND phường Hạc Thành giao ban. Dự hội nghị có đại diện UB MTTQ "
                            "thành phố.", regs)
    assert result.organizations == ["ubnd-phuong-hac-thanh"] and result.unknown_bodies == ["UB MTTQ thành phố"]
    note = result.flags["organizations"]
    assert "đã kết thúc ngày 30/06/2025" in note and "ub-mttq-phuong-hac-thanh" in note


def test_a_body_whose_place_is_only_its_locality(registries, loaded):
    """An entry whose names carry no place gets it from `locality` (the contract's new field)."""
    board = Organization(key="bql-du-an-hac-thanh", name="Ban Quản lý dự án đầu tư xây dựng",
                         short="Ban Quản lý dự án", aliases=[], kind="co-quan-chuyen-mon",
                         locality_key="phuong-hac-thanh")
    regs = SimpleNamespace(**{**vars(registries), "organizations": {**registries.organizations, board.key: board}})
    home = import_article("UBND phường Hạc Thành họp\nSáng 5/11/2025, UBND phường Hạc Thành họp. Ban Quản lý dự án "
                          "báo cáo tiến độ.", regs)
    assert "bql-du-an-hac-thanh" in home.organizations
    away = import_article("Tin\nSáng 5/11/2025, UBND phường Quảng Phú họp. Ban Quản lý dự án báo cáo tiến độ.", regs)
    assert "bql-du-an-hac-thanh" not in away.organizations
    named = import_article("Tin\nSáng 5/11/2025, Ban Quản lý dự án phường Quảng Phú báo cáo.", regs)
    assert "bql-du-an-hac-thanh" not in named.organizations and "organizations" in named.flags
    # the loader's entries: a ward body's place is its locality's ("Phường Hạc Thành")
    index = BodyIndex(loaded.organizations, loaded.localities)
    assert index.place_of("ub-mttq-phuong-hac-thanh").name == "hac thanh"
    assert index.place_of("ub-mttq-phuong-hac-thanh").level == "phuong"


# --- places of commitments -----------------------------------------------------------------

def test_commitment_places_are_the_localities_of_the_meetings_date(registries):
    old = import_article("Tin\nChiều ngày 12/2/2020, UBND thành phố họp.\nĐồng chí Lê Anh Xuân đề nghị: UB MTTQ thành "
                         "phố vận động nhân dân các phường Ba Đình, Lam Sơn, Đông Vệ lắp đặt camera công cộng. "
                         "Hội Nông dân hỗ trợ xã Đông Vinh và phường Đông Sơn.", registries)
    assert [c.places for c in old.commitments] == [["phuong-ba-dinh", "phuong-lam-son", "phuong-dong-ve"],
                                                   ["xa-dong-vinh", "phuong-dong-son-cu"]]
    new = import_article("Tin\nSáng 3/10/2025, UBND phường Hạc Thành họp.\nĐồng chí Nguyễn Văn Biện yêu cầu UBND "
                         "phường Hạc Thành phối hợp với phường Đông Sơn và phường Lam Sơn nạo vét kênh Bắc.", registries)
    # Lam Sơn had ended: the only locality of that name, shown as part of Hạc Thành by the site
    assert [c.places for c in new.commitments] == [["phuong-hac-thanh", "phuong-dong-son", "phuong-lam-son"]]
    report = new.to_report()
    assert report["commitments"][0]["places"] == ["phuong-hac-thanh", "phuong-dong-son", "phuong-lam-son"]
    assert "    places: [phuong-hac-thanh, phuong-dong-son, phuong-lam-son]" in new.to_markdown()
    unknown = import_article("Tin\nSáng 3/10/2025, UBND phường Hạc Thành họp.\nĐồng chí Nguyễn Văn Biện yêu cầu UBND "
                             "phường Hạc Thành phối hợp với phường Bắc Sơn.", registries)
    assert [c.places for c in unknown.commitments] == [["phuong-hac-thanh"]]  # no locality "Bắc Sơn": nothing


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is beside the checkout")
def test_the_2020_camera_commitment_gets_its_three_wards(loaded):
    result = import_article(SEED.read_text(encoding="utf-8"), loaded, SEED.name)
    [camera] = [c for c in result.commitments if "camera" in c.text]
    assert camera.places == ["phuong-ba-dinh", "phuong-lam-son", "phuong-dong-ve"]
    assert all(not c.places for c in result.commitments if c is not camera)


def test_without_a_localities_registry_no_place_is_written(plain):
    regs = SimpleNamespace(organizations=plain.organizations, people=plain.people, topics=plain.topics,
                           meeting_kinds=plain.meeting_kinds, localities={})
    result = import_article("Tin\nChiều ngày 12/2/2020, UBND thành phố họp.\nĐồng chí Lê Anh Xuân đề nghị UB MTTQ thành "
                            "phố vận động nhân dân các phường Ba Đình, Lam Sơn lắp đặt camera.", regs)
    assert [c.places for c in result.commitments] == [[]] and "places:" not in result.to_markdown()


# --- every note names a path that exists, and the kind note lists the kinds ---------------------

NOTED = [
    "Tin\nChiều 30/3/2024, UBND thành phố Sầm Sơn tổ chức hội nghị.\nKết luận, đồng chí Đỗ Minh Tuấn, Phó Chủ tịch "
    "UBND thành phố chủ trì và yêu cầu UBND các phường rà soát hộ nghèo; Phòng Kinh tế kiểm tra.",
    "Một bài\nSáng 5/3/2021, đồng chí Đỗ Minh Tuấn, Phó Chủ tịch UBND thành phố chủ trì hội nghị với HĐND phường "
    "Điện Biên.\nĐồng chí yêu cầu các tổ dân phố rà soát trước ngày 30/3.",
]


@pytest.mark.parametrize("article", NOTED)
def test_every_note_names_a_registry_path_that_exists(article, plain):
    result = import_article(article, plain, docs=ROOT / "docs")
    text = "\n".join(result.needs) + "\n" + result.to_markdown()
    paths = set(re.findall(r"docs/[\w./<>-]+", text))
    assert paths and not any(p.endswith(("people.yml", "meeting-kinds.yml", "organizations.yml")) for p in paths)
    for path in paths:
        path = path.rstrip(".,;:)")
        target = ROOT / path
        assert target.exists() or target.parent.is_dir() and target.suffix == ".yml", path
    assert "docs/data/people/do-minh-tuan.yml" in text  # where the proposed person goes


def test_the_kind_note_lists_every_kind(plain):
    result = import_article("Tin\nSáng 5/3/2021, UBND thành phố họp.", plain)
    note = result.flags["kind"]
    for key, kind in plain.meeting_kinds.items():
        assert f"{key} ({kind.name})" in note
    draft = result.to_markdown()
    kind_line = next(line for line in draft.splitlines() if line.startswith("kind:"))
    assert "giao-ban (Hội nghị giao ban)" in kind_line and "docs/data/meeting-kinds/" in kind_line
    assert yaml.safe_load(draft.split("---\n")[1])["kind"] == "CẦN ĐIỀN"


def test_notes_follow_a_content_that_keeps_one_file_per_registry(tmp_path, plain):
    (tmp_path / "data").mkdir()
    for name in ("organizations", "people", "topics", "meeting-kinds"):
        (tmp_path / "data" / f"{name}.yml").write_text("{}\n", encoding="utf-8")
    result = import_article(NOTED[1], plain, docs=tmp_path)
    text = "\n".join(result.needs) + result.to_markdown()
    assert "docs/data/people.yml" in text and "docs/data/people/" not in text
    assert "docs/data/meeting-kinds.yml" in text
