// History below the first screen comes as its own fragment (journal/fragments.py): each
// element with data-fragment="URL" holds a plain link to that URL (a page of its own without JavaScript);
// with JavaScript the fragment is fetched when the section comes near the screen (or at once where
// IntersectionObserver is missing) and replaces the link. A failed fetch leaves the link in place.
(function () {
  "use strict";
  function load(section) {
    if (section.dataset.fragmentState) return;
    section.dataset.fragmentState = "loading";
    section.setAttribute("aria-busy", "true");
    fetch(section.dataset.fragment, { headers: { "X-Fragment": "1" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("fragment " + response.status);
        return response.text();
      })
      .then(function (html) {
        section.innerHTML = html;
        section.dataset.fragmentState = "loaded";
      })
      .catch(function () {
        section.dataset.fragmentState = "failed";
      })
      .finally(function () {
        section.removeAttribute("aria-busy");
      });
  }
  var sections = document.querySelectorAll("[data-fragment]");
  if (!("IntersectionObserver" in window)) {
    sections.forEach(load);
    return;
  }
  var observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          load(entry.target);
        }
      });
    },
    { rootMargin: "300px 0px" }
  );
  sections.forEach(function (section) {
    observer.observe(section);
  });
})();
