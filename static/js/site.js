// On every page (loaded from base.html): focus and skip-link behaviour that the markup alone lacks.
(function () {
  "use strict";
  // A form sent back with errors: move focus to its summary, so it is read out first.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  // Skip to the content without leaving "#main" in the address: a form on the page would
  // post to it, and the redirect after would carry it on to the next page.
  var skip = document.querySelector(".skip-link");
  if (skip) {
    skip.addEventListener("click", function (event) {
      event.preventDefault();
      document.getElementById("main").focus();
    });
  }
})();
