/* The portal's side of the staff editor (Decap CMS at /admin/).
 *
 * settings.js (generated at build time by hooks/portal/cms.py from hooks/portal/schema.py)
 * sets window.PORTAL_EDITOR; this file registers what Decap lacks for our contract:
 *   - formats "portal-md" and "portal-yml": read YAML with js-yaml (YAML 1.2 core: a date
 *     stays the text it was), write the contract's layout;
 *   - the "partial-date" widget: a date picker, or a month or a year alone;
 *   - new file names by the rule of hooks/portal/names.py (ported below; a test runs both);
 *   - on this machine, the page comes from the editor server (scripts/editor_server.py), which
 *     writes the per-run token into <meta name="portal-token">: every request to its API carries
 *     it, and its answer to a save (refused with scripts/check.py's lines, or saved with the
 *     check's warnings) stays in a panel until closed;
 *   - a preview of a bulletin close to its page on the portal;
 *   - "Nhập bảng rà soát": a filled review sheet becomes reviews in the bulletin form.
 */
(function () {
  "use strict";
  var S = window.PORTAL_EDITOR;
  var CMS = window.CMS;
  var h = window.h;
  var HIDDEN = "_";
  var params = new URLSearchParams(window.location.search);

  // --- Vietnamese folding and the file-name rule (hooks/portal/text.py, names.py) ---------
  function fold(text) {
    return String(text || "").normalize("NFC").toLowerCase().normalize("NFD")
      .replace(/\p{Mn}+/gu, "").replace(/[đð]/g, "d");
  }
  function slugify(text) {
    return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function titleSlug(title) {
    var out = [];
    var words = slugify(title).split("-");
    for (var i = 0; i < words.length; i++) {
      if (!words[i]) continue;
      if (out.length === S.slug.words || out.concat([words[i]]).join("-").length > S.slug.chars) break;
      out.push(words[i]);
    }
    return out.join("-") || S.slug.fallback;
  }
  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  var PARTIAL = /^(\d{4})(-(\d{2})(-(\d{2}))?)?$/;
  function bulletinStem(date, title) {
    var text = String(date == null ? "" : date);
    var m = PARTIAL.exec(text);
    if (!m) return null;
    return { year: m[1], stem: (DAY.test(text) ? text : m[1]) + "-" + titleSlug(title) };
  }
  window.PORTAL_NAMES = { fold: fold, slugify: slugify, titleSlug: titleSlug, bulletinStem: bulletinStem };
  if (!CMS) return;  // loaded for its functions only (tests)

  // --- YAML out: the contract's layout ----------------------------------------------------
  var KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
  var STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/;
  var YAML_WORDS = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
  function quote(text) {
    return JSON.stringify(text.replace(/\r\n?/g, "\n"))
      .replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029").replace(/\u0085/g, "\\u0085");
  }
  function scalar(value, field) {
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    var text = String(value);
    if (field && field.widget === "partial-date" && PARTIAL.test(text)) return text;
    if (STAMP.test(text)) return text;  // published: 2020-02-13T10:10:00+07:00, as the contract writes it
    if (KEY.test(text) && YAML_WORDS.indexOf(text) < 0) return text;
    return quote(text);
  }
  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    if (Array.isArray(value)) return value.every(isEmpty);
    if (typeof value === "object") return Object.keys(value).every(function (k) { return k[0] === HIDDEN || isEmpty(value[k]); });
    return false;
  }
  function emitMapping(obj, fields, indent, lines, skip) {
    var pad = " ".repeat(indent);
    var order = (fields || []).map(function (f) { return f.name; });
    var keys = order.filter(function (k) { return k in obj; })
      .concat(Object.keys(obj).filter(function (k) { return order.indexOf(k) < 0; }));
    keys.forEach(function (key) {
      var value = obj[key];
      if (key[0] === HIDDEN || (skip && skip.indexOf(key) >= 0) || isEmpty(value)) return;
      var field = (fields || []).filter(function (f) { return f.name === key; })[0];
      if (Array.isArray(value)) {
        value = value.filter(function (v) { return !isEmpty(v); });
        if (value.every(function (v) { return typeof v !== "object"; })) {
          lines.push(pad + key + ": [" + value.map(function (v) { return scalar(v, field); }).join(", ") + "]");
        } else {
          lines.push(pad + key + ":");
          value.forEach(function (item) {
            var sub = [];
            if (item === null || typeof item !== "object") sub.push(pad + "    " + scalar(item));
            else emitMapping(item, field && field.fields, indent + 4, sub);
            if (!sub.length) return;
            sub[0] = pad + "  - " + sub[0].slice(indent + 4);
            Array.prototype.push.apply(lines, sub);
          });
        }
      } else if (typeof value === "object") {
        lines.push(pad + key + ":");
        emitMapping(value, field && field.fields, indent + 2, lines);
      } else {
        lines.push(pad + key + ": " + scalar(value, field));
      }
    });
    return lines;
  }
  function collectionFields(name) {
    return S.config.collections.filter(function (c) { return c.name === name; })[0].fields;
  }
  function bulletinToText(data) {
    var lines = emitMapping(data, collectionFields("meetings"), 0, [], ["body"]);
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/^\n+/, "");
    if (body && body.slice(-1) !== "\n") body += "\n";
    return "---\n" + lines.join("\n") + "\n---\n\n" + body;
  }
  function entryToText(collection, data) {
    return emitMapping(data, collectionFields(collection), 0, []).join("\n") + "\n";
  }

  // --- YAML in --------------------------------------------------------------------------
  function loadYaml(text) {
    var data = window.jsyaml.load(text, { schema: window.jsyaml.CORE_SCHEMA });
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  }
  function clean(text) {
    return String(text || "").replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
  }
  var FRONT = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(\n|$)/;
  // Each commitment carries a folded copy of its text, id and places (their names from the build and
  // their keys), so the review picker finds it by "ba dinh" or "camera" and lists that commitment alone.
  function withSearchText(data) {
    (Array.isArray(data.commitments) ? data.commitments : []).forEach(function (c) {
      if (!c || typeof c !== "object") return;
      var places = (Array.isArray(c.places) ? c.places : []).map(function (k) {
        return ((S.names.localities || {})[k] || "") + " " + String(k).replace(/-/g, " ");
      });
      c[HIDDEN + "fold"] = fold([c.text, c.id].concat(places).join(" "));
    });
    return data;
  }
  CMS.registerCustomFormat("portal-md", "md", {
    fromFile: function (content) {
      var text = clean(content);
      var m = FRONT.exec(text);
      if (!m) return { body: text };
      var data = loadYaml(m[1] || "");
      // "date: 2018" reads as a number: as text it sorts among "2020-02-12" (the list is by date)
      if (typeof data.date === "number") data.date = String(data.date);
      data.body = text.slice(m[0].length).replace(/^\n/, "");
      return withSearchText(data);
    },
    toFile: function (data) { return bulletinToText(data); },
  });
  S.config.collections.forEach(function (c) {
    if (c.format.indexOf("portal-yml-") !== 0) return;
    var registry = c.name;
    CMS.registerCustomFormat(c.format, "yml", {
      fromFile: function (content) {
        var data = loadYaml(clean(content));
        var aliases = Array.isArray(data.aliases) ? data.aliases : [];
        // people are found by their positions too ("chu tich", "phó chủ tịch")
        var titles = (Array.isArray(data.positions) ? data.positions : []).map(function (p) { return p && p.title; });
        data[HIDDEN + "fold"] = fold([data.name, data.short].concat(aliases, titles).join(" "));
        var current = (Array.isArray(data.positions) ? data.positions : []).filter(function (p) { return p && p.title; });
        var latest = current.filter(function (p) { return !p.until; }).pop() || current.pop();
        if (registry === "people") data[HIDDEN + "role"] = latest ? "(" + latest.title + ")" : "";
        return data;
      },
      toFile: function (data) { return entryToText(registry, data); },
    });
  });

  // A pasted article: the file is the text alone; its first line names it in the list.
  CMS.registerCustomFormat("portal-txt", "txt", {
    fromFile: function (content) {
      var text = clean(content);
      return { title: (text.split("\n").filter(function (l) { return l.trim(); })[0] || "").trim(), body: text };
    },
    toFile: function (data) {
      var body = String(data.body || "").replace(/\r\n?/g, "\n");
      return body.slice(-1) === "\n" ? body : body + "\n";
    },
  });

  // --- the partial-date widget ------------------------------------------------------------
  // Shown and typed in Vietnamese order (20/11/2026, 11/2026, 2026), saved as the contract's ISO form
  // (2026-11-20, 2026-11, 2026). A browser's own date input follows its language (mm/dd/yyyy in an
  // English browser), so this is a text box with its own reading of what was typed.
  var PRECISIONS = [["day", "Ngày"], ["month", "Chỉ tháng"], ["year", "Chỉ năm"]];
  var PLACEHOLDERS = { day: "ngày/tháng/năm, ví dụ 20/11/2026", month: "tháng/năm, ví dụ 11/2026", year: "năm, ví dụ 2026" };
  function precisionOf(text) {
    if (/^\d{4}$/.test(text)) return "year";
    if (/^\d{4}-\d{2}$/.test(text)) return "month";
    return "day";
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function realDay(y, m, d) {
    var date = new Date(Date.UTC(y, m - 1, d));
    return m >= 1 && m <= 12 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }
  // What a person typed -> the ISO partial date, or null when it is not a date.
  function parseViDate(typed) {
    var text = String(typed == null ? "" : typed).trim();
    var m;
    if ((m = /^(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})$/.exec(text))) {
      var y = +m[3], mo = +m[2], d = +m[1];
      return realDay(y, mo, d) ? m[3] + "-" + pad2(mo) + "-" + pad2(d) : null;
    }
    if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) return realDay(+m[1], +m[2], +m[3]) ? text : null;
    if ((m = /^(\d{4})\s*[\/.]\s*(\d{1,2})\s*[\/.]\s*(\d{1,2})$/.exec(text))) {  // 2024/11/20: year first is unambiguous
      return realDay(+m[1], +m[2], +m[3]) ? m[1] + "-" + pad2(+m[2]) + "-" + pad2(+m[3]) : null;
    }
    if ((m = /^(\d{1,2})\s*[\/.\-]\s*(\d{4})$/.exec(text))) return +m[1] >= 1 && +m[1] <= 12 ? m[2] + "-" + pad2(+m[1]) : null;
    if ((m = /^(\d{4})-(\d{2})$/.exec(text))) return +m[2] >= 1 && +m[2] <= 12 ? text : null;
    if (/^\d{4}$/.test(text)) return text;
    return null;
  }
  // The ISO partial date -> what the box shows.
  function showViDate(value) {
    var m = PARTIAL.exec(String(value == null ? "" : value));
    if (!m) return value == null ? "" : String(value);
    return m[5] ? m[5] + "/" + m[3] + "/" + m[1] : m[3] ? m[3] + "/" + m[1] : m[1];
  }
  window.PORTAL_NAMES.parseViDate = parseViDate;
  window.PORTAL_NAMES.showViDate = showViDate;
  var PartialDateControl = window.createClass({
    getInitialState: function () {
      var value = this.props.value == null ? "" : String(this.props.value);
      return { precision: precisionOf(value), text: showViDate(value) };
    },
    componentDidUpdate: function () {
      // a value set from outside (an entry loaded, a precision change) is shown in our order
      var value = this.props.value == null ? "" : String(this.props.value);
      var mine = parseViDate(this.state.text);
      if (value !== (mine === null ? this.state.text.trim() : mine) && value !== this.state.text) {
        this.setState({ text: showViDate(value), precision: precisionOf(value) });
      }
    },
    // Decap asks before saving: a text that is not a date is refused under the field, in the order staff
    // type it (the check's own line speaks of the file's YYYY-MM-DD).
    isValid: function () {
      var text = String(this.state.text || "").trim();
      if (!text || parseViDate(text) !== null) return true;
      return { error: { type: "CUSTOM", message: "\"" + text + "\" chưa phải một ngày: gõ ngày/tháng/năm (20/11/2026), "
        + "tháng/năm (11/2026) hoặc năm (2026)" } };
    },
    change: function (event) {
      var text = event.target.value;
      var iso = parseViDate(text);
      this.setState(iso === null ? { text: text } : { text: text, precision: precisionOf(iso) });
      // Not a date yet: the text itself is the value, and the check names the field and the form.
      this.props.onChange(iso === null ? text.trim() : iso);
    },
    setPrecision: function (event) {
      var precision = event.target.value;
      var value = this.props.value == null ? "" : String(this.props.value);
      var m = PARTIAL.exec(value);
      this.setState({ precision: precision });
      if (!m) return;
      var next = precision === "year" ? m[1] : precision === "month" ? m[1] + "-" + (m[3] || "01")
        : m[1] + "-" + (m[3] || "01") + "-" + (m[5] || "01");
      this.setState({ text: showViDate(next) });
      this.props.onChange(next);
    },
    render: function () {
      var precision = this.state.precision;
      var text = this.state.text;
      var iso = parseViDate(text);
      var note = !text.trim() ? "" : iso === null
        ? "Chưa hiểu ngày này: gõ ngày/tháng/năm (20/11/2026), tháng/năm (11/2026) hoặc năm (2026)"
        : "Lưu là " + iso + " (" + viDate(iso) + ")";
      var noteId = this.props.forID + "-date-note";
      return h("div", { className: "portal-date" },
        h("div", { className: "portal-date__row" },
          h("input", {
            id: this.props.forID, type: "text", inputMode: "numeric", autoComplete: "off",
            className: this.props.classNameWrapper + " portal-date-input", value: text,
            placeholder: PLACEHOLDERS[precision], "aria-describedby": noteId,
            "aria-invalid": text.trim() && iso === null ? "true" : "false",
            onChange: this.change, onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
          }),
          h("select", { "aria-label": "Độ chính xác của ngày", className: "portal-date-precision",
            value: precision, onChange: this.setPrecision },
            PRECISIONS.map(function (p) { return h("option", { key: p[0], value: p[0] }, p[1]); }))),
        h("p", { id: noteId, className: "portal-date__note" + (text.trim() && iso === null ? " portal-date__note--bad" : ""),
                 "aria-live": "polite" }, note));
    },
  });
  var PartialDatePreview = window.createClass({
    render: function () { return h("span", {}, viDate(this.props.value)); },
  });
  CMS.registerWidget("partial-date", PartialDateControl, PartialDatePreview);

  // --- names and dates for the preview ----------------------------------------------------
  function viDate(value) {
    var m = PARTIAL.exec(String(value == null ? "" : value));
    if (!m) return value ? String(value) : "";
    if (m[5]) return m[5] + "/" + m[3] + "/" + m[1];
    if (m[3]) return "tháng " + Number(m[3]) + "/" + m[1];
    return "năm " + m[1];
  }

  // --- the check's answer, in a panel that stays until closed ------------------------------
  var panel = null;
  function showProblems(title, lines, kind, link) {
    if (!panel) {
      panel = document.createElement("section");
      panel.id = "portal-check";
      panel.setAttribute("role", "status");
      panel.setAttribute("aria-live", "polite");
      document.body.appendChild(panel);
    }
    panel.className = "portal-check portal-check--" + kind;
    panel.innerHTML = "";
    var head = document.createElement("p");
    head.className = "portal-check__title";
    head.textContent = title;
    panel.appendChild(head);
    if (lines.length) {
      var list = document.createElement("ul");
      lines.forEach(function (line) {
        var li = document.createElement("li");
        li.textContent = line;
        list.appendChild(li);
      });
      panel.appendChild(list);
    }
    if (link && /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(link)) {
      var a = document.createElement("a");
      a.href = link;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.className = "portal-check__link";
      a.textContent = "Xem trang trên bản xem thử (mở thẻ mới; trang được dựng lại sau vài giây)";
      panel.appendChild(a);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "portal-check__close";
    close.textContent = "Đóng";
    close.onclick = function () { panel.remove(); panel = null; };
    panel.appendChild(close);
  }

  // --- the editor server: same origin, a token on every request to its API -------------------
  var tokenMeta = document.querySelector && document.querySelector('meta[name="portal-token"]');
  var token = tokenMeta && tokenMeta.getAttribute("content");
  // ?remote=1 shows the production sign-in even on this machine (tests of the generated backends)
  if (params.get("remote")) delete S.config.local_backend;
  var local = !!S.config.local_backend && S.config.local_backend.allowed_hosts.indexOf(window.location.hostname) >= 0;
  if (local && !token) {
    // The built site's /admin/ on this machine (mkdocs serve): its page reloads on every rebuild and
    // has no way to save. The editor is the editor server's page.
    var editorUrl = "http://127.0.0.1:" + S.editorPort + "/admin/";
    var note = document.createElement("main");
    note.className = "portal-cms-missing";
    note.innerHTML = "<h1>Trình soạn thảo ở địa chỉ khác</h1><p>Trên máy này, trình soạn thảo chạy ở " +
      "<a></a> (lệnh <code>bash scripts/editor.sh</code>). Trang này (bản xem thử) tự tải lại mỗi khi có " +
      "thay đổi nên không dùng để soạn.</p>";
    note.querySelector("a").href = editorUrl;
    note.querySelector("a").textContent = editorUrl;
    document.body.appendChild(note);
    return;
  }
  var API = window.location.origin + "/api/";
  if (token) {
    S.config.local_backend.url = API + "v1";
    var plainFetch = window.fetch.bind(window);
    window.fetch = function (input, init) {
      var url = typeof input === "string" ? input : (input && input.url) || String(input);
      var absolute = new URL(url, window.location.href).href;
      if (absolute.indexOf(API) !== 0) return plainFetch(input, init);
      init = Object.assign({}, init || {});
      var headers = new Headers(init.headers || (typeof input === "object" && input.headers) || {});
      headers.set("X-Portal-Token", token);
      init.headers = headers;
      init.credentials = "same-origin";
      var action = null;
      try { action = JSON.parse(init.body).action; } catch (e) { action = null; }
      return plainFetch(input, init).then(function (response) {
        if (["persistEntry", "persistMedia", "deleteFile", "deleteFiles"].indexOf(action) >= 0) {
          response.clone().json().then(function (reply) { answered(action, response.status, reply); },
            function () { answered(action, response.status, null); });
        }
        return response;
      });
    };
  }
  function answered(action, status, reply) {
    var saving = action === "persistEntry";
    if (status >= 200 && status < 300) {
      if (!saving || !reply || !reply.checked) return;  // an article for the importer, an image
      var warnings = reply.warnings || [];
      showProblems(warnings.length ? "Đã lưu; đã kiểm tra, có cảnh báo:" : "Đã kiểm tra: không có lỗi. Đã lưu.",
        warnings, warnings.length ? "warning" : "ok", reply.page);
      return;
    }
    var errors = (reply && reply.errors) || [];
    // Decap's own notice of a refused upload is in English: the panel says it in Vietnamese.
    var verb = saving ? "Chưa lưu" : action === "persistMedia" ? "Chưa tải lên" : "Chưa xóa";
    if (errors.length) {
      showProblems(verb + ": " + errors.length + " lỗi cần sửa (như scripts/check.py báo). Nội dung đang soạn vẫn còn:",
        errors.concat(reply.warnings || []), "error");
    } else {
      showProblems(verb + ": " + ((reply && reply.error) || "máy soạn thảo không trả lời (mã " + status + ")."),
        [], "error");
    }
  }
  function importReport(raw) {
    return window.fetch(API + "import", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ raw: raw }),
    }).then(function (r) { return r.json().then(function (j) { j.status = r.status; return j; }); },
      function () { return null; });
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var entry = args.entry;
      var collection = entry.get("collection");
      var data = entry.get("data");
      var isNew = !!entry.get("newRecord");
      var plain = data.toJS();
      if (collection === "meetings") {
        if (isNew) {
          // A date that does not parse gets no file name; the check refuses it, and names the
          // file as if the date were its first four digits.
          var named = bulletinStem(plain.date, plain.title) ||
            { year: (String(plain.date || "").match(/\d{4}/) || ["0000"])[0], stem: null };
          named.stem = named.stem || named.year + "-" + titleSlug(plain.title);
          data = data.set(HIDDEN + "year", named.year).set(HIDDEN + "stem", named.stem);
        }
      } else if (collection === "inbox") {
        if (isNew) data = data.set(HIDDEN + "key", titleSlug(plain.title));
        if (token) {
          return importReport(String(plain.body || "")).then(function (result) {
            if (result && result.report) {
              showProblems("Đã nhận bài. Công cụ nhập đọc được (bản nháp sẽ được tạo khi đăng):", result.report, "ok");
              return data;
            }
            var why = (result && result.error) || "công cụ nhập không trả lời.";
            showProblems("Chưa lưu bài: " + why, [], "error");
            throw why;  // a string: Decap's notice shows it as is
          });
        }
      } else if (isNew) {
        data = data.set(HIDDEN + "key", titleSlug(plain.short || plain.name));
      }
      if (!token) {
        // The published editor (GitHub): the save is a commit, checked by the publishing workflow.
        showProblems("Chưa kiểm tra được trên máy này. Bản lưu sẽ được kiểm tra khi đăng.", [], "unknown");
      }
      return data;
    },
  });

  // --- "Nhập bảng rà soát": the reviews list also takes a filled review sheet --------------------
  // The bulletin's reviews use the list widget wrapped (S.sheetWidget, from cms.py): a file chosen
  // here goes to the editor server's POST /api/sheet (hooks/portal/editor/sheet_import.py), whose
  // reviews are added to the list, for staff to see before saving; its row/column lines are shown
  // otherwise and the form is left as it was.
  var sheetUrl = API + "sheet";
  var List = CMS.getWidget && CMS.getWidget("list");  // absent only in the Node harness of the tests
  function immutable(value, emptyMap, emptyList) {
    if (Array.isArray(value)) {
      return value.reduce(function (l, v) { return l.push(immutable(v, emptyMap, emptyList)); }, emptyList);
    }
    if (value && typeof value === "object") {
      return Object.keys(value).reduce(function (m, k) {
        return m.set(k, immutable(value[k], emptyMap, emptyList));
      }, emptyMap);
    }
    return value;
  }
  function base64Of(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(String(reader.result).split(",", 2)[1] || ""); };
      reader.onerror = function () { reject(reader.error); };
      reader.readAsDataURL(file);
    });
  }
  var ReviewsControl = window.createClass({
    getInitialState: function () { return { busy: false, message: "", kind: "" }; },
    // Decap validates the control it renders: the list inside does the work.
    isValid: function () { return this.inner && this.inner.isValid ? this.inner.isValid() : true; },
    keepInner: function (ref) { this.inner = ref; },
    pick: function (event) {
      var input = event.target;
      var file = input.files && input.files[0];
      if (!file) return;
      var self = this;
      var entry = this.props.entry;
      var data = entry.get("data");
      var current = this.props.value && this.props.value.toJS ? this.props.value.toJS() : [];
      this.setState({ busy: true, message: "Đang đọc bảng " + file.name + "…", kind: "busy" });
      base64Of(file).then(function (content) {
        return fetch(sheetUrl, {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ name: file.name, data: content, path: entry.get("newRecord") ? null : entry.get("path"),
            date: data.get("date") == null ? null : String(data.get("date")), reviews: current }),
        });
      }).then(function (r) { return r.json(); }).then(function (result) {
        input.value = "";
        if (result.error) throw new Error(result.error);
        if (result.errors && result.errors.length) {
          self.setState({ busy: false, kind: "error",
            message: "Chưa nhập: bảng có " + result.errors.length + " lỗi (xem khung bên dưới); danh sách rà soát giữ nguyên." });
          showProblems("Bảng rà soát chưa nhập được: " + result.errors.length + " lỗi cần sửa trong bảng:",
            result.errors.concat(result.notes || []), "error");
          return;
        }
        var added = result.reviews || [];
        var base = data.clear();
        var list = self.props.value && self.props.value.push ? self.props.value : base.toList().clear();
        self.props.onChange(added.reduce(function (l, review) {
          return l.push(immutable(review, base, base.toList().clear()));
        }, list));
        self.setState({ busy: false, kind: "ok",
          message: "Đã thêm " + added.length + " lần rà soát từ " + file.name + ". Xem lại rồi bấm Lưu." });
        showProblems("Đã thêm " + added.length + " lần rà soát từ bảng (chưa lưu):", result.notes || [], "ok");
      }).catch(function (err) {
        input.value = "";
        self.setState({ busy: false, kind: "error",
          message: "Không nhập được bảng: " + (err && err.message ? err.message : "máy kiểm tra không trả lời") +
            ". Có thể dùng lệnh scripts/import_sheet.py." });
      });
    },
    render: function () {
      var listProps = Object.assign({}, this.props, { ref: this.keepInner });
      var id = (this.props.forID || "reviews") + "-sheet";
      var controls = local
        ? [h("input", { key: "i", id: id, type: "file", className: "portal-sheet__input", disabled: this.state.busy,
            accept: ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv",
            onChange: this.pick }),
          h("label", { key: "l", htmlFor: id, className: "portal-sheet__label" + (this.state.busy ? " portal-sheet__label--busy" : "") },
            "Nhập bảng rà soát (Excel .xlsx hoặc CSV)"),
          h("p", { key: "p", className: "portal-sheet__hint" }, "Bảng tải từ trang Cam kết, trang cơ quan hoặc địa bàn, " +
            "đã điền cột Trạng thái được báo cáo; các lần rà soát được thêm vào danh sách dưới đây để xem lại trước khi lưu.")]
        : [h("p", { key: "p", className: "portal-sheet__hint" }, "Nhập bảng rà soát: chạy trình soạn thảo trên máy " +
            "(scripts/editor.sh) hoặc dùng lệnh scripts/import_sheet.py.")];
      return h("div", { className: "portal-reviews" },
        h("div", { className: "portal-sheet" }, controls,
          h("p", { className: "portal-sheet__status portal-sheet__status--" + this.state.kind, role: "status",
            "aria-live": "polite" }, this.state.message)),
        h(List.control, listProps));
    },
  });
  if (List && List.control) CMS.registerWidget(S.sheetWidget, ReviewsControl, List.preview, List.schema);

  // --- preview of a bulletin, close to its page ------------------------------------------
  function nameOf(registry, key, meta) {
    if (!key) return "";
    var chosen = meta && meta.getIn([registry, key, "name"]);
    return chosen || (S.names[registry] || {})[key] || key;
  }
  function paragraphs(body) {
    return String(body || "").replace(/\r\n?/g, "\n").split(/\n{2,}/).filter(function (b) { return b.trim(); })
      .map(function (block, i) {
        var caption = /\n\{:\s*\.photo-caption\s*\}\s*$/.exec(block);
        if (caption) return h("p", { key: i, className: "photo-caption" }, block.slice(0, caption.index));
        var heading = /^(#{2,4})\s+(.*)$/.exec(block);
        if (heading) return h("h" + heading[1].length, { key: i }, heading[2]);
        return h("p", { key: i }, block.replace(/\n\{:[^}]*\}\s*$/, ""));
      });
  }
  // Drawn from the form's own fields (generated from hooks/portal/contract/schema.py): every field
  // with a value, under its label, so a field added to the contract shows here with no edit.
  function shown(field, value, meta) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
    if (field.widget === "relation" && field.collection !== "meetings") {
      var keys = Array.isArray(value) ? value : [value];
      return keys.map(function (k) { return nameOf(field.collection, k, meta); }).join(", ");
    }
    if (field.widget === "select") {
      var option = (field.options || []).filter(function (o) { return o.value === value; })[0];
      return option ? option.label : String(value);
    }
    if (field.widget === "partial-date") return viDate(value);
    if (field.widget === "boolean") return value ? "Có" : "Không";
    if ((field.widget === "list" || field.widget === S.sheetWidget) && field.fields) {
      return h("ol", { className: "portal-preview__items" }, value.filter(Boolean).map(function (item, i) {
        return h("li", { key: i }, fieldList(field.fields, item, meta));
      }));
    }
    if (Array.isArray(value)) return value.join(", ");
    return String(value);
  }
  function fieldList(fields, data, meta) {
    var rows = [];
    fields.forEach(function (field) {
      if (field.name === "title" || field.name === "body") return;
      var content = shown(field, data[field.name], meta && meta.get(field.name));
      if (content === null) return;
      rows.push(h("dt", { key: field.name + "-t" }, field.label));
      rows.push(h("dd", { key: field.name + "-d" }, content));
    });
    return h("dl", { className: "portal-preview__fields" }, rows);
  }
  var MeetingPreview = window.createClass({
    render: function () {
      var d = this.props.entry.get("data").toJS();
      return h("div", { className: "md-typeset portal-preview" },
        h("p", { className: "portal-preview__note" }, "Xem trước — trang thật được dựng sau khi lưu."),
        h("article", { className: "meeting" },
          h("h1", {}, d.title || "(chưa có tiêu đề)"),
          h("section", { className: "meeting-card" }, fieldList(collectionFields("meetings"), d, this.props.fieldsMetaData)),
          h("div", { className: "bulletin-text" }, paragraphs(d.body))));
    },
  });
  CMS.registerPreviewTemplate("meetings", MeetingPreview);
  S.previewStyles.forEach(function (href) { CMS.registerPreviewStyle(href); });

  // --- pickers fold the query too ----------------------------------------------------------
  // Decap's relation search is a fuzzy match with no folding. Entries carry folded copies of their
  // names (the formats above); the query is folded here, whatever mix of tone marks was typed, so
  // "Le Anh Xuân", "lê anh xuan" and "LE ANH XUAN" all find "Lê Anh Xuân".
  var relation = CMS.getWidget && CMS.getWidget("relation");
  if (relation) {
    var FoldingRelation = window.createClass({
      render: function () {
        var query = this.props.query;
        var props = Object.assign({}, this.props, {
          query: function (forID, collection, fields, term, file, limit) {
            var folded = fold(term).replace(/\s+/g, " ").trim();
            return query(forID, collection, fields, folded, file, limit).then(function (action) {
              return narrowHits(action, folded);
            });
          },
        });
        return h(relation.control, props);
      },
    });
    CMS.registerWidget("relation", FoldingRelation, relation.preview, relation.schema);
  }
  window.PORTAL_NAMES.foldQuery = fold;

  // Decap's fuzzy match keeps any entry holding the typed letters in order ("ba dinh" matches most long
  // texts). Of its hits, keep those whose folded text holds the query as typed, else all its words;
  // only when neither finds anything are the fuzzy hits shown. A commitment is kept or dropped alone.
  function narrowHits(action, folded) {
    var hits = action && action.payload && action.payload.hits;
    if (!folded || !Array.isArray(hits)) return action;
    var words = folded.split(" ");
    function textOf(data) {
      return fold([data.name, data.short].join(" ")) + " " + (data[HIDDEN + "fold"] || "");
    }
    function narrowed(test) {
      return hits.map(function (hit) {
        var data = hit.data || {};
        if (Array.isArray(data.commitments) && data.commitments.some(function (c) { return c && c[HIDDEN + "fold"]; })) {
          var kept = data.commitments.filter(function (c) { return c && test(c[HIDDEN + "fold"] || ""); });
          return kept.length ? Object.assign({}, hit, { data: Object.assign({}, data, { commitments: kept }) }) : null;
        }
        return test(textOf(data)) ? hit : null;
      }).filter(Boolean);
    }
    var found = narrowed(function (text) { return text.indexOf(folded) >= 0; });
    if (!found.length) found = narrowed(function (text) { return words.every(function (w) { return text.indexOf(w) >= 0; }); });
    if (!found.length) return action;
    return Object.assign({}, action, { payload: Object.assign({}, action.payload, { hits: found }) });
  }
  window.PORTAL_NAMES.narrowHits = narrowHits;

  // --- Vietnamese strings Decap's "vi" locale leaves in English -----------------------------
  // Every key of Decap's English locale missing from its "vi" locale (listed by comparing the two in
  // decap-cms-locales 3.x), and a few we word differently.
  var VI = {
    auth: { loginWithAzure: "Đăng nhập bằng Azure", loginWithForgejo: "Đăng nhập bằng Forgejo" },
    collection: {
      collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo",
                       newButton: "+ Thêm %{collectionLabel}" },
      entries: { unpublishedHeader: "Mục chưa đăng" },
      groups: { other: "Khác", negateLabel: "Không %{label}" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "Ô %{widgetLabel}" } },
      editorControlPane: {
        widget: { required: "Chưa điền \"%{fieldLabel}\": trường này bắt buộc." },
        i18n: { writingInLocale: "Đang viết bằng %{locale}", copyFromLocale: "Điền từ ngôn ngữ khác",
                copyFromLocaleConfirm: "Điền dữ liệu từ %{locale}? Mọi nội dung hiện có sẽ bị ghi đè." },
      },
      editorInterface: { toggleI18n: "Bật/tắt đa ngôn ngữ", togglePreview: "Bật/tắt xem trước",
                         toggleScrollSync: "Cuộn đồng bộ", toggleNotes: "Bật/tắt ghi chú" },
      editorNotesPane: { title: "Ghi chú", emptyState: "Chưa có ghi chú.", addNote: "Thêm ghi chú",
                         addPlaceholder: "Thêm ghi chú…", editPlaceholder: "Sửa ghi chú…", save: "Lưu", cancel: "Hủy",
                         edit: "Sửa", "delete": "Xóa", resolve: "Đã xử lý", unresolve: "Chưa xử lý",
                         confirmDelete: "Xóa ghi chú này?", shortcut: "Mẹo: Ctrl+Enter để thêm nhanh" },
      editorToolbar: { statusInfoTooltipDraft: "Mục đang là bản nháp.",
                       statusInfoTooltipInReview: "Mục đang chờ duyệt; vẫn có thể sửa." },
      editorWidgets: {
        markdown: { bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã", link: "Liên kết",
                    linkPrompt: "Nhập địa chỉ liên kết", headings: "Tiêu đề mục", quote: "Trích dẫn",
                    bulletedList: "Danh sách dấu chấm", numberedList: "Danh sách đánh số", addComponent: "Thêm thành phần",
                    toggleMode: { rich: "Chuyển sang soạn thảo trực quan", markdown: "Chuyển sang Markdown" } },
        image: { chooseMultiple: "Chọn ảnh", chooseUrl: "Chèn từ địa chỉ", replaceUrl: "Thay bằng địa chỉ",
                 promptUrl: "Nhập địa chỉ ảnh", addMore: "Thêm ảnh", removeAll: "Bỏ tất cả ảnh" },
        file: { chooseUrl: "Chèn từ địa chỉ", chooseMultiple: "Chọn tệp", replaceUrl: "Thay bằng địa chỉ",
                promptUrl: "Nhập địa chỉ tệp", addMore: "Thêm tệp", removeAll: "Bỏ tất cả tệp" },
        datetime: { setToNow: "Đặt %{fieldLabel} là bây giờ" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở rộng", collapse: "Thu gọn" },
      },
    },
    mediaLibrary: {
      mediaLibraryCard: { copy: "Chép", copyUrl: "Chép địa chỉ", copyPath: "Chép đường dẫn", copyName: "Chép tên",
                          copied: "Đã chép" },
      mediaLibraryModal: { close: "Đóng" },
    },
    ui: {
      settingsDropdown: { account: "Tài khoản" },
      toast: { noteAdded: "Đã thêm ghi chú", onFailToAddNote: "Không thêm được ghi chú: %{details}",
               noteUpdated: "Đã sửa ghi chú", onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
               noteDeleted: "Đã xóa ghi chú", onFailToDeleteNote: "Không xóa được ghi chú: %{details}",
               noteResolved: "Ghi chú đã xử lý", noteReopened: "Ghi chú mở lại",
               onFailToToggleNote: "Không đổi được ghi chú: %{details}" },
    },
  };
  function deepFill(target, source) {
    Object.keys(source).forEach(function (key) {
      if (source[key] && typeof source[key] === "object") {
        target[key] = target[key] && typeof target[key] === "object" ? target[key] : {};
        deepFill(target[key], source[key]);
      } else {
        target[key] = source[key];
      }
    });
    return target;
  }
  var vi = CMS.getLocale && CMS.getLocale("vi");
  if (vi) CMS.registerLocale("vi", deepFill(vi, VI));
  window.PORTAL_NAMES.VI = VI;

  // Strings drawn by libraries inside Decap that no locale reaches (react-select's menu notices), and
  // the toolbar's "changes saved" on a form that was never saved: replaced where they appear.
  var SAVED = (vi && vi.editor && vi.editor.editorToolbar && vi.editor.editorToolbar.changesSaved) || "";
  var TEXTS = { "No options": "Không tìm thấy. Thử gõ ít chữ hơn, có dấu hay không dấu đều được",
                "Loading options…": "Đang tìm…", "Loading...": "Đang tải…" };
  function fixTexts(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    var isNew = /\/new(\?|$)/.test(window.location.hash);
    while ((node = walker.nextNode())) {
      var text = node.nodeValue;
      if (TEXTS[text]) node.nodeValue = TEXTS[text];
      else if (isNew && SAVED && text === SAVED) node.nodeValue = "Bản mới, chưa lưu";
    }
  }
  if (window.MutationObserver && document.body) new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === "characterData") fixTexts(r.target.parentNode || document.body);
      else r.addedNodes.forEach(function (n) { if (n.nodeType === 1) fixTexts(n); else if (n.nodeType === 3 && n.parentNode) fixTexts(n.parentNode); });
    });
  }).observe(document.body, { childList: true, subtree: true, characterData: true });

  // --- "Lịch sử": a file's versions and restoring one ---------------------------------------
  // On this machine the check server answers /history (hooks/portal/editor/history.py): versions from
  // git, the text of one, and a restore written after the same check as a save. On the published site
  // the button opens the host's history of the file (GitHub, GitLab, Gitea/Forgejo).
  var historyUrl = window.location.origin + "/api/history";  // the token is added by the fetch above
  function entryPath() {
    var m = /^#\/collections\/([a-z0-9-]+)\/entries\/(.+?)\/?$/.exec(window.location.hash);
    if (!m) return null;
    var slug = decodeURIComponent(m[2]);
    if (!/^[a-z0-9\/-]+$/.test(slug)) return null;
    if (m[1] === "meetings") return "docs/meetings/" + slug + ".md";
    if (S.config.collections.some(function (c) { return c.name === m[1] && c.format.indexOf("portal-yml-") === 0; })) {
      return "docs/data/" + m[1] + "/" + slug + ".yml";
    }
    return null;
  }
  function askHistory(payload) {
    return window.fetch(historyUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); });
  }
  function when(iso) {
    var d = new Date(iso);
    if (isNaN(d)) return iso;
    return pad2(d.getDate()) + "/" + pad2(d.getMonth() + 1) + "/" + d.getFullYear() + " " + pad2(d.getHours()) + ":" + pad2(d.getMinutes());
  }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "onclick") node.onclick = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  var historyPanel = null;
  function closeHistory() { if (historyPanel) historyPanel.remove(); historyPanel = null; }
  function openHistory(path) {
    closeHistory();
    var body = el("div", { "class": "portal-history__body" }, [el("p", { text: "Đang đọc lịch sử…" })]);
    historyPanel = el("section", { id: "portal-history", "class": "portal-history", role: "dialog", "aria-label": "Lịch sử của tệp" }, [
      el("div", { "class": "portal-history__head" }, [
        el("h2", { text: "Lịch sử" }),
        el("button", { type: "button", "class": "portal-history__close", text: "Đóng", onclick: closeHistory })]),
      el("p", { "class": "portal-history__path", text: path }),
      body]);
    document.body.appendChild(historyPanel);
    askHistory({ action: "log", path: path }).then(function (answer) {
      body.innerHTML = "";
      if (answer.status !== 200) { body.appendChild(el("p", { text: answer.body.error || "Không đọc được lịch sử." })); return; }
      var versions = answer.body.versions || [];
      if (!versions.length) {
        body.appendChild(el("p", { text: answer.body.note || "Tệp chưa có phiên bản nào được commit." }));
        return;
      }
      body.appendChild(el("p", { text: versions.length + " phiên bản, mới nhất ở trên. Khôi phục một phiên bản ghi lại nội dung đó vào tệp (sau khi kiểm tra như khi lưu); phiên bản hiện tại vẫn còn trong lịch sử." }));
      var list = el("ol", { "class": "portal-history__list" });
      versions.forEach(function (v, i) {
        var shown = el("pre", { "class": "portal-history__text", hidden: "hidden" });
        var result = el("div", { "class": "portal-history__result", role: "status" });
        var view = el("button", { type: "button", text: "Xem", onclick: function () {
          if (!shown.hasAttribute("hidden")) { shown.setAttribute("hidden", "hidden"); return; }
          askHistory({ action: "show", path: path, commit: v.commit }).then(function (a) {
            shown.textContent = a.status === 200 ? a.body.text : (a.body.error || "");
            shown.removeAttribute("hidden");
          });
        } });
        var restore = i === 0 ? null : el("button", { type: "button", text: "Khôi phục bản này", onclick: function () {
          if (!window.confirm("Khôi phục phiên bản ngày " + when(v.date) + " (\u201c" + v.message + "\u201d)? Nội dung đang có trong tệp sẽ được thay bằng phiên bản này.")) return;
          result.textContent = "Đang kiểm tra…";
          askHistory({ action: "restore", path: path, commit: v.commit }).then(function (a) {
            result.innerHTML = "";
            if (a.status === 200) {
              result.appendChild(el("p", { text: "Đã khôi phục. Đang mở lại để xem nội dung đã khôi phục…" }));
              window.setTimeout(function () { window.location.reload(); }, 800);
              return;
            }
            result.appendChild(el("p", { text: "Chưa khôi phục: phiên bản này không qua được bước kiểm tra hiện nay:" }));
            var ul = el("ul");
            (a.body.errors || [a.body.error]).forEach(function (line) { ul.appendChild(el("li", { text: line })); });
            result.appendChild(ul);
          });
        } });
        list.appendChild(el("li", {}, [
          el("p", { "class": "portal-history__meta" }, [
            el("strong", { text: when(v.date) }), document.createTextNode(" · " + v.author + (i === 0 ? " · phiên bản mới nhất" : ""))]),
          el("p", { "class": "portal-history__message", text: v.message }),
          el("div", { "class": "portal-history__actions" }, [view, restore]), result, shown]));
      });
      body.appendChild(list);
    }, function () {
      body.innerHTML = "";
      body.appendChild(el("p", { text: "Máy kiểm tra không chạy (bash scripts/editor.sh chạy nó): chưa xem được lịch sử." }));
    });
  }
  var historyButton = null;
  function placeHistoryButton() {
    var path = entryPath();
    var remote = !local && S.historyUrl;
    if (local && !token) return;
    if (!path || !(local || remote)) {
      if (historyButton) historyButton.remove();
      historyButton = null;
      closeHistory();
      return;
    }
    if (!historyButton) {
      historyButton = remote ? el("a", { "class": "portal-history-button", target: "_blank", rel: "noopener" })
        : el("button", { type: "button", "class": "portal-history-button" });
      historyButton.textContent = "Lịch sử";
      document.body.appendChild(historyButton);
    }
    if (remote) historyButton.href = S.historyUrl.replace("{path}", path);
    else historyButton.onclick = function () { openHistory(entryPath()); };
  }
  if (document.body && window.addEventListener) {
    window.addEventListener("hashchange", placeHistoryButton);
    placeHistoryButton();
  }

  // --- start ------------------------------------------------------------------------------
  CMS.init({ config: S.config });
})();
