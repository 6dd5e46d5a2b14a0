/* Folding for accent-insensitive matching, the same as fold() in hooks/portal/text.py:
 * NFC, lower case, NFD, combining marks dropped, "đ" and the look-alike "ð" to "d".
 * One copy for the browser: the search page and the tracker both load this file. */
window.portalFold = function (s) {
  "use strict";
  return String(s).normalize("NFC").toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/[đð]/g, "d");
};
