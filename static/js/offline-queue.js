/* Logging without a connection, on every page (loaded by base.html).
   - Registers the service worker (/sw.js).
   - Forms marked data-offline-queue (the offline page), and the dashboard's quick pain and run forms when
     the phone is offline, are kept in IndexedDB with an idempotency key instead of being sent.
   - Whenever a page loads online, or the connection returns, kept items are sent one by one with their key
     in the Idempotency-Key header; the server logs each key once, so a retry never logs twice.
   - Online forms of those kinds get a key too, so a double tap logs once.
   - Each kept item belongs to the account that was logged in on this phone when it was kept (base.html's
     data-account, remembered in localStorage); it is sent only while that account is logged in, so a
     second person logging in on the same phone never receives the first one's items.
   - On a shared phone nobody's items stay behind for the next person: a page for a signed-in account
     deletes items kept for any other account (sign-in), and logging out sends what can be sent, then
     deletes every kept item before the log-out goes through (sign-out). */
(function () {
  "use strict";

  const DB_NAME = "backtrack";
  const STORE = "queue";
  const QUEUED_ACTIONS = ["/journal/today/pain/", "/journal/sessions/new/"];

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }
  if (!("indexedDB" in window)) return;

  const ACCOUNT_KEY = "backtrack-account";
  if (!document.body.dataset.offlinePage) {
    localStorage.setItem(ACCOUNT_KEY, document.body.dataset.account || "");
  }
  function account() {
    return document.body.dataset.account || (document.body.dataset.offlinePage && localStorage.getItem(ACCOUNT_KEY)) || "";
  }

  function openDb() {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "key" });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function withStore(mode, work) {
    return openDb().then(
      (db) =>
        new Promise((resolve, reject) => {
          const tx = db.transaction(STORE, mode);
          const result = work(tx.objectStore(STORE));
          tx.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
          tx.onerror = () => reject(tx.error);
        }),
    );
  }

  const queue = {
    add: (item) => withStore("readwrite", (s) => s.put(item)),
    all: () => withStore("readonly", (s) => s.getAll()),
    remove: (key) => withStore("readwrite", (s) => s.delete(key)),
    clear: () => withStore("readwrite", (s) => s.clear()),
  };

  // Items kept for anyone but `current` are removed (a page for a signed-in account: the sign-in).
  function dropOtherAccounts(current) {
    return queue
      .all()
      .then((items) => Promise.all(items.filter((item) => item.account !== current).map((item) => queue.remove(item.key))));
  }

  const LOGOUT_PATH = "/accounts/logout/";
  const LOGOUT_WAIT_MS = 3000; // logging out never waits longer than this for the last sends

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function localDay() {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }

  function say(text) {
    let box = document.getElementById("offline-queue-status");
    if (!box) {
      box = document.createElement("div");
      box.id = "offline-queue-status";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      const main = document.getElementById("main");
      if (!main) return;
      main.prepend(box);
    }
    box.className = "alert alert-info";
    box.textContent = text;
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function path(form) {
    return new URL(form.action, location.href).pathname;
  }

  function isQueueable(form) {
    return form.hasAttribute("data-offline-queue") || QUEUED_ACTIONS.includes(path(form));
  }

  function describe(item) {
    return item.kind === "pain" ? `back pain ${item.fields.pain} out of 10` : "a run";
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !isQueueable(form)) return;
      const key = newKey();
      if (navigator.onLine && !form.hasAttribute("data-offline-queue")) {
        let field = form.querySelector("input[name=idempotency_key]");
        if (!field) {
          field = document.createElement("input");
          field.type = "hidden";
          field.name = "idempotency_key";
          form.append(field);
        }
        field.value = key;
        return; // sent as usual
      }
      event.preventDefault();
      const fields = Object.fromEntries(new FormData(form).entries());
      delete fields.csrfmiddlewaretoken;
      delete fields.idempotency_key;
      const kind = path(form) === "/journal/today/pain/" ? "pain" : "run";
      if (kind === "pain" && fields.pain === undefined) {
        say("Choose a number from 0 to 10 first.");
        return;
      }
      if (!account()) {
        say("Log in to Backtrack first, while online: what is logged here is sent to the account logged in on this phone.");
        return;
      }
      if (kind === "run" && !fields.day) fields.day = localDay();
      const item = { key, kind, action: path(form), day: localDay(), fields, savedAt: Date.now(), account: account() };
      queue.add(item).then(() => {
        // The dashboard's pain card keeps showing the number and says it is kept (one-tap-pain.js).
        if (form.hasAttribute("data-one-tap")) form.dispatchEvent(new CustomEvent("backtrack:kept", { detail: item }));
        else form.reset();
        say(`Saved on this phone: ${describe(item)}. It will be sent when you are back online.`);
        if (navigator.onLine) flush();
      });
    },
    true,
  );

  let flushing = false;

  function send(item) {
    // Pain kept on an earlier day (up to a week back) goes to that day: sent with the phone's today, so
    // the server counts the same number of days back from the runner's today, whatever the time zones.
    // When it was kept goes too: a day changed in the journal since keeps its newer pain.
    const action = item.action;
    const body = new FormData();
    Object.entries(item.fields).forEach(([name, value]) => body.append(name, value));
    if (item.kind === "pain") {
      if (item.day !== localDay()) {
        body.set("day", item.day);
        body.set("phone_today", localDay());
      }
      body.set("kept_at", String(item.savedAt));
    }
    body.append("idempotency_key", item.key);
    return fetch(action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "Idempotency-Key": item.key, "X-CSRFToken": csrfToken() },
    });
  }

  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    let sent = 0;
    let refused = 0;
    let waiting = 0;
    const current = account();
    return queue
      .all()
      .then((items) =>
        items
          .filter((item) => current && item.account === current)
          .sort((a, b) => a.savedAt - b.savedAt)
          .reduce(
            (chain, item) =>
              chain.then(() =>
                send(item)
                  .then((response) => {
                    const loggedOut = new URL(response.url).pathname.startsWith("/accounts/login/");
                    if (response.ok && !loggedOut) {
                      sent += 1;
                      return queue.remove(item.key);
                    }
                    if (response.status === 400) {
                      refused += 1; // the server refused the values: keeping them would only fail again
                      return queue.remove(item.key);
                    }
                    waiting += 1; // logged out, or the server is unwell: try again later
                    return undefined;
                  })
                  .catch(() => {
                    waiting += 1;
                  }),
              ),
            Promise.resolve(),
          ),
      )
      .then(() => {
        const parts = [];
        if (sent) parts.push(`${sent} saved ${sent === 1 ? "item was" : "items were"} sent to your journal.`);
        if (refused) parts.push(`${refused} ${refused === 1 ? "item was" : "items were"} refused; log ${refused === 1 ? "it" : "them"} again from the journal.`);
        if (waiting) parts.push(`${waiting} ${waiting === 1 ? "item is" : "items are"} still waiting: log in and keep this page open to send ${waiting === 1 ? "it" : "them"}.`);
        if (!parts.length) return;
        // A page showing journal values (the dashboard) loads again to show what was sent, and says so there.
        if (sent && document.querySelector("[data-refresh-when-sent]")) {
          sessionStorage.setItem(SENT_NOTE, parts.join(" "));
          location.reload();
          return;
        }
        say(parts.join(" "));
      })
      .finally(() => {
        flushing = false;
      });
  }

  // Sign-out: send what can be sent, then leave nothing on the phone, then log out.
  let loggingOut = false;
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || path(form) !== LOGOUT_PATH || loggingOut) return;
    event.preventDefault();
    loggingOut = true;
    const wait = new Promise((resolve) => setTimeout(resolve, LOGOUT_WAIT_MS));
    Promise.race([flush().catch(() => {}), wait])
      .then(() => queue.clear())
      .catch(() => {})
      .finally(() => form.submit());
  });

  const SENT_NOTE = "backtrack-sent-note";
  const note = sessionStorage.getItem(SENT_NOTE);
  if (note) {
    sessionStorage.removeItem(SENT_NOTE);
    say(note);
  }

  window.addEventListener("online", flush);
  const signedIn = !document.body.dataset.offlinePage && document.body.dataset.account;
  (signedIn ? dropOtherAccounts(signedIn).catch(() => {}) : Promise.resolve()).then(() => {
    if (navigator.onLine) flush();
  });
})();
