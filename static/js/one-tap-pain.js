/* One tap logs today's pain: tapping or clicking a number on the dashboard's pain form (data-one-tap) sends
   the form at once. requestSubmit() fires the submit event, so offline-queue.js still adds its idempotency
   key. The keyboard is left alone: arrow keys move through the numbers and Enter on "Save today's pain"
   sends, so a keyboard user never saves a number they only passed over. Offline, nothing is sent on the
   tap: the runner taps "Save today's pain", which keeps the item on the phone. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-one-tap]").forEach(function (form) {
    var pointer = false;
    form.addEventListener("pointerdown", function () { pointer = true; });
    form.addEventListener("keydown", function () { pointer = false; });
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.name !== "pain" || !input.checked) return;
      if (!pointer || !navigator.onLine) return;
      if (form.dataset.sending) return; // one tap, one request
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
      form.requestSubmit();
    });
  });
})();
