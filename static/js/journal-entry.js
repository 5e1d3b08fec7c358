/* Entry form: the moment an emergency symptom is ticked, show the emergency-care message. */
(function () {
  "use strict";
  var alertBox = document.getElementById("emergency-alert");
  if (!alertBox) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-emergency-codes]"));
  function update() {
    var show = boxes.some(function (box) {
      var codes = box.getAttribute("data-emergency-codes").split(",");
      return box.checked && codes.indexOf(box.value) !== -1;
    });
    alertBox.classList.toggle("d-none", !show);
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
