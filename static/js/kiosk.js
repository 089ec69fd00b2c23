// A statements kiosk at a venue: after a minute without a touch, it starts afresh for the next person (a new
// pass, so nobody votes in someone else's name).
(function () {
  "use strict";
  var page = document.querySelector(".kiosk[data-restart]");
  if (!page) return;
  var seconds = parseInt(page.getAttribute("data-idle-seconds"), 10) || 60;
  var timer = null;

  function restart() {
    window.location.assign(page.getAttribute("data-restart"));
  }

  function touched() {
    window.clearTimeout(timer);
    timer = window.setTimeout(restart, seconds * 1000);
  }

  ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true });
  });
  touched();
})();
