// Profile form: show only the sections that fit the chosen role (skill-picker.js filters skills).
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
})();
