// Profile form: show only the sections that fit the chosen role, and filter long skill lists.
(function () {
  "use strict";
  // Not document.querySelector("form"): for a signed-in member that is the navbar's sign-out form.
  var anyRole = document.querySelector('input[name="role"]');
  if (!anyRole) return;
  var form = anyRole.form;

  function chosenRole() {
    var checked = form.querySelector('input[name="role"]:checked');
    return checked ? checked.value : "";
  }
  function showSections() {
    var role = chosenRole();
    form.querySelectorAll(".role-mentor").forEach(function (el) {
      el.hidden = role === "mentee";
    });
    form.querySelectorAll(".role-mentee").forEach(function (el) {
      el.hidden = role === "mentor";
    });
  }
  form.querySelectorAll('input[name="role"]').forEach(function (input) {
    input.addEventListener("change", showSections);
  });
  showSections();

  document.querySelectorAll("[data-skill-picker]").forEach(function (picker) {
    var box = picker.querySelector(".skill-filter");
    var input = picker.querySelector("[data-skill-filter]");
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
      picker.querySelectorAll("[data-skill-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-skill-terms]").forEach(function (item) {
          var terms = item.getAttribute("data-skill-terms");
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
