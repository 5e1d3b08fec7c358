/* One tap logs today's pain: tapping a number on the dashboard's pain form (data-one-tap) sends the form at
   once. requestSubmit() fires the submit event, so offline-queue.js still adds its idempotency key. Offline,
   nothing is sent on the tap: the runner keeps the number and taps "Save today's pain", which queues it. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-one-tap]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.name !== "pain" || !input.checked) return;
      if (!navigator.onLine) return;
      if (form.dataset.sending) return; // one tap, one request
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
      form.requestSubmit();
    });
  });
})();
