/* Tracker filters: combine status, owner and year on one page, kept in the URL so a
 * filtered view can be shared. Without JavaScript the form stays hidden and the static
 * filter pages linked above the table do the same job. */
(function () {
  "use strict";
  function init() {
    var form = document.querySelector("[data-tracker-filter]");
    var table = document.querySelector("table[data-tracker]");
    if (!form || !table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var empty = document.querySelector("[data-tracker-empty]");
    var output = form.querySelector("output");
    var params = new URLSearchParams(window.location.search);
    ["trang-thai", "co-quan", "nam"].forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      if (value && select && select.querySelector('option[value="' + CSS.escape(value) + '"]')) {
        select.value = value;
      }
    });
    function apply() {
      var status = form.elements["trang-thai"].value;
      var owner = form.elements["co-quan"].value;
      var year = form.elements["nam"].value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!status || (status === "qua-han" ? row.dataset.overdue === "yes" : row.dataset.status === status)) &&
          (!owner || row.dataset.owners.split(" ").indexOf(owner) >= 0) &&
          (!year || row.dataset.year === year);
        row.hidden = !ok;
        if (ok) shown++;
      });
      output.textContent = "Đang hiện " + shown + "/" + rows.length + " cam kết";
      if (empty) empty.hidden = shown > 0;
      var query = new URLSearchParams();
      if (status) query.set("trang-thai", status);
      if (owner) query.set("co-quan", owner);
      if (year) query.set("nam", year);
      var search = query.toString();
      history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
