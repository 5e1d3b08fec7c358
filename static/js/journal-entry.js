/* Entry form: ticking an emergency or urgent warning sign shows the warning right under that box,
   scrolls it into view and announces it to screen readers. */
(function () {
  "use strict";
  var alertBox = document.getElementById("emergency-alert");
  var announce = document.getElementById("sign-announce");
  if (!alertBox) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-tier]"));
  var rank = { emergency: 2, urgent: 1 };
  var words = { emergency: "Get emergency care now.", urgent: "See a doctor today." };

  function level() {
    return boxes.reduce(function (best, box) {
      var tier = box.getAttribute("data-tier");
      return box.checked && (rank[tier] || 0) > (rank[best] || 0) ? tier : best;
    }, "");
  }

  function show(near) {
    var current = level();
    alertBox.classList.toggle("d-none", !current);
    alertBox.setAttribute("data-level", current);
    alertBox.querySelectorAll("[data-warning-level]").forEach(function (part) {
      part.classList.toggle("d-none", part.getAttribute("data-warning-level") !== current);
    });
    if (announce) { announce.textContent = current ? words[current] : ""; }
    if (current && near) {
      var row = near.closest("[data-sign-row]") || near;
      row.insertAdjacentElement("afterend", alertBox);
      // Bring the warning into view without losing the ticked box off the top (no smooth scrolling:
      // the page must be right at once).
      var warningBox = alertBox.getBoundingClientRect();
      var rowTop = row.getBoundingClientRect().top;
      var overflow = warningBox.bottom - window.innerHeight + 8;
      if (overflow > 0) {
        window.scrollBy({ top: Math.min(overflow, rowTop - 8), left: 0, behavior: "instant" });
      }
    }
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      show(box.checked && rank[box.getAttribute("data-tier")] ? box : null);
    });
  });
})();
