/* The check's steps (templates/triage/_step_form.html). Without this file every step still works: "Yes"
   asks the server for the items to tick. With it, "Yes" opens them at once, and on the emergency step a
   tick goes straight to what to do (the page says so before the items).
   The browser's own Back button: when a step is answered, this page's history entry is first replaced by the
   step's own address with the answer in it (the same address as the next page's Back link), and the chosen
   button is marked as the answer; so Back shows the step with its answer highlighted, whether the browser
   asks the server again or restores the page from its back-forward cache. */
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
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (!submitter || !submitter.name || submitter.name === "open") { return; }
    // The step's address as the server writes it (triage.forms.step_url): the answers so far, then this
    // step's; a sign group's answer is each item's own yes or no.
    var boxes = items ? Array.prototype.slice.call(items.querySelectorAll("input[type=checkbox]")) : [];
    var own = boxes.map(function (box) { return box.name; });
    var query = new URLSearchParams();
    query.append("step", form.getAttribute("data-step"));
    new FormData(form).forEach(function (value, name) {
      if (name !== "answer" && own.indexOf(name) < 0) { query.append(name, value); }
    });
    if (boxes.length) {
      boxes.forEach(function (box) {
        query.append(box.name, submitter.value === "yes" && box.checked ? "yes" : "no");
      });
    } else {
      query.append(submitter.name, submitter.value);
    }
    try {
      history.replaceState(history.state, "", form.getAttribute("action") + "?" + query.toString());
    } catch (e) { /* an old browser: Back shows the step unanswered, as without this file */ }
    form.querySelectorAll("button[type=submit][name='" + submitter.name + "']").forEach(function (button) {
      if (button.hasAttribute("data-group-continue")) { return; }  // "Continue": the ticks are the answer
      var chosen = button === submitter;
      button.classList.toggle("btn-brand", chosen);
      button.classList.toggle("btn-outline-dark", !chosen);
      var note = button.querySelector(".visually-hidden");
      if (chosen && !note) {
        note = document.createElement("span");
        note.className = "visually-hidden";
        note.textContent = " (your answer)";
        button.appendChild(note);
      } else if (!chosen && note) {
        note.remove();
      }
    });
  });
  if (form.hasAttribute("data-act-on-tick") && items && proceed) {
    items.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () {
        if (box.checked) { form.requestSubmit(proceed); }
      });
    });
  }
})();
