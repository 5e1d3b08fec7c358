/* The check's steps (templates/triage/_step_form.html). Without this file every step still works: "Yes"
   asks the server for the items to tick. With it, "Yes" opens them at once, and on the emergency step a
   tick goes straight to what to do (the page says so before the items). */
(function () {
  "use strict";
  var form = document.getElementById("triage-form");
  if (!form) { return; }
  var open = form.querySelector("[data-open-group]");
  var list = form.querySelector("[data-group-list]");
  var items = form.querySelector("[data-group-items]");
  var proceed = form.querySelector("[data-group-continue]");
  if (open && items && proceed) {
    open.addEventListener("click", function (event) {
      event.preventDefault();
      if (list) { list.hidden = true; }
      items.hidden = false;
      proceed.hidden = false;
      open.hidden = true;
      var first = items.querySelector("input");
      if (first) { first.focus(); }
    });
  }
  if (form.hasAttribute("data-act-on-tick") && items && proceed) {
    items.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked) { form.requestSubmit(proceed); }
      });
    });
  }
})();
