// Admin forms: Select2 (autocomplete fields) adds a search box without a label; give it the
// field's own. Loaded after admin/js/autocomplete.js, so its handlers run first.
(function () {
  "use strict";
  if (!window.django || !django.jQuery) return;
  function labelSearchBoxes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) return;
      // The box showing the choice (a textbox to screen readers) is named too: with nothing
      // chosen yet it has no text of its own.
      var fields = container.querySelectorAll(".select2-search__field, .select2-selection__rendered");
      fields.forEach(function (field) {
        field.setAttribute("aria-label", label.textContent.trim().replace(/:$/, ""));
      });
    });
  }
  django.jQuery(function () { labelSearchBoxes(document); });
  document.addEventListener("formset:added", function (event) { labelSearchBoxes(event.target); });
})();
