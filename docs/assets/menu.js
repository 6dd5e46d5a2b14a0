/* The phone's menu button. Without Material's script bundle the drawer is a checkbox that the
 * header's label toggles, and a label does not answer the keyboard: Enter or Space on the button
 * inside it (overrides/partials/header.html) toggles the drawer, Escape closes it and returns to
 * the button, and aria-expanded says which it is. */
(function () {
  "use strict";
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
