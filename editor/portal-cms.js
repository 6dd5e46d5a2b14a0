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
  function withSearchText(data) {
    data[HIDDEN + "commitment_folds"] = (Array.isArray(data.commitments) ? data.commitments : [])
      .map(function (c) { return c ? fold(c.text) + " " + (c.id || "") : ""; });
    return data;
  }
  CMS.registerCustomFormat("portal-md", "md", {
    fromFile: function (content) {
      var text = clean(content);
      var m = FRONT.exec(text);
      if (!m) return { body: text };
      var data = loadYaml(m[1] || "");
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
        data[HIDDEN + "fold"] = fold([data.name, data.short].concat(aliases).join(" "));
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
  var PRECISIONS = [["day", "Ngày"], ["month", "Chỉ tháng"], ["year", "Chỉ năm"]];
  function precisionOf(text) {
    if (/^\d{4}$/.test(text)) return "year";
    if (/^\d{4}-\d{2}$/.test(text)) return "month";
    return "day";
  }
  var PartialDateControl = window.createClass({
    getInitialState: function () {
      var value = this.props.value == null ? "" : String(this.props.value);
      return { precision: precisionOf(value) };
    },
    change: function (event) {
      this.props.onChange(event.target.value === "" ? "" : event.target.value);
    },
    setPrecision: function (event) {
      var precision = event.target.value;
      var value = this.props.value == null ? "" : String(this.props.value);
      var m = PARTIAL.exec(value);
      this.setState({ precision: precision });
      if (!m) return;
      this.props.onChange(precision === "year" ? m[1] : precision === "month" ? m[1] + "-" + (m[3] || "01")
        : m[1] + "-" + (m[3] || "01") + "-" + (m[5] || "01"));
    },
    render: function () {
      var value = this.props.value == null ? "" : String(this.props.value);
      var precision = this.state.precision;
      var input = {
        id: this.props.forID, className: this.props.classNameWrapper + " portal-date-input",
        value: value, onChange: this.change, onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
      };
      if (precision === "year") { input.type = "number"; input.min = 1945; input.max = 2100; input.placeholder = "YYYY"; }
      else { input.type = precision === "month" ? "month" : "date"; input.min = "1945-01-01"; input.max = "2100-12-31"; }
      return h("div", { className: "portal-date" },
        h("input", input),
        h("select", { "aria-label": "Độ chính xác của ngày", className: "portal-date-precision",
          value: precision, onChange: this.setPrecision },
          PRECISIONS.map(function (p) { return h("option", { key: p[0], value: p[0] }, p[1]); })));
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
  var local = S.config.local_backend.allowed_hosts.indexOf(window.location.hostname) >= 0;
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

  // --- Vietnamese strings Decap's "vi" locale leaves in English -----------------------------
  var vi = CMS.getLocale && CMS.getLocale("vi");
  if (vi && vi.editor && vi.editor.editorWidgets) {
    vi.editor.editorWidgets.list = { add: "Thêm %{item}", addType: "Thêm %{item}" };
    vi.editor.editorWidgets.object = { expand: "Mở rộng", collapse: "Thu gọn" };
    if (vi.collection && vi.collection.collectionTop) vi.collection.collectionTop.newButton = "+ Thêm %{collectionLabel}";
    CMS.registerLocale("vi", vi);
  }

  // --- start ------------------------------------------------------------------------------
  CMS.init({ config: S.config });
})();
