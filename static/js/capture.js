/*
 * Workshop capture that never loses a word.
 *
 * Every new or edited outcome is first written to localStorage (keyed by the workshop), shown as "not yet saved",
 * and then sent. Sends are idempotent on the server (the tablet makes the outcome's UUID), so a retry after a lost
 * answer does no harm. When the network is down the queue waits and is sent on the next `online` event or timer
 * tick; a service worker keeps the capture screen itself available for a reload while offline. Edits carry the
 * version they started from: a stale one comes back 409 with the saved text, and the facilitator chooses.
 * The service worker's copy of the screen is as old as its last full load, so the list as last saved (after each
 * save and each poll) is kept in localStorage too, and a reload shows whichever of the two the server made last.
 */
(() => {
  "use strict";
  const root = document.querySelector("[data-capture]");
  if (!root) return;

  const labels = root.dataset;
  const canCapture = labels.canCapture === "true";
  const storageKey = `capture:${root.dataset.workshop}`;
  const savedListKey = `capture-list:${root.dataset.workshop}`;
  const POLL_MS = 4000;
  const RETRY_MS = 5000;
  let flushing = false;

  const list = () => document.getElementById("outcome-list");
  const status = document.getElementById("sync-status");
  const form = document.getElementById("outcome-form");

  const loadQueue = () => {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || "[]");
    } catch {
      return [];
    }
  };
  const storeQueue = (queue) => localStorage.setItem(storageKey, JSON.stringify(queue));

  const newUuid = () => {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  const csrfToken = () => {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : JSON.parse(root.getAttribute("hx-headers"))["X-CSRFToken"];
  };

  const kindLabel = (kind) => {
    const input = root.querySelector(`input[name="kind"][value="${kind}"]`);
    return input ? input.parentElement.textContent.trim() : kind;
  };

  const showStatus = (offline) => {
    if (!status) return;
    const count = loadQueue().length;
    status.classList.toggle("is-pending", count > 0);
    if (count === 0) status.textContent = labels.labelSaved;
    else status.textContent = (offline ? labels.labelOffline : labels.labelWaiting).replace("%(count)s", count);
  };

  /* The queue keeps one operation per outcome: an edit of an outcome whose creation is still queued stays a
     creation (version null) with the newer text. */
  const enqueue = (operation) => {
    const queue = loadQueue();
    const existing = queue.find((item) => item.uuid === operation.uuid);
    if (existing) {
      Object.assign(existing, operation, { version: existing.version });
    } else {
      queue.push(operation);
    }
    storeQueue(queue);
  };
  const dequeue = (uuid) => storeQueue(loadQueue().filter((item) => item.uuid !== uuid));

  const itemFromHtml = (html) => {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  };

  const pendingItem = (operation) => {
    const item = document.createElement("li");
    item.id = `outcome-${operation.uuid}`;
    item.className = `outcome kind-${operation.kind} is-pending`;
    item.dataset.uuid = operation.uuid;
    item.dataset.kind = operation.kind;
    item.dataset.city = operation.city || "";
    item.dataset.pending = "true";
    if (operation.version) item.dataset.version = operation.version;
    const body = document.createElement("div");
    body.className = "outcome-body";
    const meta = document.createElement("p");
    meta.className = "meta";
    const kind = document.createElement("span");
    kind.className = "badge";
    kind.textContent = kindLabel(operation.kind);
    const pending = document.createElement("span");
    pending.className = "badge badge-pending";
    pending.textContent = labels.labelPending;
    meta.append(kind, " ", pending);
    const text = document.createElement("p");
    text.className = "outcome-text";
    text.textContent = operation.text;
    body.append(meta, text);
    const actions = document.createElement("div");
    actions.className = "outcome-actions";
    const edit = document.createElement("button");
    edit.type = "button";
    edit.className = "button button-secondary small";
    edit.dataset.edit = "";
    edit.textContent = labels.labelEdit;
    actions.append(edit);
    item.append(body, actions);
    return item;
  };

  const place = (item) => {
    const current = document.getElementById(item.id);
    if (current) {
      current.replaceWith(item);
    } else {
      list().querySelector("[data-empty]")?.remove();
      list().append(item);
    }
    if (window.htmx) window.htmx.process(item);
  };

  const showConflict = (operation, answer) => {
    const item = itemFromHtml(answer.html);
    item.dataset.editing = "true";
    const box = document.createElement("div");
    box.className = "conflict";
    box.setAttribute("role", "alert");
    const title = document.createElement("p");
    title.className = "conflict-title";
    title.textContent = labels.labelConflict;
    const theirs = document.createElement("p");
    theirs.innerHTML = "<strong></strong> <span></span>";
    theirs.querySelector("strong").textContent = `${labels.labelTheirs}:`;
    theirs.querySelector("span").textContent = answer.current.text;
    const mine = document.createElement("p");
    mine.innerHTML = "<strong></strong> <span></span>";
    mine.querySelector("strong").textContent = `${labels.labelMine}:`;
    mine.querySelector("span").textContent = operation.text;
    const keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.className = "button small";
    keepMine.textContent = labels.labelKeepMine;
    keepMine.addEventListener("click", () => {
      const retry = { ...operation, version: answer.current.version };
      enqueue(retry);
      place(pendingItem(retry));
      flush();
    });
    const keepTheirs = document.createElement("button");
    keepTheirs.type = "button";
    keepTheirs.className = "button button-secondary small";
    keepTheirs.textContent = labels.labelKeepTheirs;
    keepTheirs.addEventListener("click", () => place(itemFromHtml(answer.html)));
    box.append(title, theirs, mine, keepMine, " ", keepTheirs);
    item.querySelector(".outcome-body").append(box);
    place(item);
  };

  const showFailure = (operation, answer) => {
    const item = pendingItem(operation);
    item.classList.add("is-failed");
    item.querySelector(".badge-pending").textContent = `${labels.labelFailed}: ${answer.error || ""}`;
    place(item);
  };

  async function flush() {
    // navigator.onLine false is certain (no network at all); true only means "maybe", so a failed send is
    // handled below as well.
    if (flushing || !navigator.onLine) {
      showStatus(!navigator.onLine);
      return;
    }
    flushing = true;
    try {
      for (const operation of loadQueue()) {
        let response;
        try {
          response = await fetch(root.dataset.saveUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" },
            body: new URLSearchParams({
              uuid: operation.uuid,
              kind: operation.kind,
              text: operation.text,
              city: operation.city || "",
              version: operation.version || "",
            }),
          });
        } catch {
          showStatus(true);
          return;
        }
        if (response.status >= 500) {
          showStatus(true);
          return;
        }
        const answer = await response.json().catch(() => ({}));
        dequeue(operation.uuid);
        if (response.ok) {
          const current = document.getElementById(`outcome-${operation.uuid}`);
          if (!current || !current.dataset.editing) place(itemFromHtml(answer.html));
        } else if (response.status === 409) {
          showConflict(operation, answer);
        } else {
          showFailure(operation, answer);
        }
      }
      // "All saved" only once the list as saved is also kept for an offline reload.
      await refresh();
      showStatus(false);
    } finally {
      flushing = false;
    }
  }

  /* Poll for what the other tablets added. Items being edited and items not yet saved here stay as they are. */
  async function refresh() {
    if (!navigator.onLine) return;
    let html;
    try {
      const response = await fetch(root.dataset.listUrl, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      html = await response.text();
    } catch {
      return;
    }
    try {
      localStorage.setItem(savedListKey, html);
    } catch {
      // A full storage only costs the offline copy of the list; the queue is written first and kept.
    }
    const fresh = itemFromHtml(html);
    const current = list();
    const keep = new Map(
      [...current.children]
        .filter((item) => item.dataset.editing || item.dataset.pending)
        .map((item) => [item.id, item]),
    );
    if (keep.size) fresh.querySelector("[data-empty]")?.remove();
    const wanted = [...fresh.children].map((item) => keep.get(item.id) || item);
    for (const item of keep.values()) if (!wanted.includes(item)) wanted.push(item);
    // The list is brought up to date in place. A kept item is never taken out of the page (that would blur an
    // open editor and send the next keystrokes nowhere); it moves only if another tablet reordered it.
    for (const name of fresh.getAttributeNames()) current.setAttribute(name, fresh.getAttribute(name));
    for (const item of [...current.children]) if (!keep.has(item.id)) item.remove();
    let next = current.firstElementChild;
    for (const item of wanted) {
      if (item === next) next = next.nextElementSibling;
      else current.insertBefore(item, next);
    }
    if (window.htmx) window.htmx.process(current);
  }

  const startEditing = (item) => {
    if (item.dataset.editing) return;
    item.dataset.editing = "true";
    const text = item.querySelector(".outcome-text");
    const editor = document.createElement("div");
    editor.className = "outcome-editor";
    const area = document.createElement("textarea");
    area.rows = 3;
    area.maxLength = 2000;
    area.value = text.textContent;
    area.setAttribute("aria-label", labels.labelEdit);
    const save = document.createElement("button");
    save.type = "button";
    save.className = "button small";
    save.textContent = labels.labelSave;
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button-secondary small";
    cancel.textContent = labels.labelCancel;
    editor.append(area, save, " ", cancel);
    text.replaceWith(editor);
    item.querySelector(".outcome-actions").hidden = true;
    area.focus();
    cancel.addEventListener("click", () => {
      editor.replaceWith(text);
      item.querySelector(".outcome-actions").hidden = false;
      delete item.dataset.editing;
    });
    save.addEventListener("click", () => {
      const value = area.value.trim();
      if (!value) return;
      const operation = {
        uuid: item.dataset.uuid,
        kind: item.dataset.kind,
        city: item.dataset.city || "",
        text: value,
        version: item.dataset.pending ? null : Number(item.dataset.version),
      };
      enqueue(operation);
      place(pendingItem(loadQueue().find((queued) => queued.uuid === operation.uuid)));
      showStatus(!navigator.onLine);
      flush();
    });
  };

  if (canCapture && form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = form.elements.text.value.trim();
      if (!text) {
        form.elements.text.focus();
        return;
      }
      const operation = {
        uuid: newUuid(),
        kind: form.elements.kind.value,
        city: form.elements.city.value,
        text,
        version: null,
      };
      enqueue(operation);
      place(pendingItem(operation));
      form.elements.text.value = "";
      form.elements.text.focus();
      showStatus(!navigator.onLine);
      flush();
    });
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-edit]");
    if (button) startEditing(button.closest("li"));
  });
  document.body.addEventListener("outcomes-changed", refresh);
  // Votes, order and hiding need the network; say so instead of failing silently.
  root.addEventListener("htmx:sendError", () => {
    if (status) status.textContent = labels.labelNetwork;
  });
  root.addEventListener("htmx:responseError", () => {
    if (status) status.textContent = labels.labelNetwork;
  });

  // Offline, the page may be the service worker's older copy: show the list as it was last saved instead.
  const saved = localStorage.getItem(savedListKey);
  if (saved) {
    const savedList = itemFromHtml(saved);
    if (Number(savedList.dataset.renderedAt) > Number(list().dataset.renderedAt)) {
      list().replaceWith(savedList);
      if (window.htmx) window.htmx.process(savedList);
    }
  }
  // What is still queued from before a reload is shown again and sent.
  for (const operation of loadQueue()) place(pendingItem(operation));
  showStatus(!navigator.onLine);
  window.addEventListener("online", () => flush().then(refresh));
  window.addEventListener("offline", () => showStatus(true));
  setInterval(() => {
    if (loadQueue().length) flush();
  }, RETRY_MS);
  setInterval(refresh, POLL_MS);
  flush();

  if ("serviceWorker" in navigator && "caches" in window) {
    navigator.serviceWorker
      .register(root.dataset.swUrl, { scope: "/workshops/" })
      .then(() => caches.open("capture-v1"))
      .then((cache) => cache.addAll([location.pathname, ...root.dataset.offlineAssets.split(" ")]))
      .then(() => {
        root.dataset.offlineReady = "true";
      })
      .catch(() => {});
  }
})();
