"""Figures filled in as each page is written (portal.site.pages.late_values, portal_mkdocs.fragments.Late):
the right numbers on the built pages, never a mark left behind, never a blank for a figure nobody computes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from portal_mkdocs.fragments import Late


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
def test_no_mark_is_left_in_any_file(big_site):
    left = [p for p in big_site.rglob("*") if p.is_file() and Late.MARK.encode() in p.read_bytes()]
    assert left == []


@pytest.mark.slow
def test_the_tracker_figures_are_the_lists_own(big_site):
    """The counts beside each status and filter value are the number of rows of that value's own list."""
    home = _soup(big_site, "cam-ket/index.html")
    total = int(home.select_one(".tracker-summary strong").text)
    links = home.select(".tracker-links a")
    assert links[0].text == f"Tất cả ({total})"
    checked = 0
    for link in links[1:]:
        found = re.fullmatch(r".*\((\d+)\)", link.text)
        if not found:
            continue
        listed = big_site / (Path("cam-ket") / link["href"]).as_posix() / "index.html"
        page = BeautifulSoup(listed.read_text(encoding="utf-8"), "html.parser")
        assert int(page.select_one(".tracker-summary strong").text) == int(found.group(1)), link["href"]
        checked += 1
    assert checked >= 4
    # The row numbers of a page: counted from the end, every page but the first holds 50.
    second = _soup(big_site, "cam-ket/trang-2/index.html")
    first_rows = len(home.select("table[data-tracker] tbody tr"))
    note = second.select_one(".tracker-page-note").text
    assert f"(cam kết {first_rows + 1}–{first_rows + 50})" in note
    assert second.select_one("table[data-tracker]")["data-total"] == str(total)


def test_a_figure_nobody_computes_stops_the_build_rather_than_print_a_blank():
    late = Late(lambda: {"overdue": "3"})
    html = f"<p>{late('overdue')} quá hạn, {late('nothing', 'here')}</p>"
    with pytest.raises(PluginError, match="nothing/here"):
        late.fill(html, "cam-ket/index.md")
    assert Late(lambda: {"overdue": "3"}).fill(f"<b>{late('overdue')}</b>", "x") == "<b>3</b>"
