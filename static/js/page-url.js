// A form that posts to its own address (…/flags/6/acknowledge/) and is refused shows its page there with a
// 400 and the error. The page names its own address in <meta name="bt-page-url">; putting it back in the
// address bar means a reload or a bookmark opens the page, rather than posting the form again.
(() => {
  const meta = document.querySelector('meta[name="bt-page-url"]');
  if (!meta || !window.history || !history.replaceState) return;
  const target = new URL(meta.content, window.location.href);
  if (target.origin !== window.location.origin) return;
  history.replaceState(null, "", target.pathname + target.search + target.hash);
  const anchor = target.hash && document.getElementById(target.hash.slice(1));
  if (anchor) anchor.scrollIntoView({ block: "start" });
})();
