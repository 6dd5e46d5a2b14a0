"""The review sheets beside the pages whose route declares ``sheet`` (routes.SHEETS): the tracker, each
body's and each locality's page. A sheet holds the open commitments of the list the route names, in
the page's order; a page whose list has none gets no sheet (and no link: the templates ask ``.open``)."""

from __future__ import annotations

from portal.contract import routes
from portal.outputs import sheets
from portal.site.pages import EntryPage, PageSpec

TRACKER_TITLE = "Mọi cam kết còn mở"


def sheet_lists(specs: list[PageSpec]):
    """(route, params, title, open commitments) of every page that has a review sheet."""
    for spec in specs:
        route = routes.BY_NAME[spec.route]
        if not route.sheet or spec.number != 1:
            continue
        if isinstance(spec.view, EntryPage):
            listed, title = spec.view.lists[route.sheet], spec.view.entry.name
        else:
            listed, title = spec.view, TRACKER_TITLE
        rows = listed.open
        if rows:
            yield route, spec.params, title, rows


def sheet_files(p, specs: list[PageSpec], site_url: str, workbook=sheets.xlsx_of_rows) -> dict[str, str | bytes]:
    """Site-relative path -> content of every review sheet (XLSX bytes, CSV text). ``workbook``: makes
    the XLSX from (rows, as_of, title); the build passes one that keeps them between builds."""
    out: dict[str, str | bytes] = {}
    for route, params, title, commitments in sheet_lists(specs):
        (xlsx, xlsx_path), (_, csv_path) = route.sheets(**params)
        rows = sheets.sheet_rows(commitments, site_url)
        out[xlsx_path] = workbook(rows, p.as_of, title)
        out[csv_path] = sheets.sheet_csv(commitments, site_url, rows)
    return out
