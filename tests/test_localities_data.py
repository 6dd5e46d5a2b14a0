"""The sample content's localities and bodies: the city's real lineage (Resolution 1686/NQ-UBTVQH15,
items 127-133), the bodies of the seven wards and of the province, the city bodies' successors."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from content_rules import problems
from portal.content.loader import load_site

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WARDS = ["phuong-hac-thanh", "phuong-quang-phu", "phuong-dong-quang", "phuong-dong-son", "phuong-dong-tien",
         "phuong-ham-rong", "phuong-nguyet-vien"]


def registry(name: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (DOCS / "data" / name).glob("*.yml")}


def links(entry: dict) -> list[tuple[str, bool]]:
    return [(x["locality"], bool(x.get("part"))) if isinstance(x, dict) else (x, False)
            for x in entry.get("formed_from") or []]


def test_sample_content_follows_the_contract_rules():
    found, counts = problems(DOCS)
    assert found == []
    assert counts["localities"] >= 59 and counts["places"] == 1


def test_the_city_became_seven_wards_and_only_dong_tho_and_an_hung_were_split():
    locs = registry("localities")
    assert locs["thanh-pho-thanh-hoa"]["valid_until"].isoformat() == "2025-06-30"
    for ward in WARDS:
        assert locs[ward]["level"] == "phuong" and locs[ward]["parent"] == "tinh-thanh-hoa"
        assert locs[ward]["valid_from"].isoformat() == "2025-07-01" and locs[ward]["code"]
    named: dict[str, list[tuple[str, bool]]] = {}
    for ward in WARDS:
        for old, part in links(locs[ward]):
            named.setdefault(old, []).append((ward, part))
    former = {k for k, e in locs.items() if e.get("parent") == "thanh-pho-thanh-hoa"}
    assert former <= set(named), f"city units in no new ward: {former - set(named)}"
    # Everything the wards were made of ended on 30/6/2025 and belonged to the city (or, for two
    # communes merged into Đông Tiến, to Thiệu Hóa district).
    assert {locs[old]["parent"] for old in named} == {"thanh-pho-thanh-hoa", "huyen-thieu-hoa"}
    assert {locs[old]["valid_until"].isoformat() for old in named} == {"2025-06-30"}
    split = {old for old, where in named.items() if len(where) > 1}
    assert split == {"phuong-dong-tho", "phuong-an-hung"}
    assert all(part for old in split for _, part in named[old])
    assert named["phuong-dong-tho"] == [("phuong-hac-thanh", True), ("phuong-ham-rong", True)]
    assert named["phuong-an-hung"] == [("phuong-hac-thanh", True), ("phuong-dong-quang", True)]
    # A former ward and the new ward of the same name are two entries.
    assert locs["phuong-dong-son-cu"]["name"] == locs["phuong-dong-son"]["name"] == "Phường Đông Sơn"
    assert ("phuong-dong-son-cu", False) in links(locs["phuong-hac-thanh"])


def test_each_ward_has_its_bodies_and_the_city_bodies_name_them_as_successors():
    orgs = registry("organizations")
    for ward in WARDS:
        slug = ward.removeprefix("phuong-")
        for prefix, kind in (("ubnd", "chinh-quyen"), ("dang-uy", "dang"), ("ub-mttq", "mat-tran")):
            body = orgs[f"{prefix}-phuong-{slug}"]
            assert body["locality"] == ward and body["kind"] == kind
            assert body["valid_from"].isoformat() == "2025-07-01"
    for city, prefix, province in (("ubnd-tp", "ubnd", "ubnd-tinh-thanh-hoa"), ("ub-mttq-tp", "ub-mttq",
                                   "ub-mttq-tinh-thanh-hoa"), ("thanh-uy", "dang-uy", "tinh-uy"),
                                  ("hdnd-tp", "hdnd", "hdnd-tinh-thanh-hoa")):
        assert orgs[city]["successors"] == [f"{prefix}-{w}" for w in WARDS] + [province]
    city_bodies = [k for k, e in orgs.items() if e.get("locality") == "thanh-pho-thanh-hoa"]
    assert len(city_bodies) == 12 and all(orgs[k]["valid_until"].isoformat() == "2025-06-30" for k in city_bodies)


def test_the_camera_commitment_is_placed_in_three_wards_now_in_hac_thanh():
    text = (DOCS / "meetings/2020/2020-02-12-giao-ban-ub-mttq-va-cac-doan-the.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    camera = next(c for c in meta["commitments"] if c["id"] == "camera-cong-cong-ba-phuong-2020")
    assert camera["places"] == ["phuong-ba-dinh", "phuong-lam-son", "phuong-dong-ve"]
    hac_thanh = dict(links(registry("localities")["phuong-hac-thanh"]))
    assert all(hac_thanh.get(place) is False for place in camera["places"])


BULLETIN_2026 = """\
---
title: "Giao ban tháng 3 năm 2026"
date: 2026-03-10
kind: giao-ban
chairs: [{person: le-anh-xuan, role: "Chủ trì"}]
organizations: [{orgs}]
commitments:
  - id: ck-moi-2026
    text: "Một việc."
    owners: [ubnd-phuong-hac-thanh]
    places: [{places}]
reviews:
  - commitment: camera-cong-cong-ba-phuong-2020
    status: in-progress
    owners: [{owners}]
---

Văn bản.
"""


@pytest.mark.parametrize("edit, expected", [
    # a body that ended, named in 2026
    ({"meetings/2026/2026-03-10-giao-ban.md": BULLETIN_2026.replace("{orgs}", "ubnd-tp").replace(
        "{places}", "phuong-hac-thanh").replace("{owners}", "ub-mttq-phuong-hac-thanh")},
     "organizations[1]: ubnd-tp is not valid on 2026-03-10"),
    # a hand-over to a body that ended
    ({"meetings/2026/2026-03-10-giao-ban.md": BULLETIN_2026.replace("{orgs}", "ubnd-phuong-hac-thanh").replace(
        "{places}", "phuong-hac-thanh").replace("{owners}", "ub-mttq-tp")},
     "reviews[1].owners[1]: ub-mttq-tp is not valid"),
    # an unknown place
    ({"meetings/2026/2026-03-10-giao-ban.md": BULLETIN_2026.replace("{orgs}", "ubnd-phuong-hac-thanh").replace(
        "{places}", "phuong-hac-thanhh").replace("{owners}", "ub-mttq-phuong-hac-thanh")},
     "places[1]: 'phuong-hac-thanhh' is not in the registry"),
    ({"data/localities/phuong-ba-dinh.yml": "name: \"Phường Ba Đình\"\nlevel: phuong\nparent: phuong-hac-thanh\n"
                                             "valid_until: 2025-06-30\n",
      "data/localities/phuong-hac-thanh.yml": "name: \"Phường Hạc Thành\"\nlevel: phuong\nparent: phuong-ba-dinh\n"
                                               "valid_from: 2025-07-01\nformed_from: [phuong-lam-son]\n"},
     "parent: cycle"),
    ({"data/localities/phuong-quang-phu.yml": "name: \"Phường Quảng Phú\"\nlevel: phuong\nvalid_from: 2025-07-01\n"
                                               "formed_from: [phuong-dong-tho, xa-khong-co]\n"},
     "'xa-khong-co' is not in the registry"),
    ({"data/localities/phuong-quang-phu.yml": "name: \"Phường Quảng Phú\"\nlevel: phuong\nvalid_from: 2025-07-01\n"
                                               "formed_from: [phuong-dong-tho]\n"},
     "not as part in each"),
    ({"data/localities/xa-dong-vinh.yml": "name: \"Xã Đông Vinh\"\nlevel: xa\nvalid_until: 2025-06-30\n"
                                           "formed_from: [phuong-dong-quang]\n"},
     "formed_from: cycle"),
    ({"data/organizations/ubnd-phuong-hac-thanh.yml": "name: \"UBND\"\nkind: chinh-quyen\nvalid_from: 2025-07-01\n"
                                                       "valid_until: 2025-12-31\nsuccessors: [ubnd-tp]\n"},
     "ubnd-tp ends no later than"),
    ({"data/organizations/hoi-ccb-tp.yml": "name: \"Hội\"\nlocality: thanh-pho-thanh-hoa\n"},
     "outlives its locality"),
])
def test_the_rules_catch_broken_content(tmp_path, edit, expected):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    for rel, text in edit.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    found, _ = problems(docs)
    assert any(expected in line for line in found), found


def test_the_loader_accepts_the_sample_content_without_a_warning():
    _site, report = load_site(DOCS)
    assert [p.format() for p in report.errors + report.warnings] == []
