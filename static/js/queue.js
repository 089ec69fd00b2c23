// The moderators' queue brings itself up to date every 2 seconds, in place: a question whose form a moderator is
// using (focus inside, or an "answered by" being typed) stays where it is, untouched, while the questions around
// it and the column counts are replaced. Moving a focused node would blur it and lose the typing.
(function () {
  "use strict";
  var SECONDS = 2;
  var last = "";

  function inUse(item) {
    if (item.contains(document.activeElement)) return true;
    return Array.prototype.some.call(item.querySelectorAll("input[type=text]"), function (input) {
      return input.value !== "";
    });
  }

  function byId(list) {
    var found = {};
    Array.prototype.forEach.call(list.children, function (item) {
      found[item.getAttribute("data-question")] = item;
    });
    return found;
  }

  function updateColumn(column, fresh) {
    column.querySelector("h2").textContent = fresh.querySelector("h2").textContent;
    var list = column.querySelector("ol");
    var kept = byId(list);
    var items = Array.prototype.slice.call(fresh.querySelector("ol").children);
    var keep = items.map(function (item) {
      var old = kept[item.getAttribute("data-question")];
      return old && inUse(old) ? old : null;
    });
    // Take out what is not kept, then put the fresh ones before or after the kept ones, which never move.
    Array.prototype.slice.call(list.children).forEach(function (item) {
      if (keep.indexOf(item) === -1) list.removeChild(item);
    });
    var next = list.firstChild;
    items.forEach(function (item, index) {
      if (keep[index]) {
        next = keep[index].nextSibling;
      } else {
        list.insertBefore(item, next);
      }
    });
  }

  function apply(html) {
    if (html === last) return;
    last = html;
    var queue = document.getElementById("queue");
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.getElementById("queue");
    if (!queue || !fresh) return;
    var open = queue.querySelector(".queue-open");
    if (!open.contains(document.activeElement)) {
      open.replaceWith(fresh.querySelector(".queue-open"));
    }
    Array.prototype.forEach.call(queue.querySelectorAll(".queue-column"), function (column) {
      var match = fresh.querySelector('.queue-column[data-status="' + column.getAttribute("data-status") + '"]');
      if (match) updateColumn(column, match);
    });
  }

  function poll() {
    var queue = document.getElementById("queue");
    if (!queue) return;
    // The browser revalidates with the ETag: an unchanged queue is a 304 and the same text again.
    fetch(queue.getAttribute("data-poll"), { cache: "no-cache", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(apply)
      .catch(function () { /* offline or signed out: keep what is shown until the next try */ })
      .then(function () { window.setTimeout(poll, SECONDS * 1000); });
  }

  window.setTimeout(poll, SECONDS * 1000);
})();
