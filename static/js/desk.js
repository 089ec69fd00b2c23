/* The accreditation desk (delegations/desk.py). The signed list of people comes with the page and is refreshed
 * every few minutes while online; it is kept in localStorage, so the tablet keeps working offline, but only for an
 * hour after it was made. A check-in is shown at once and queued in localStorage; the queue is sent whenever the
 * network answers, and the server counts each person once, so sending twice does no harm. */
(function () {
  "use strict";
  const root = document.getElementById("desk");
  if (!root) return;
  const LIST_KEY = "desk-list", QUEUE_KEY = "desk-queue", REFRESH_MS = 5 * 60 * 1000, RETRY_MS = 10 * 1000;
  const status = root.querySelector(".desk-status");
  const result = root.querySelector(".desk-result");
  const matches = root.querySelector(".desk-matches");
  const input = root.querySelector("#desk-code");
  const said = root.dataset;

  const load = (key, empty) => JSON.parse(localStorage.getItem(key) || empty);
  let list = JSON.parse(document.getElementById("desk-people").textContent);
  const kept = load(LIST_KEY, "null");
  if (kept && kept.made > list.made) list = kept;
  localStorage.setItem(LIST_KEY, JSON.stringify(list));

  const fresh = () => new Date(list.valid_until) > new Date();
  const queue = () => load(QUEUE_KEY, "[]");
  const csrfToken = () => {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  };

  function showStatus() {
    const waiting = queue().length;
    let text = navigator.onLine ? said.saidOnline : said.saidOffline;
    if (waiting) text += " " + waiting + " " + said.saidWaiting + ".";
    if (!fresh()) text = said.saidStale;
    status.textContent = text;
    root.querySelector(".desk-made").textContent = new Date(list.made).toLocaleTimeString();
  }

  function say(text, person) {
    result.textContent = "";
    const line = document.createElement("p");
    line.className = "desk-said";
    line.textContent = text;
    result.appendChild(line);
    if (person) {
      const who = document.createElement("p");
      who.className = "desk-person";
      who.textContent = person.name + " · " + person.city + " · " + person.function;
      result.appendChild(who);
    }
  }

  function checkIn(person) {
    if (!fresh()) { say(said.saidStale); return; }
    const waiting = queue();
    if (person.in || waiting.indexOf(person.code) !== -1) {
      say(said.saidAgain, person);
    } else {
      person.in = true;
      waiting.push(person.code);
      localStorage.setItem(QUEUE_KEY, JSON.stringify(waiting));
      localStorage.setItem(LIST_KEY, JSON.stringify(list));
      say(said.saidNew, person);
    }
    input.value = "";
    matches.textContent = "";
    showStatus();
    send();
  }

  function find(text) {
    matches.textContent = "";
    const wanted = text.trim().toLowerCase();
    if (wanted.length < 2) return;
    list.people.filter((person) => person.name.toLowerCase().indexOf(wanted) !== -1).slice(0, 8).forEach((person) => {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button-secondary";
      button.textContent = person.name + " · " + person.city;
      button.addEventListener("click", () => checkIn(person));
      item.appendChild(button);
      matches.appendChild(item);
    });
  }

  let sending = false;
  async function send() {
    const waiting = queue();
    if (sending || !waiting.length || !navigator.onLine) { showStatus(); return; }
    sending = true;
    try {
      const response = await fetch(said.sendUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ codes: waiting }),
      });
      if (response.ok) {
        const sent = Object.keys((await response.json()).results);
        localStorage.setItem(QUEUE_KEY, JSON.stringify(queue().filter((code) => sent.indexOf(code) === -1)));
      }
    } catch (error) {
      // No network after all: the queue waits for the next try.
    } finally {
      sending = false;
      showStatus();
    }
  }

  async function refresh() {
    if (!navigator.onLine) return;
    try {
      const response = await fetch(said.listUrl, { credentials: "same-origin" });
      if (response.ok) {
        list = await response.json();
        const waiting = queue();
        list.people.forEach((person) => { if (waiting.indexOf(person.code) !== -1) person.in = true; });
        localStorage.setItem(LIST_KEY, JSON.stringify(list));
      }
    } catch (error) {
      // Keep working from the list kept.
    }
    showStatus();
  }

  root.querySelector(".desk-find").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    const person = list.people.find((candidate) => candidate.code === text);
    if (person) checkIn(person);
    else if (text.indexOf(":") !== -1) say(said.saidUnknown);
    else find(text);
  });
  input.addEventListener("input", () => find(input.value));
  window.addEventListener("online", () => { send(); refresh(); });
  window.addEventListener("offline", showStatus);
  setInterval(send, RETRY_MS);
  setInterval(refresh, REFRESH_MS);
  showStatus();
  send();
})();
