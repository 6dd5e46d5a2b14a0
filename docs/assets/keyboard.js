/* What Material's script bundle did for the keyboard, which the portal does not load:
 * - the phone's menu button. The drawer is a checkbox that the header's label toggles, and a label
 *   does not answer the keyboard: Enter or Space on the button inside it
 *   (overrides/partials/header.html) toggles the drawer, Escape closes it and returns to the
 *   button, and aria-expanded says which it is;
 * - a table that scrolls sideways (the staff guide's field tables on a phone) can be focused, so
 *   it can be scrolled with the arrow keys. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"), function (table) {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.tabIndex = 0;
      table.setAttribute("aria-label", "Bảng, cuộn ngang được");
    }
  });
  var button = document.querySelector(".portal-menu-button");  // inside the drawer's label
  var toggle = document.getElementById("__drawer");
  if (!button || !toggle) return;
  function state() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      button.click();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      state();
      button.focus();
    }
  });
  toggle.addEventListener("change", state);
  state();
})();
