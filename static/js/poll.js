// The phone's poll refreshes itself every 2 seconds (htmx). While someone is choosing an answer to the poll on
// their screen, a refresh of that same poll is not swapped in, so a tap is never undone under their finger; a new
// poll, or a closed one, is.
(function () {
  "use strict";
  var touched = null;

  document.addEventListener("change", function (event) {
    var form = event.target.closest(".poll-form");
    if (form) touched = form.getAttribute("data-poll");
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest(".poll-form");
    if (form) touched = form.getAttribute("data-poll");
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target.id !== "phone-poll" || touched === null) return;
    var found = /data-poll="(\d+)"/.exec(event.detail.xhr.responseText || "");
    if (found && found[1] === touched) event.detail.shouldSwap = false;
  });
})();
