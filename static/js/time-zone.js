/* The time zone select of the sign-up and profile pages (accounts/forms.py). Without JavaScript the sign-up
   form keeps its default (Europe/London) and the profile the saved zone.
   - data-browser-time-zone="preselect" (a blank sign-up form): choose the browser's own zone.
   - data-browser-time-zone="offer" (the profile): if the browser's zone differs from the saved one, offer a
     button to use it; nothing changes until the runner presses it and saves. */
(function () {
  "use strict";
  var select = document.querySelector("select[data-browser-time-zone]");
  if (!select) return;
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    return;
  }
  var option = null;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) option = select.options[i];
  }
  if (!option || select.value === zone) return;
  if (select.getAttribute("data-browser-time-zone") === "preselect") {
    select.value = zone;
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "btn btn-link btn-sm px-0";
  button.id = "use-device-time-zone";
  button.textContent = "Use this device's time zone: " + option.textContent;
  button.addEventListener("click", function () {
    select.value = zone;
    button.remove();
    select.focus();
  });
  select.insertAdjacentElement("afterend", button);
})();
