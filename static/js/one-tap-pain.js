/* One tap logs today's pain: tapping or clicking a number on the dashboard's pain form (data-one-tap) sends
   the form at once, online or offline. requestSubmit() fires the submit event, so offline-queue.js adds its
   idempotency key online, and offline keeps the tap on the phone (then fires "backtrack:kept" on the form).
   The keyboard is left alone: arrow keys move through the numbers and Enter on the save button sends, so a
   keyboard user never saves a number they only passed over.
   - The hint says what a tap does now: saved at once online, kept on the phone offline.
   - Once today's pain is saved (data-saved), the save button shows only when the choice differs from it. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-one-tap]").forEach(function (form) {
    var pointer = false;
    var hint = document.getElementById("one-tap-hint");
    var onlineText = hint ? hint.textContent : "";
    var button = form.querySelector("button[type=submit]");
    var side = form.querySelector("select[name=pain_side]");
    var savedSide = side ? side.value : "";
    var state = document.getElementById("quick-pain-state");

    function checkedPain() {
      var input = form.querySelector("input[name=pain]:checked");
      return input ? input.value : null;
    }
    function showButton() {
      if (!button || form.dataset.saved === undefined) return;
      button.hidden = checkedPain() === form.dataset.saved && (!side || side.value === savedSide);
    }
    function showHint() {
      if (hint && hint.dataset.offlineText) hint.textContent = navigator.onLine ? onlineText : hint.dataset.offlineText;
    }

    form.addEventListener("pointerdown", function () { pointer = true; });
    form.addEventListener("keydown", function () { pointer = false; });
    form.addEventListener("change", function (event) {
      showButton();
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.name !== "pain" || !input.checked) return;
      if (!pointer) return;
      if (form.dataset.sending) return; // one tap, one request
      if (navigator.onLine) {
        form.dataset.sending = "1";
        form.setAttribute("aria-busy", "true");
      }
      form.requestSubmit();
    });
    // Kept on the phone (offline-queue.js): the card shows the kept number, as it will show the saved one.
    form.addEventListener("backtrack:kept", function (event) {
      var pain = event.detail.fields.pain;
      form.dataset.saved = pain;
      savedSide = side ? side.value : "";
      showButton();
      if (state) {
        state.replaceChildren();
        var line = document.createElement("p");
        line.className = "mb-0";
        line.id = "quick-pain-kept";
        line.textContent = "Kept on this phone: pain " + pain + " out of 10. It will be sent when you are back online.";
        state.append(line);
      }
    });
    window.addEventListener("online", showHint);
    window.addEventListener("offline", showHint);
    showHint();
    showButton();
  });
})();
