// Confirming a logged session: "What was different?" only once "No" is chosen. Without this
// script the box is simply always there.
(function () {
  "use strict";
  document.querySelectorAll("[data-shown-for-no]").forEach(function (box) {
    var form = box.closest("form");
    function show() {
      var chosen = form.querySelector('input[name="happened"]:checked');
      box.hidden = !(chosen && chosen.value === "no");
    }
    form.querySelectorAll('input[name="happened"]').forEach(function (input) {
      input.addEventListener("change", show);
    });
    show();
  });
})();
