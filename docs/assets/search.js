/* The search page: queries the static index written by hooks/portal/search.py.
 *
 * Matching ignores tone marks and "đ" (fold), expands abbreviations both ways, treats
 * quoted text as a phrase of adjacent syllables and requires every unquoted word; pages
 * holding the words as a phrase, then those with the exact accents typed, rank first.
 * The state lives in the URL (?q=, filters, sort) so a search is a link. */
(function () {
  "use strict";
  var root = document.querySelector("[data-search-root]");
  if (!root) return;
  var base = root.getAttribute("data-base") || ".";
  if (base.slice(-1) !== "/") base += "/";
  var form = document.querySelector("[data-search-form]");
  var list = root.querySelector("[data-search-results]");
  var summary = root.querySelector("[data-search-summary]");
  var facetsBox = root.querySelector("[data-search-facets]");
  var more = root.querySelector("[data-search-more]");
  var placesBox = root.querySelector("[data-search-places]");
  var PAGE = 10;
  // [URL parameter, heading, dimension]
  var FILTERS = [["nam", "Năm", "year"], ["ket-qua", "Loại kết quả", "type"], ["loai", "Loại hội nghị", "kind"],
    ["co-quan", "Cơ quan", "body"], ["chu-de", "Chủ đề", "topic"], ["trang-thai", "Trạng thái cam kết", "status"]];
  // Written by hooks/portal/search.py (page_config): shard count, abbreviation groups,
  // the old/new tone-placement table and the URL patterns of the route table.
  var config = JSON.parse(document.getElementById("search-config").textContent);
  var OLD_TONES = config.oldTones;
  var OLD_TONE_RE = new RegExp(Object.keys(OLD_TONES).join("|"), "g");

  // --- text: the same folding as portal/text.py and portal/search.py -------------------
  var fold = window.portalFold;  // assets/fold.js, shared with the tracker
  function syllables(s) { return fold(s).match(/[0-9a-z]+/g) || []; }
  function accented(s) {
    var words = s.normalize("NFC").toLowerCase().replace(OLD_TONE_RE, function (m) { return OLD_TONES[m]; })
      .match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (w) { return /[^\x00-\x7f]/.test(w); });
  }
  function fnv1a(key) {
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }

  // --- building the page: data is only ever text, links only ever this site's pages ------------
  // Nothing from the index, the URL or the content is written as markup (no innerHTML): an element
  // gets its text with textContent and its address through siteHref, which refuses what leaves the
  // site (another origin, javascript:, data:), so a hostile page address or name stays inert.
  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  var SITE = new URL(base, window.location.href);
  function siteHref(path) {
    var url;
    try { url = new URL(String(path), SITE); } catch (e) { return null; }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== SITE.origin) return null;
    return url.href;
  }
  function siteLink(path, children, className) {
    var a = el("a", className, children), href = siteHref(path);
    if (href) a.setAttribute("href", href);
    return a;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // --- the index -----------------------------------------------------------------------
  var cache = new Map();
  function fetchJson(path) {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return r.json();
      }));
    }
    return cache.get(path);
  }
  function fixed(str, size) {
    var width = size <= 36 ? 1 : 2, out = [];
    for (var i = 0; i < str.length; i += width) {
      var part = str.substr(i, width);
      out.push(part.charAt(0) === "-" ? -1 : parseInt(part, 36));
    }
    return out;
  }
  // Shard count and abbreviation groups come with the page: shards can be fetched at once,
  // while meta.json (filters, sorting) downloads alongside.
  var groups = new Map();
  config.abbr.forEach(function (group) { group.forEach(function (m) { groups.set(m, group); }); });
  var metaPromise = null;
  function loadMeta() {
    if (!metaPromise) metaPromise = fetchJson("search/meta.json").then(decodeMeta);
    return metaPromise;
  }
  function decodeMeta(m) {
    var M = m.meetings, n = m.count, i, j;
    var year = [];
    m.year.forEach(function (run) { for (var k = 0; k < run[1]; k++) year.push(run[0]); });
    var mKind = fixed(m.kind, m.kindNames.length);
    var mTopics = m.topics.split(",").map(function (s) { return fixed(s, m.topicNames.length); });
    var bodies = m.bodies.split(",").map(function (s) { return fixed(s, m.orgNames.length); });
    var status = fixed(m.status, m.statusNames.length);
    var meetingOf = [];
    for (i = 0; i < M; i++) for (j = 0; j < m.made[i]; j++) meetingOf.push(i);
    var docs = new Array(n);
    for (i = 0; i < n; i++) {
      var mi = i < M ? i : meetingOf[i - M];
      docs[i] = {year: year[i], type: i < M ? "hoi-nghi" : "cam-ket", kind: mKind[mi], topics: mTopics[mi],
        bodies: bodies[i], status: i < M ? -1 : status[i - M]};
    }
    m.docs = docs;
    return m;
  }
  function shardPath(key) { return "search/idx/" + (fnv1a(key) % config.shards) + ".json"; }
  function decodePostings(enc) {
    var out = [], prev = -1, parts = enc ? enc.split(".") : [];
    for (var i = 0; i < parts.length; i++) { prev += parseInt(parts[i], 36); out.push(prev); }
    return out;
  }

  // --- queries ---------------------------------------------------------------------------
  // A query is a list of units, all required; a unit matches when one of its alternatives
  // (a phrase of folded syllables) does. Abbreviations add alternatives both ways.
  function parseQuery(q, groups) {
    var units = [], words = [], m, rest = q;
    var quoted = /["“”„]([^"“”„]+)["“”„]?/g;
    while ((m = quoted.exec(q)) !== null) {
      var phrase = syllables(m[1]);
      if (phrase.length) units.push({alts: withAbbreviations([phrase], phrase.join(" "), groups), quoted: true});
    }
    rest = q.replace(quoted, " ");
    words = syllables(rest);
    var i = 0;
    while (i < words.length) {
      var found = null;
      for (var len = Math.min(8, words.length - i); len >= 1 && !found; len--) {
        var span = words.slice(i, i + len).join(" ");
        if (groups.has(span)) found = {len: len, span: span};
      }
      if (found) {
        units.push({alts: withAbbreviations([found.span.split(" ")], found.span, groups), quoted: false});
        i += found.len;
      } else {
        units.push({alts: [[words[i]]], quoted: false});
        i += 1;
      }
    }
    return {units: units, words: words, accents: accented(rest + " " + (q.match(quoted) || []).join(" "))};
  }
  function withAbbreviations(alts, span, groups) {
    var group = groups.get(span);
    if (!group) return alts;
    group.forEach(function (member) {
      if (member !== span) alts.push(member.split(" "));
    });
    return alts;
  }
  function altKeys(alt) {
    if (alt.length === 1) return ["w:" + alt[0]];
    var keys = [];
    for (var i = 0; i + 1 < alt.length; i++) keys.push("b:" + alt[i] + " " + alt[i + 1]);
    return keys;
  }
  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
    }
    return out;
  }
  function union(a, b) { return Array.from(new Set(a.concat(b))).sort(function (x, y) { return x - y; }); }

  function run(q) {
    var parsed = parseQuery(q, groups);
    var rankPairs = [];
    for (var i = 0; i + 1 < parsed.words.length; i++) rankPairs.push("b:" + parsed.words[i] + " " + parsed.words[i + 1]);
    var accentKeys = parsed.accents.map(function (w) { return "a:" + w; });
    var keys = new Set(rankPairs.concat(accentKeys));
    parsed.units.forEach(function (u) { u.alts.forEach(function (alt) { altKeys(alt).forEach(function (k) { keys.add(k); }); }); });
    var paths = new Set();
    keys.forEach(function (k) { paths.add(shardPath(k)); });
    return Promise.all(Array.from(paths).map(function (p) { return fetchJson(p).then(function (s) { return [p, s]; }); }))
      .then(function (shards) {
        var byPath = new Map(shards);
        function post(key) { return decodePostings((byPath.get(shardPath(key)) || {})[key]); }
        var candidates = null;
        parsed.units.forEach(function (u) {
          var set = [];
          u.alts.forEach(function (alt) {
            var ks = altKeys(alt), ids = post(ks[0]);
            for (var k = 1; k < ks.length; k++) ids = intersect(ids, post(ks[k]));
            set = union(set, ids);
          });
          candidates = candidates === null ? set : intersect(candidates, set);
        });
        candidates = candidates || [];
        var score = new Map();
        candidates.forEach(function (id) { score.set(id, 0); });
        rankPairs.forEach(function (k) { post(k).forEach(function (id) { if (score.has(id)) score.set(id, score.get(id) + 4); }); });
        accentKeys.forEach(function (k) { post(k).forEach(function (id) { if (score.has(id)) score.set(id, score.get(id) + 2); }); });
        return {ids: candidates, score: score, parsed: parsed};
      });
  }

  // --- filters and facets -------------------------------------------------------------
  function valueOf(meta, doc, dim) {
    switch (dim) {
      case "year": return [String(doc.year)];
      case "type": return [doc.type];
      case "kind": return doc.kind >= 0 ? [meta.kindNames[doc.kind][0]] : [];
      case "body": return doc.bodies.map(function (b) { return meta.orgNames[b][0]; });
      case "topic": return doc.topics.map(function (t) { return meta.topicNames[t][0]; });
      case "status": return doc.status >= 0 ? [meta.statusNames[doc.status][0]] : [];
    }
    return [];
  }
  function labelOf(meta, dim, value) {
    var names = {kind: meta.kindNames, body: meta.orgNames, topic: meta.topicNames, status: meta.statusNames}[dim];
    if (dim === "type") return value === "cam-ket" ? "Cam kết" : "Hội nghị";
    if (!names) return value;
    var hit = names.filter(function (n) { return n[0] === value; })[0];
    return hit ? hit[1] : value;
  }
  function passes(meta, id, state, except) {
    var doc = meta.docs[id];
    for (var i = 0; i < FILTERS.length; i++) {
      var f = FILTERS[i], want = state.filters[f[0]];
      if (!want || f[0] === except) continue;
      if (valueOf(meta, doc, f[2]).indexOf(want) < 0) return false;
    }
    return true;
  }

  // --- state in the URL -----------------------------------------------------------------
  function readState() {
    var params = new URLSearchParams(location.search), filters = {};
    FILTERS.forEach(function (f) { if (params.get(f[0])) filters[f[0]] = params.get(f[0]); });
    return {q: params.get("q") || "", filters: filters, sort: params.get("sap-xep") === "ngay" ? "ngay" : "lien-quan"};
  }
  function writeState(state, push) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FILTERS.forEach(function (f) { if (state.filters[f[0]]) params.set(f[0], state.filters[f[0]]); });
    if (state.sort === "ngay") params.set("sap-xep", "ngay");
    var url = location.pathname + (params.toString() ? "?" + params : "");
    (push ? history.pushState : history.replaceState).call(history, null, "", url);
  }

  // --- rendering --------------------------------------------------------------------------
  var current = null;
  function render(meta, state, result) {
    // meta is null when results are shown before meta.json arrives (no filters, by relevance).
    var ids = meta ? result.ids.filter(function (id) { return passes(meta, id, state, null); }) : result.ids.slice();
    if (state.sort === "ngay" || !state.q) ids.sort(function (a, b) { return a - b; });  // id order is newest first
    else ids.sort(function (a, b) { return (result.score.get(b) || 0) - (result.score.get(a) || 0) || a - b; });
    if (meta) renderFacets(meta, state, result.ids);
    current = {meta: meta, ids: ids, shown: 0, result: result, state: state};
    clear(list);
    if (!ids.length) {
      clear(summary);
      if (state.q) {
        summary.append("Không tìm thấy kết quả nào cho ", el("strong", null, [state.q]),
                       Object.keys(state.filters).length ? " với các bộ lọc đã chọn." : ".");
      } else {
        summary.append("Không có mục nào khớp các bộ lọc đã chọn.");
      }
      summary.append(" Gợi ý: gõ ít từ hơn, bỏ ngoặc kép, bỏ bớt bộ lọc, hoặc xem ",
                     siteLink(config.routes.archive, ["tất cả hội nghị"]), " và ",
                     siteLink(config.routes.tracker, ["các cam kết"]), ".");
      more.hidden = true;
      return Promise.resolve();
    }
    var asked = /["“”„]/.test(state.q) ? state.q : "“" + state.q + "”";
    summary.textContent = ids.length + " kết quả" + (state.q ? " cho " + asked : "") +
      (state.sort === "ngay" || !state.q ? ", mới nhất trước" : ", phù hợp nhất trước") + ".";
    return showMore();
  }
  function showMore() {
    var c = current, slice = c.ids.slice(c.shown, c.shown + PAGE);
    c.shown += slice.length;
    more.hidden = c.shown >= c.ids.length;
    return Promise.all(slice.map(function (id) { return fetchJson("search/docs/" + id + ".json"); }))
      .then(function (docs) {
        if (current !== c) return;
        docs.forEach(function (d) { list.appendChild(resultItem(d, c.result.parsed)); });
        if (!performance.getEntriesByName("search-results").length) performance.mark("search-results");
      });
  }
  function resultItem(d, parsed) {
    var type = d.y === "c" ? "Cam kết" : "Hội nghị";
    var meta = [d.d, d.k].filter(Boolean).join(" · ");
    var info = el("div", "search-result__meta", [String(meta)]);
    if (d.s) info.append(" ", el("span", "search-result__status", [String(d.s)]));
    var item = el("li", "search-result search-result--" + (d.y === "c" ? "commitment" : "meeting"), [
      siteLink(d.u, [el("span", "search-result__type", [type]), " ",
                     el("span", "search-result__title", [highlight(String(d.t || ""), parsed, false)])]),
      info]);
    if (d.y === "m") item.appendChild(el("p", "search-result__excerpt", [highlight(String(d.x || ""), parsed, true)]));
    return item;
  }
  // Excerpt of the text as written, with the matched words marked; positions are found on
  // the folded text, which has one character for each character of the NFC original.
  function highlight(text, parsed, excerpt) {
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text.charAt(i));
      for (var k = 0; k < f.length; k++) { folded += f.charAt(k); map.push(i); }
      if (!f.length) { folded += " "; map.push(i); }
    }
    var phrases = [];
    parsed.units.forEach(function (u) { u.alts.forEach(function (a) { phrases.push(a.join(" ")); }); });
    phrases.sort(function (a, b) { return b.length - a.length; });
    var ranges = [];
    phrases.forEach(function (p) {
      var re = new RegExp("(^|[^0-9a-z])(" + p.replace(/ /g, "[^0-9a-z]+") + ")(?=[^0-9a-z]|$)", "g"), m;
      while ((m = re.exec(folded)) !== null) {
        var s = m.index + m[1].length, e = s + m[2].length;
        if (!ranges.some(function (r) { return r[0] < e && s < r[1]; })) ranges.push([s, e]);
        re.lastIndex = e;
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var from = 0, to = text.length;
    if (excerpt) {
      var first = ranges.length ? map[ranges[0][0]] : 0;
      from = Math.max(0, first - 90);
      to = Math.min(text.length, from + 280);
      while (from > 0 && /\S/.test(text.charAt(from - 1))) from--;
    }
    var out = document.createDocumentFragment(), pos = from;
    out.append(from > 0 ? "…" : "");
    ranges.forEach(function (r) {
      var s = map[r[0]], e = map[r[1] - 1] + 1;
      if (s < from || e > to || s < pos) return;
      out.append(text.slice(pos, s), el("mark", null, [text.slice(s, e)]));
      pos = e;
    });
    out.append(text.slice(pos, to) + (to < text.length ? "…" : ""));
    return out;
  }
  function option(value, label, selected) {
    var opt = el("option", null, [label]);
    opt.value = value;
    if (selected) opt.selected = true;
    return opt;
  }
  function renderFacets(meta, state, ids) {
    var boxes = [];
    FILTERS.forEach(function (f) {
      var counts = new Map();
      ids.forEach(function (id) {
        if (!passes(meta, id, state, f[0])) return;
        valueOf(meta, meta.docs[id], f[2]).forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
      });
      if (!counts.size && !state.filters[f[0]]) return;
      var values = Array.from(counts.keys());
      values.sort(f[2] === "year" ? function (a, b) { return b - a; } : function (a, b) { return counts.get(b) - counts.get(a); });
      var select = el("select", null, [option("", "Tất cả", false)]);
      select.name = f[0];
      values.forEach(function (v) {
        select.appendChild(option(v, labelOf(meta, f[2], v) + " (" + counts.get(v) + ")", state.filters[f[0]] === v));
      });
      if (state.filters[f[0]] && !counts.has(state.filters[f[0]])) {
        select.appendChild(option(state.filters[f[0]], labelOf(meta, f[2], state.filters[f[0]]) + " (0)", true));
      }
      boxes.push(el("label", "search-facet", [f[1] + " ", select]));
    });
    var sort = el("select", null, [option("lien-quan", "Phù hợp nhất", false),
                                    option("ngay", "Mới nhất", state.sort === "ngay")]);
    sort.name = "sap-xep";
    boxes.push(el("label", "search-facet", ["Sắp xếp ", sort]));
    clear(facetsBox);
    boxes.forEach(function (box) { facetsBox.appendChild(box); });
  }

  // --- localities: a former ward's name leads to the ward that covers it now -------------------
  // search/places.json (hooks/portal/outputs/search.py: places): folded names of every unit.
  function showPlaces(q) {
    var words = syllables(q);
    placesBox.hidden = true;
    clear(placesBox);
    if (!words.length) return Promise.resolve();
    var asked = " " + words.join(" ") + " ";
    return fetchJson("search/places.json").then(function (rows) {
      var found = rows.filter(function (r) {
        return (" " + r[0] + " ").indexOf(asked) >= 0 || (r[1].length > 2 && asked.indexOf(" " + r[1] + " ") >= 0);
      });
      if (!found.length) return;
      found.sort(function (a, b) { return a[4] - b[4] || a[2].localeCompare(b[2], "vi"); });
      var seen = {}, items = el("ul");
      found.forEach(function (r) {
        if (seen[r[3]] || Object.keys(seen).length >= 6) return;
        seen[r[3]] = true;
        var item = el("li", null, [siteLink(r[3], [String(r[2])])]);
        if (r[4]) {
          var note = el("span", "muted", ["(đơn vị cũ"]);
          if (r[5].length) note.append("; nay " + (r[5].length > 1 ? "chia về " : "thuộc "));
          r[5].forEach(function (n, i) {
            if (i) note.append(", ");
            note.append(siteLink(n[1], [String(n[0])]), n[2] && r[5].length < 2 ? " (một phần)" : "");
          });
          note.append(")");
          item.append(" ", note);
        }
        items.appendChild(item);
      });
      clear(placesBox);
      placesBox.append(el("h2", "search-places__title", ["Địa bàn"]), items);
      placesBox.hidden = false;
    }).catch(function () { /* the directory is a help, not the search: results still show */ });
  }

  // --- wiring -------------------------------------------------------------------------------
  function search() {
    var state = readState();
    form.elements.q.value = state.q;
    root.hidden = false;
    root.setAttribute("aria-busy", "true");
    var hasQuery = !!state.q.trim(), filtered = Object.keys(state.filters).length > 0;
    showPlaces(state.q);
    var work = hasQuery ? run(state.q) : null;  // the shard downloads start before meta.json is in
    var meta = loadMeta();
    var shown = Promise.resolve(false);
    if (hasQuery && !filtered && state.sort !== "ngay") {
      // Ranked results need no metadata: show them first, the filter counts when meta.json is in.
      shown = work.then(function (result) { return render(null, state, result).then(function () { return true; }); });
    }
    return Promise.all([meta, shown]).then(function (both) {
      var m = both[0];
      // A status shared by its contract key before addresses were Vietnamese (?trang-thai=done)
      // reads as its label's address form (?trang-thai=hoan-thanh), and the address is corrected.
      var old = m.statusNames.filter(function (n) { return n[2] === state.filters["trang-thai"]; })[0];
      if (old) { state.filters["trang-thai"] = old[0]; writeState(state, false); }
      work = work || Promise.resolve({ids: m.docs.map(function (_, i) { return i; }), score: new Map(),
                                      parsed: {units: [], words: [], accents: []}});
      return work.then(function (result) {
        if (both[1]) return renderFacets(m, state, result.ids);
        if (!hasQuery && !filtered) {
          summary.textContent = "Gõ từ cần tìm, có dấu hoặc không dấu, hoặc chọn bộ lọc để duyệt.";
          renderFacets(m, state, result.ids);
          clear(list);
          more.hidden = true;
          return;
        }
        return render(m, state, result);
      });
    }).catch(function (err) {
      summary.textContent = "Không tải được chỉ mục tìm kiếm (" + err.message + "). Hãy thử lại.";
    }).then(function () { root.removeAttribute("aria-busy"); });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var state = readState();
    state.q = form.elements.q.value.trim();
    writeState(state, true);
    search();
  });
  facetsBox.addEventListener("change", function (event) {
    var state = readState(), name = event.target.name;
    if (name === "sap-xep") state.sort = event.target.value;
    else if (event.target.value) state.filters[name] = event.target.value;
    else delete state.filters[name];
    writeState(state, true);
    search();
  });
  more.addEventListener("click", function () { showMore(); });
  window.addEventListener("popstate", function () { search(); });
  // Filters open on wide screens, or when one is set; folded on phones so results come first.
  var filtersBox = root.querySelector("[data-search-filters]");
  filtersBox.open = window.matchMedia("(min-width: 45em)").matches || Object.keys(readState().filters).length > 0;
  loadMeta();
  search();
  window.portalSearch = {fold: fold, syllables: syllables, accented: accented, fnv1a: fnv1a};
})();
