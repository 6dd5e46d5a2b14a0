"""The province-wide synthetic content (scripts/dev/province.py): a province of 166 communes and
wards and their bodies is a matter of content, and every generated bulletin follows the contract."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from bs4 import BeautifulSoup

from conftest import build
from content_rules import problems
from portal.content.loader import load_site
from portal.contract import routes
from portal.site import tracker
from scripts.dev.province import main, make_province

@pytest.fixture(scope="module")
def province(tmp_path_factory) -> tuple[Path, dict]:
    dest = tmp_path_factory.mktemp("province") / "project"
    return dest, make_province(dest, 200, seed=3)


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in (root / "docs").rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def entries(docs: Path, name: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (docs / "data" / name).glob("*.yml")}


def test_generated_content_follows_the_contract_rules(province):
    dest, counts = province
    found, seen = problems(dest / "docs")
    assert found == []
    assert seen["bulletins"] == counts["bulletins"] == 200
    assert seen["commitments"] == counts["commitments"] and seen["reviews"] == counts["reviews"]
    assert seen["hand-overs"] == counts["hand-overs"] > 0
    assert seen["localities"] == counts["localities"] and seen["organizations"] == counts["organizations"]
    assert 300 <= seen["people"] == counts["people"]
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    assert '\nsite_name: "Hội nghị phối hợp tỉnh Thanh Hóa (dữ liệu mẫu)"\n' in config


def test_the_province_has_its_166_units_their_bodies_and_its_former_districts(province):
    dest, counts = province
    locs = entries(dest / "docs", "localities")
    orgs = entries(dest / "docs", "organizations")
    current = {k: e for k, e in locs.items() if e.get("parent") == "tinh-thanh-hoa" and not e.get("valid_until")}
    assert len(current) == 166 == counts["localities xa"] + counts["localities phuong"]
    assert (counts["localities xa"], counts["localities phuong"]) == (147, 19)
    for key in current:
        assert {f"ubnd-{key}", f"dang-uy-{key}", f"ub-mttq-{key}"} <= set(orgs), key
    districts = {k for k, e in locs.items() if e["level"] in ("huyen", "thi-xa", "thanh-pho")}
    assert len(districts) == 26 and all(str(locs[k]["valid_until"]) == "2025-06-30" for k in districts)
    # The repository's own lineage of the city is used as it is.
    assert locs["phuong-hac-thanh"] == yaml.safe_load(
        (Path(__file__).parent.parent / "docs/data/localities/phuong-hac-thanh.yml").read_text(encoding="utf-8"))
    # Every former district's bodies end and name the bodies of the units made from it.
    district_bodies = [e for e in orgs.values() if e.get("locality") in districts]
    assert len(district_bodies) >= 75
    for body in district_bodies:
        assert str(body["valid_until"]) == "2025-06-30"
        if body["locality"] != "thanh-pho-thanh-hoa":
            heirs = [orgs[s] for s in body["successors"]]
            assert heirs and all(h["locality"] in current or h["locality"] == "tinh-thanh-hoa" for h in heirs)
    split = [k for k in locs if sum(isinstance(x, dict) and x["locality"] == k
                                    for e in locs.values() for x in e.get("formed_from") or []) > 1]
    assert len(split) == counts["split localities"] >= 10


def test_bulletins_use_former_bodies_before_july_2025_and_current_ones_after(province):
    dest, _ = province
    orgs = entries(dest / "docs", "organizations")
    seen = set()
    for path in sorted((dest / "docs/meetings").rglob("*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        after = str(meta["date"]) >= "2025-07-01"
        ended = {o for o in meta["organizations"] if orgs[o].get("valid_until")}
        seen.add((after, bool(ended)))
        assert not (after and ended), path
    assert seen >= {(False, True), (True, False)}


def test_same_seed_same_bytes(tmp_path, province):
    dest, counts = province
    again = make_province(tmp_path / "again", 200, seed=3)
    assert {**again, "seconds": 0} == {**counts, "seconds": 0}
    assert digest(tmp_path / "again") == digest(dest)


def test_the_command_line_prints_the_counts(tmp_path, capsys):
    main([str(tmp_path / "cli"), "--bulletins", "30"])
    out = capsys.readouterr().out
    assert "bulletins: 30" in out and "localities: " in out and "organizations: " in out
    with pytest.raises(SystemExit, match="not an empty folder"):
        main([str(tmp_path / "cli"), "--bulletins", "30"])
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemExit, match="not an empty folder"):
        main([str(tmp_path / "file")])
    with pytest.raises(SystemExit, match="negative"):
        main([str(tmp_path / "neg"), "--bulletins", "-1"])


def test_the_loader_accepts_the_generated_content_without_a_warning(province):
    dest, _ = province
    _site, report = load_site(dest / "docs")
    assert [p.format() for p in report.errors + report.warnings] == []


@pytest.mark.slow
def test_the_generated_province_builds(province, tmp_path):
    dest, counts = province
    result = build(dest, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    meetings = list((tmp_path / "site" / routes.BY_NAME["meeting"].pattern.partition("{")[0]).rglob("index.html"))
    assert len(meetings) == counts["bulletins"]
    # Hundreds of bodies in charge: the tracker names the pattern of their lists once and links to
    # the list of bodies instead of a link per body, so its pages stay light.
    page = (tmp_path / "site/cam-ket/index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    owners = soup.select("select[name=co-quan] option[value!='']")
    assert len(owners) > tracker.OWNER_LINKS_MAX
    assert soup.select_one("select[name=co-quan]")["data-list"].endswith("co-quan/{key}/cam-ket/")
    assert not any(o.has_attr("data-list") for o in owners)
    links = soup.select(".tracker-links a[href*='co-quan/']")
    assert [a["href"] for a in links] == ["../co-quan/"] and str(len(owners)) in links[0].get_text()
    assert soup.select("select[name=trang-thai] option[data-list]")  # statuses: lists of several routes
