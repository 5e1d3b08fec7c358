/* Triage form: "None of these" answers No to every question of its group; a Yes unticks it. */
(function () {
  "use strict";
  var form = document.getElementById("triage-form");
  if (!form) { return; }
  form.querySelectorAll("input[data-none-of]").forEach(function (box) {
    var group = box.getAttribute("data-none-of");
    var answers = form.querySelectorAll('input[type=radio][data-sign-group="' + group + '"]');
    box.addEventListener("change", function () {
      if (!box.checked) { return; }
      answers.forEach(function (radio) { if (radio.value === "no") { radio.checked = true; } });
    });
    answers.forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked && radio.value === "yes") { box.checked = false; }
      });
    });
  });
})();
