// Skill pickers (profile skills, session topics): a search box that filters a long list of
// checkboxes by name, category or synonym. Ticked skills always stay in view.
(function () {
  "use strict";
  document.querySelectorAll("[data-skill-picker]").forEach(function (picker) {
    var box = picker.querySelector(".skill-filter");
    var input = picker.querySelector("[data-skill-filter]");
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      picker.querySelectorAll("[data-skill-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-skill-terms]").forEach(function (item) {
          // Without search terms from the server, a skill is found by its own name.
          var terms = item.getAttribute("data-skill-terms") || item.textContent.toLowerCase();
          var match = words.every(function (w) { return terms.indexOf(w) !== -1; });
          var checked = item.querySelector("input").checked;
          item.hidden = !(match || checked);
          if (!item.hidden) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
  });
})();
