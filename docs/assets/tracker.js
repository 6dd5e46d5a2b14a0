/* The tracker's filters: status (with "no report" and overdue), body in charge, meeting year,
 * topic, a text box that ignores tone marks (assets/fold.js, the same folding as the search),
 * and the sort. The state lives in the URL so a filtered view can be shared.
 *
 * This script draws no row and has no sort rule of its own (hooks/portal/site/tracker.py):
 * - every value of a filter has a static list page drawn by the build, in the default order,
 *   50 rows a page (its URL and count are on the <option>); the rows shown are those pages'
 *   rows, fetched and taken as they are (links re-rooted for this page);
 * - one filter in the default order fetches just the pages of that list it shows;
 * - anything else (two filters, words, another sort) first fetches cam-ket/du-lieu/chi-muc.json
 *   (each commitment's filter values and each sort's order, no text), picks the smallest
 *   list holding every match, and fetches the pages of it that hold the rows to show; words
 *   fetch van-ban.json (the texts, folded) once.
 * Without JavaScript the form stays hidden and the static filter pages do the same job. */
(function () {
  "use strict";
  var form = document.querySelector("[data-tracker-filter]");
  var table = document.querySelector("table[data-tracker]");
  if (!form || !table || !window.portalFold || !window.DOMParser) {
    document.documentElement.classList.remove("tracker-loading");
    return;
  }
  var fold = window.portalFold;
  var tools = document.querySelector("[data-tracker-tools]");
  var count = document.querySelector("[data-tracker-count]");
  var empty = document.querySelector("[data-tracker-empty]");
  var more = document.querySelector("[data-tracker-more]");
  var pager = document.querySelector("[data-tracker-pager]");
  var follow = form.querySelector("[data-tracker-follow]");
  var pageNote = document.querySelector(".tracker-page-note");  // "Trang 1/8": about the page's own rows
  var root = form.getAttribute("data-root") || ".";
  var rootUrl = new URL(root + "/", window.location.href).href;
  var PAGE = +form.getAttribute("data-page-size");
  var SUFFIX = form.getAttribute("data-page-suffix");
  var FEED = form.getAttribute("data-feed");
  var tbody = table.tBodies[0];
  var firstRows = Array.prototype.slice.call(tbody.rows);
  var total = +table.getAttribute("data-total");
  var selects = Array.prototype.filter.call(form.elements, function (el) {
    return el.tagName === "SELECT" && el.name !== "sap-xep";
  });
  var FACETS = selects.map(function (el) { return el.name; });
  var NAMES = ["q"].concat(FACETS, ["sap-xep"]);
  var DEFAULT_SORT = form.elements["sap-xep"].options[0].value;
  var index = null, texts = null, pages = {}, view = null, timer = null, run = 0;

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }
  function loadIndex() {
    if (!index) {
      index = getJson(form.getAttribute("data-index")).then(function (d) {
        // Each sort's rank per commitment, from its order (positions, delta-encoded).
        d.ranks = {};
        Object.keys(d.orders).forEach(function (key) {
          var rank = new Array(d.count), at = 0;
          d.orders[key].forEach(function (delta, k) { at += delta; rank[at] = k; });
          d.ranks[key] = rank;
        });
        d.byParam = {};
        d.facets.forEach(function (f) {
          f.byKey = {};
          f.values.forEach(function (v, n) { f.byKey[v[0]] = n; });
          d.byParam[f.param] = f;
        });
        return d;
      });
    }
    return index;
  }
  function loadTexts() {
    if (!texts) texts = getJson(form.getAttribute("data-text"));
    return texts;
  }

  // A page of a static list, as the build drew it: its rows, their links re-rooted for this page.
  function listPage(url, n) {
    var href = n === 1 ? url : url + SUFFIX.replace("{number}", n);
    if (!pages[href]) {
      var absolute = new URL(href, window.location.href).href;
      pages[href] = fetch(href).then(function (r) {
        if (!r.ok) throw new Error(href + ": " + r.status);
        return r.text();
      }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var found = doc.querySelector("table[data-tracker]");
        var rows = found ? Array.prototype.slice.call(found.tBodies[0].rows) : [];
        rows.forEach(function (row) {
          Array.prototype.forEach.call(row.querySelectorAll("a[href]"), function (a) {
            var target = new URL(a.getAttribute("href"), absolute).href;
            if (target.indexOf(rootUrl) === 0) a.setAttribute("href", root + "/" + target.slice(rootUrl.length));
          });
        });
        return {rows: rows, total: found ? +found.getAttribute("data-total") : 0};
      });
    }
    return pages[href];
  }

  function state() {
    var s = {};
    NAMES.forEach(function (name) { s[name] = (form.elements[name].value || "").trim(); });
    if (!s["sap-xep"]) s["sap-xep"] = DEFAULT_SORT;
    return s;
  }
  function activeFacets(s) { return FACETS.filter(function (name) { return s[name] !== ""; }); }
  function active(s) { return s.q !== "" || s["sap-xep"] !== DEFAULT_SORT || activeFacets(s).length > 0; }
  function writeUrl(s) {
    var query = new URLSearchParams();
    NAMES.forEach(function (name) {
      if (s[name] && !(name === "sap-xep" && s[name] === DEFAULT_SORT)) query.set(name, s[name]);
    });
    var search = query.toString();
    history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
  }
  function option(name, value) {
    return form.elements[name].querySelector('option[value="' + CSS.escape(value) + '"]');
  }
  // The static list of a filter's value: on the option, or the select's pattern with the value's key.
  function listOf(opt) {
    return opt.getAttribute("data-list") ||
      opt.closest("select").getAttribute("data-list").replace("{key}", encodeURIComponent(opt.value));
  }

  // What the filter shows, as a list of (static list, position in it) to take rows from.
  // One filter in the default order: that list itself, page after page.
  function simpleView(s) {
    var opt = option(activeFacets(s)[0], s[activeFacets(s)[0]]);
    var list = listOf(opt);
    var size = +opt.getAttribute("data-count");
    return Promise.resolve({count: size, list: list, length: size, at: function (k) { return k; }});
  }
  function fullView(s) {
    var words = fold(s.q).split(/\s+/).filter(Boolean);
    return Promise.all([loadIndex(), words.length ? loadTexts() : null]).then(function (got) {
      var d = got[0], text = got[1];
      var wanted = activeFacets(s).map(function (name) {
        var f = d.byParam[name];
        return {of: f.of, value: f.byKey[s[name]], facet: f};
      });
      var matches = [];
      for (var i = 0; i < d.count; i++) {
        var ok = true;
        for (var w = 0; ok && w < wanted.length; w++) {
          var of = wanted[w].of[i], v = wanted[w].value;
          ok = of === v || (Array.isArray(of) && of.indexOf(v) >= 0);
        }
        for (var t = 0; ok && t < words.length; t++) ok = text[i].indexOf(words[t]) >= 0;
        if (ok) matches.push(i);
      }
      var rank = d.ranks[s["sap-xep"]];
      if (rank) matches.sort(function (a, b) { return rank[a] - rank[b]; });
      // The smallest static list holding every match, and each match's place in it (default order).
      var source = null;
      wanted.forEach(function (w) {
        var value = w.facet.values[w.value];
        if (!source || value[2] < source.value[2]) source = {value: value, of: w.of, n: w.value};
      });
      var deflt = d.ranks[d.default_sort];
      var members = [];
      for (var j = 0; j < d.count; j++) {
        if (!source) { members.push(j); continue; }
        var o = source.of[j];
        if (o === source.n || (Array.isArray(o) && o.indexOf(source.n) >= 0)) members.push(j);
      }
      if (deflt) members.sort(function (a, b) { return deflt[a] - deflt[b]; });  // none: the position itself
      var place = {};
      members.forEach(function (m, k) { place[m] = k; });
      return {count: matches.length, of: d.count, list: root + "/" + (source ? source.value[1] : d.all),
              length: members.length, at: function (k) { return place[matches[k]]; }};
    });
  }

  // Where row p (0-based) of a static list of `length` rows is: [page number, row on that page].
  // The build's rule (hooks/portal/content/views.py, paginate): pages are counted from the list's
  // end, every page but the first holds PAGE rows, the first the rest.
  function pageOf(p, length) {
    var half = Math.max(1, Math.floor(PAGE / 2));
    var first = length - PAGE * Math.max(0, Math.floor((length - half) / PAGE));
    if (p < first) return [1, p];
    return [2 + Math.floor((p - first) / PAGE), (p - first) % PAGE];
  }

  // Rows from..to of the view, fetched from the pages of its static list that hold them.
  function rowsOf(v, from, to) {
    var wanted = [];
    for (var k = from; k < Math.min(to, v.count); k++) wanted.push(pageOf(v.at(k), v.length));
    var numbers = [];
    wanted.forEach(function (at) {
      if (numbers.indexOf(at[0]) < 0) numbers.push(at[0]);
    });
    return Promise.all(numbers.map(function (n) { return listPage(v.list, n); })).then(function (got) {
      var byNumber = {};
      numbers.forEach(function (n, i) { byNumber[n] = got[i].rows; });
      return wanted.map(function (at) {
        return document.importNode(byNumber[at[0]][at[1]], true);
      });
    });
  }

  // While rows load the table says so (assistive technology, and tests wait on it). The page's
  // own rows, hidden when it was opened with a filter (tracker.html), show once the filter is done.
  function busy(on) {
    if (on) table.setAttribute("aria-busy", "true");
    else {
      table.removeAttribute("aria-busy");
      document.documentElement.classList.remove("tracker-loading");
    }
  }
  function show(rows, append) {
    if (!append) tbody.replaceChildren();
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    tbody.appendChild(fragment);
  }
  function counted(v, shown) {
    count.textContent = "Tìm thấy " + v.count + "/" + total + " cam kết" +
      (v.count > shown ? "; đang hiện " + shown + "." : ".");
  }
  function followFor(s) {
    if (!follow) return;
    follow.replaceChildren();
    var facets = activeFacets(s);
    follow.hidden = facets.length === 0 || s.q !== "";
    if (follow.hidden) return;
    // Every value of a filter has its feed beside its static list; the narrowest one is offered.
    var best = null;
    facets.forEach(function (name) {
      var opt = option(name, s[name]);
      if (!best || +opt.getAttribute("data-count") < +best.getAttribute("data-count")) best = opt;
    });
    var link = document.createElement("a");
    link.href = listOf(best) + FEED;
    link.type = "application/atom+xml";
    link.textContent = "Theo dõi thay đổi của " + (facets.length === 1 ? "đúng danh sách này" :
      "danh sách “" + best.textContent.replace(/ \(\d+\)$/, "") + "”");
    follow.appendChild(link);
    if (facets.length > 1) {
      follow.appendChild(document.createTextNode(" (nguồn theo dõi có cho từng điều kiện lọc, không cho tổ hợp nhiều điều kiện)"));
    }
  }

  function apply() {
    var s = state(), mine = ++run;
    writeUrl(s);
    followFor(s);
    if (!active(s)) {
      view = null;
      busy(false);
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
    if (pager) pager.hidden = true;
    count.textContent = "Đang tải…";
    busy(true);
    var simple = activeFacets(s).length === 1 && s.q === "" && s["sap-xep"] === DEFAULT_SORT;
    if (!simple && activeFacets(s).length && s["sap-xep"] === DEFAULT_SORT) {
      // While the index loads, the first page of the narrowest list: in the default order the
      // first matches are most often on it.
      var narrowest = null;
      activeFacets(s).forEach(function (name) {
        var opt = option(name, s[name]);
        if (!narrowest || +opt.getAttribute("data-count") < +narrowest.getAttribute("data-count")) narrowest = opt;
      });
      listPage(listOf(narrowest), 1);
    }
    return (simple ? simpleView(s) : fullView(s)).then(function (v) {
      return rowsOf(v, 0, PAGE).then(function (rows) {
        if (mine !== run) return;  // the reader changed the filter while this one loaded
        view = v;
        view.shown = rows.length;
        show(rows, false);
        table.hidden = v.count === 0;
        if (empty) empty.hidden = v.count > 0;
        more.hidden = view.shown >= v.count;
        counted(v, view.shown);
        busy(false);
      });
    }).catch(function () {
      if (mine !== run) return;
      busy(false);
      count.textContent = "Không tải được danh sách cam kết. Hãy thử lại, hoặc dùng các trang lọc sẵn trong mục trên.";
    });
  }

  var params = new URLSearchParams(window.location.search);
  NAMES.forEach(function (name) {
    var value = params.get(name), field = form.elements[name];
    if (!value || !field) return;
    if (field.tagName === "SELECT" && !option(name, value)) return;
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
    var v = view, mine = run;
    if (!v) return;
    more.hidden = true;
    busy(true);
    rowsOf(v, v.shown, v.shown + PAGE).then(function (rows) {
      if (mine !== run) return;
      show(rows, true);
      v.shown += rows.length;
      more.hidden = v.shown >= v.count;
      counted(v, v.shown);
      busy(false);
    });
  });
  if (active(state())) {
    if (tools) tools.open = true;
    apply();
  } else {
    busy(false);
  }
  window.portalTracker = {apply: apply, loadIndex: loadIndex};
})();
