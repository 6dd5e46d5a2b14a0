"""After 1 July 2025 (issue 20): a ward body's bulletin publishes through the workflow's own command,
the city's open commitments say truthfully that their owner ended, a hand-over moves a commitment to
its new owner from that meeting on, a ward's page lists work placed in the wards it was made of, and
a former ward's name finds the ward that covers it now. Real builds, read in Chromium at phone width.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from conftest import AS_OF, ROOT, build, watched_page
from portal.content.loader import load_site
from portal.content.views import Portal
from scripts.dev.screenshot import serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CAMERA = "camera-cong-cong-ba-phuong-2020"
WARD_MEETING = "meetings/2026/2026-03-10-giao-ban-phuong-hac-thanh.md"
WARD_BULLETIN = """
---
title: "UBND phường Hạc Thành giao ban với UB MTTQ phường quý I năm 2026"
date: 2026-03-10
kind: giao-ban
chairs:
  - person: le-anh-xuan
    role: "Chủ tịch UBND phường Hạc Thành"
organizations: [ubnd-phuong-hac-thanh, ub-mttq-phuong-hac-thanh]
commitments:
  - id: ra-soat-camera-phuong-hac-thanh-2026
    text: "Rà soát hệ thống camera công cộng trên địa bàn phường."
    owners: [ubnd-phuong-hac-thanh]
    places: [phuong-hac-thanh]
    due: 2026-12-31
{reviews}---

Sáng 10/3, UBND phường Hạc Thành tổ chức hội nghị giao ban với UB MTTQ phường.
"""
HANDOVER = f"""reviews:
  - commitment: {CAMERA}
    status: in-progress
    owners: [ub-mttq-phuong-hac-thanh]
    note: "Giao UB MTTQ phường Hạc Thành tiếp tục vận động lắp camera ở các khu phố thuộc phường Ba Đình, Lam Sơn, Đông Vệ cũ."
"""


def workflow_build_command() -> list[str]:
    """The publishing workflow's own build command (.github/workflows/publish.yml)."""
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", [])
            if "mkdocs build" in str(step.get("run", ""))]
    assert len(runs) == 1, runs
    command = shlex.split(runs[0].strip())
    assert command[0] == ".venv/bin/mkdocs"
    return [sys.executable, "-m", "mkdocs", *command[1:]]


def publish(project: Path, out: Path) -> subprocess.CompletedProcess:
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(project / "docs")],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    env = {"PORTAL_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(workflow_build_command() + ["-f", str(project / "mkdocs.yml"), "-d", str(out)],
                            capture_output=True, text=True, cwd=project, env=env)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample content with a 2026 ward bulletin, without and with the hand-over of the camera commitment."""
    from conftest import make_project

    out = {}
    for name, reviews in (("waiting", ""), ("handed", HANDOVER)):
        root = tmp_path_factory.mktemp(name)
        project = make_project(root / "project", {WARD_MEETING: WARD_BULLETIN.replace("{reviews}", reviews)})
        publish(project, root / "site")
        site, _ = load_site(project / "docs")
        out[name] = (root / "site", Portal(site, dt.date.fromisoformat(AS_OF)))
    return out


@pytest.fixture(scope="module")
def servers(sites):
    running = {name: serve(str(site)) for name, (site, _) in sites.items()}
    yield {name: f"http://127.0.0.1:{s.server_address[1]}/" for name, s in running.items()}
    for server in running.values():
        server.shutdown()


@pytest.fixture
def phone(browser):
    context, page = watched_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=1)
    yield page
    assert page.errors == []
    context.close()


# Screenshots for a person to look at: into $PORTAL_SCREENSHOTS (the README's come from there), else a
# temporary folder; a test never writes into the repository.
SHOTS = Path(os.environ.get("PORTAL_SCREENSHOTS") or tempfile.mkdtemp(prefix="portal-shots-"))


def test_a_ward_bulletin_of_2026_publishes_through_the_workflows_command(sites):
    site, portal = sites["waiting"]
    meeting = next(m for m in portal.meetings if m.src_uri == WARD_MEETING)
    assert (site / meeting.url / "index.html").is_file()
    # and a city body named in 2026 is refused, naming the successors
    text = WARD_BULLETIN.replace("{reviews}", "").replace("[ubnd-phuong-hac-thanh, ub-mttq-phuong-hac-thanh]",
                                                         "[ubnd-phuong-hac-thanh, ub-mttq-tp]")
    from conftest import make_project
    project = make_project(site.parent / "refused", {WARD_MEETING: text})
    check = subprocess.run([sys.executable, str(ROOT / "scripts/check.py"), "--docs", str(project / "docs")],
                           capture_output=True, text=True)
    assert check.returncode == 1
    assert re.search(r"organizations\[2\]: UB MTTQ thành phố \(\"ub-mttq-tp\"\) kết thúc hoạt động ngày 30/06/2025, "
                     r"nhưng hội nghị diễn ra 10/03/2026: không thể ghi là cơ quan tham dự; đơn vị kế thừa: "
                     r"\"ub-mttq-phuong-hac-thanh\" \(UB MTTQ phường Hạc Thành\)", check.stdout), check.stdout
    assert build(project, site.parent / "refused-site").returncode == 1


def test_the_unreassigned_camera_commitment_says_its_owner_ended_and_lists_candidates(sites, servers, phone):
    _, portal = sites["waiting"]
    camera = portal.commitment(CAMERA)
    assert camera.awaiting_handover and [o.key for o in camera.owners] == ["ub-mttq-tp", "ban-dan-van-tu"]
    # the successor whose ward now covers the commitment's places comes first among the candidates
    assert camera.candidates[0].key == "ub-mttq-phuong-hac-thanh"
    phone.goto(servers["waiting"] + camera.url)
    item = phone.locator(f"#{camera.anchor}")
    owners = item.locator(".commitment__owners")
    expect(owners).to_contain_text("UB MTTQ thành phố (kết thúc 30/06/2025)")
    expect(owners).to_contain_text("Chờ bàn giao: cơ quan chủ trì đã kết thúc hoạt động ngày 30/06/2025")
    expect(owners).to_contain_text("Đơn vị kế thừa theo danh mục (chưa phải cơ quan chủ trì)")
    expect(owners.locator("a", has_text="UB MTTQ phường Hạc Thành")).to_have_count(1)
    expect(item.locator(".badge--awaiting")).to_have_text("Chờ bàn giao")
    expect(item.locator(".timeline__entry--ended")).to_contain_text("kết thúc hoạt động; cam kết chưa được bàn giao")
    # places as data, with where they are now
    expect(item).to_contain_text("Phường Ba Đình (nay thuộc Phường Hạc Thành)")
    item.scroll_into_view_if_needed()
    item.screenshot(path=str(SHOTS / "awaiting-phone.png"))


def test_a_hand_over_makes_it_the_new_owners_from_that_meeting_on(sites, servers, phone):
    _, portal = sites["handed"]
    camera = portal.commitment(CAMERA)
    assert not camera.awaiting_handover and [o.key for o in camera.owners] == ["ub-mttq-phuong-hac-thanh"]
    assert camera.handover.meeting.src_uri == WARD_MEETING
    phone.goto(servers["handed"] + camera.url)
    item = phone.locator(f"#{camera.anchor}")
    expect(item.locator(".badge--awaiting")).to_have_count(0)
    expect(item.locator(".commitment__owners > a.org-link")).to_have_text(["UB MTTQ phường Hạc Thành"])
    expect(item.locator(".commitment__owners")).to_contain_text("nhận bàn giao tại hội nghị 10/03/2026")
    handover = item.locator(".timeline__entry--review").last
    expect(handover).to_contain_text("Bàn giao cho UB MTTQ phường Hạc Thành từ hội nghị này")
    expect(handover.locator("a").first).to_have_text(camera.handover.meeting.title)
    item.scroll_into_view_if_needed()
    item.screenshot(path=str(SHOTS / "handover-phone.png"))
    # it counts for the new owner now, and the old one lists it as handed over
    new_owner = portal.organizations["ub-mttq-phuong-hac-thanh"]
    phone.goto(servers["handed"] + new_owner.url)
    expect(phone.locator(f"a[href$='#{camera.anchor}']").first).to_be_visible()
    old_owner = portal.organizations["ub-mttq-tp"]
    phone.goto(servers["handed"] + old_owner.url)
    expect(phone.locator("#cam-ket-da-ban-giao")).to_contain_text("Cam kết đã bàn giao")


def test_the_ward_page_lists_the_commitment_through_its_former_wards(sites, servers, phone):
    site, portal = sites["waiting"]
    ward = portal.registries.localities["phuong-hac-thanh"]
    assert portal.commitment(CAMERA) in ward.placed
    phone.goto(servers["waiting"] + ward.url)
    expect(phone.locator("h1")).to_have_text("Phường Hạc Thành")
    expect(phone.locator(".meeting-card")).to_contain_text("Phường Ba Đình")
    # Đông Thọ and An Hưng were split: part of each, and where the rest went
    expect(phone.locator(".meeting-card")).to_contain_text("một phần Phường Đông Thọ (phần còn lại nay thuộc Phường Hàm Rồng)")
    expect(phone.locator(f"a[href$='#{portal.commitment(CAMERA).anchor}']").first).to_be_attached()
    expect(phone.locator("#cam-ket-dia-ban")).to_contain_text("đơn vị cũ nay thuộc Phường Hạc Thành")
    phone.screenshot(path=str(SHOTS / "locality-phone.png"), full_page=False)
    # a split former unit lists every successor and says so
    an_hung = portal.registries.localities["phuong-an-hung"]
    phone.goto(servers["waiting"] + an_hung.url)
    expect(phone.locator(".meeting-card")).to_contain_text("Địa bàn được chia cho 2 đơn vị")


def test_searching_a_former_ward_finds_the_ward_that_covers_it(sites, servers, phone):
    _, portal = sites["waiting"]
    from portal.contract import routes
    phone.goto(servers["waiting"] + routes.url("search") + "?q=Ba%20%C4%90%C3%ACnh")
    places = phone.locator("[data-search-places]")
    expect(places).to_be_visible()
    expect(places).to_contain_text("Phường Ba Đình")
    expect(places).to_contain_text("nay thuộc Phường Hạc Thành")
    places.locator("a", has_text="Phường Hạc Thành").first.click()
    expect(phone.locator("h1")).to_have_text("Phường Hạc Thành")
    # without tone marks too
    phone.goto(servers["waiting"] + routes.url("search") + "?q=ba%20dinh")
    expect(phone.locator("[data-search-places]")).to_contain_text("Phường Hạc Thành")
