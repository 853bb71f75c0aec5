// Wijkregie's own script, loaded from the site itself (the CSP allows no inline script).
// A page that comes back with form errors puts the focus on the error summary, so keyboard and screen-reader
// users start at the list of what to fix; each item links to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
