/* The tracker's filters: status (with "no report" and overdue), owner, year, topic, a text
 * box that ignores tone marks (assets/fold.js, the same folding as the search), and the
 * sort. The state lives in the URL so a filtered view can be shared.
 *
 * The page itself holds only the first rows (hooks/portal/tracker.py), so that it stays
 * small at any archive size; the first filter fetches tracker.json (every commitment,
 * compact) once and draws the matching rows here, 50 at a time. Every text is set with
 * textContent: commitment texts are data, never markup. Without JavaScript the form stays
 * hidden and the static filter pages, paginated, do the same job. */
(function () {
  "use strict";
  var form = document.querySelector("[data-tracker-filter]");
  var table = document.querySelector("table[data-tracker]");
  if (!form || !table || !window.portalFold) return;
  var fold = window.portalFold;
  var tools = document.querySelector("[data-tracker-tools]");
  var count = document.querySelector("[data-tracker-count]");
  var empty = document.querySelector("[data-tracker-empty]");
  var more = document.querySelector("[data-tracker-more]");
  var pager = document.querySelector("[data-tracker-pager]");
  var pageNote = document.querySelector(".tracker-page-note");  // "Trang 1/8": about the page's own rows
  var base = form.getAttribute("data-base") || ".";
  if (base.slice(-1) !== "/") base += "/";
  var src = form.getAttribute("data-src");
  var tbody = table.tBodies[0];
  var firstRows = Array.prototype.slice.call(tbody.rows);
  var NAMES = ["q", "trang-thai", "co-quan", "nam", "chu-de", "sap-xep"];
  var DEFAULT_SORT = "uu-tien";
  var PAGE = 50;
  // Columns of a row in tracker.json (see records() in hooks/portal/tracker.py).
  var ID = 0, TEXT = 1, URL = 2, OWNERS = 3, STATUS = 4, OVERDUE = 5, DUE = 6, DUE_SHOWN = 7, DUE_END = 8,
    MEETING = 9, MEETING_SHOWN = 10, TOPICS = 11, REVIEW_SHOWN = 12;
  var loading = null, data = null, matches = [], shown = 0, timer = null;

  function load() {
    if (!loading) {
      loading = fetch(src).then(function (r) {
        if (!r.ok) throw new Error(src + ": " + r.status);
        return r.json();
      }).then(function (d) {
        d.rows.forEach(function (row, i) { row.folded = fold(row[TEXT]); row.rank = i; });
        data = d;
        return d;
      });
    }
    return loading;
  }

  function state() {
    var s = {};
    NAMES.forEach(function (name) { s[name] = (form.elements[name].value || "").trim(); });
    if (!s["sap-xep"]) s["sap-xep"] = DEFAULT_SORT;
    return s;
  }
  function active(s) {
    return NAMES.some(function (name) { return name === "sap-xep" ? s[name] !== DEFAULT_SORT : s[name] !== ""; });
  }
  function writeUrl(s) {
    var query = new URLSearchParams();
    NAMES.forEach(function (name) {
      if (s[name] && !(name === "sap-xep" && s[name] === DEFAULT_SORT)) query.set(name, s[name]);
    });
    var search = query.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }

  function matcher(s) {
    var words = fold(s.q).split(/\s+/).filter(Boolean);
    return function (row) {
      if (s["trang-thai"] === "qua-han" ? !row[OVERDUE] : s["trang-thai"] && row[STATUS] !== s["trang-thai"]) return false;
      if (s["co-quan"] && row[OWNERS].indexOf(s["co-quan"]) < 0) return false;
      if (s.nam && row[MEETING].slice(0, 4) !== s.nam) return false;
      if (s["chu-de"] && row[TOPICS].indexOf(s["chu-de"]) < 0) return false;
      for (var i = 0; i < words.length; i++) if (row.folded.indexOf(words[i]) < 0) return false;
      return true;
    };
  }
  function sorted(rows, how) {
    rows = rows.slice();
    if (how === "han") {
      rows.sort(function (a, b) {
        if (!a[DUE_END] !== !b[DUE_END]) return a[DUE_END] ? -1 : 1;
        if (a[DUE_END] !== b[DUE_END]) return a[DUE_END] < b[DUE_END] ? -1 : 1;
        return a.rank - b.rank;
      });
    } else if (how === "hoi-nghi") {
      rows.sort(function (a, b) {
        if (a[MEETING] !== b[MEETING]) return a[MEETING] > b[MEETING] ? -1 : 1;
        return a.rank - b.rank;
      });
    }
    return rows;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text != null) node.textContent = text;
    return node;
  }
  function cell(label) { return el("td", {"data-label": label}); }
  // The same markup as commitment_rows in overrides/portal/macros.html.
  function drawRow(row) {
    var tr = el("tr", {id: "cam-ket-" + row[ID], "data-status": row[STATUS], "data-owners": row[OWNERS].join(" "),
      "data-year": row[MEETING].slice(0, 4), "data-overdue": row[OVERDUE] ? "yes" : "no"});
    var text = cell("Cam kết");
    text.appendChild(el("a", {href: base + row[URL]}, row[TEXT]));
    var owners = cell("Chủ trì");
    row[OWNERS].forEach(function (key, i) {
      var org = data.owners[key] || [key, null];
      if (i) owners.appendChild(document.createTextNode(", "));
      owners.appendChild(org[1] ? el("a", {"class": "org-link", href: base + org[1]}, org[0]) : document.createTextNode(org[0]));
    });
    var meeting = cell("Hội nghị");
    var link = el("a", {href: base + row[URL].split("#")[0]});
    link.appendChild(el("time", {datetime: row[MEETING]}, row[MEETING_SHOWN]));
    meeting.appendChild(link);
    var due = cell("Hạn");
    due.appendChild(row[DUE] ? el("time", {datetime: row[DUE]}, row[DUE_SHOWN]) : el("span", {"class": "muted"}, data.labels.noDueDate));
    var status = cell("Trạng thái");
    status.appendChild(el("span", {"class": "badge badge--" + row[STATUS]}, data.labels.status[row[STATUS]] || row[STATUS]));
    if (row[OVERDUE]) {
      status.appendChild(document.createTextNode(" "));
      status.appendChild(el("span", {"class": "badge badge--overdue"}, data.labels.overdue));
    }
    if (row[REVIEW_SHOWN]) {
      status.appendChild(el("br"));
      status.appendChild(el("span", {"class": "muted small"}, "theo hội nghị " + row[REVIEW_SHOWN]));
    }
    [text, owners, meeting, due, status].forEach(function (td) { tr.appendChild(td); });
    return tr;
  }
  function drawMore() {
    var end = Math.min(shown + PAGE, matches.length);
    var fragment = document.createDocumentFragment();
    for (var i = shown; i < end; i++) fragment.appendChild(drawRow(matches[i]));
    tbody.appendChild(fragment);
    shown = end;
    more.hidden = shown >= matches.length;
  }

  function apply() {
    var s = state();
    writeUrl(s);
    if (!active(s)) {
      tbody.replaceChildren.apply(tbody, firstRows);
      table.hidden = false;
      count.hidden = true;
      more.hidden = true;
      if (empty) empty.hidden = true;
      if (pager) pager.hidden = false;
      if (pageNote) pageNote.hidden = false;
      return Promise.resolve();
    }
    count.hidden = false;
    if (pageNote) pageNote.hidden = true;
    if (!data) count.textContent = "Đang tải danh sách cam kết…";
    return load().then(function (d) {
      var now = state();  // the reader may have typed on while the data loaded
      matches = sorted(d.rows.filter(matcher(now)), now["sap-xep"]);
      shown = 0;
      tbody.replaceChildren();
      drawMore();
      table.hidden = matches.length === 0;
      if (empty) empty.hidden = matches.length > 0;
      if (pager) pager.hidden = true;
      count.textContent = "Tìm thấy " + matches.length + "/" + d.rows.length + " cam kết" +
        (matches.length > PAGE ? "; đang hiện " + Math.min(shown, matches.length) + "." : ".");
    }).catch(function () {
      count.textContent = "Không tải được danh sách cam kết. Hãy thử lại, hoặc dùng các trang lọc sẵn trong mục trên.";
    });
  }

  var params = new URLSearchParams(window.location.search);
  NAMES.forEach(function (name) {
    var value = params.get(name), field = form.elements[name];
    if (!value || !field) return;
    if (field.tagName === "SELECT" && !field.querySelector('option[value="' + CSS.escape(value) + '"]')) return;
    field.value = value;
  });
  form.hidden = false;
  // The form does what the static filter links do; on a phone they would push the results down.
  var links = tools && tools.querySelector(".tracker-links");
  if (links) links.hidden = true;
  form.addEventListener("change", apply);
  form.elements.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 200);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); apply(); });
  more.addEventListener("click", function () {
    drawMore();
    count.textContent = "Tìm thấy " + matches.length + "/" + data.rows.length + " cam kết; đang hiện " + shown + ".";
  });
  if (active(state())) {
    if (tools) tools.open = true;
    apply();
  }
  window.portalTracker = {apply: apply, load: load};
})();
