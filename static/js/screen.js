// A showing's screen at the venue: show each slide in turn, every data-seconds seconds; where the page was served
// live (data-comments-url), fetch the showing's newest comments every minute, and keep the last ones when offline.
(function () {
  "use strict";
  var body = document.body;
  var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
  var seconds = parseInt(body.getAttribute("data-seconds"), 10) || 20;
  var current = 0;

  function advance() {
    if (slides.length < 2) return;
    slides[current].hidden = true;
    slides[current].classList.remove("current");
    current = (current + 1) % slides.length;
    slides[current].hidden = false;
    slides[current].classList.add("current");
  }

  function showComments(comments) {
    var list = document.querySelector(".comments ul");
    list.textContent = "";
    comments.forEach(function (comment) {
      var item = document.createElement("li");
      var quote = document.createElement("q");
      quote.textContent = comment.text;
      var by = document.createElement("span");
      by.className = "by";
      by.textContent = comment.name + " · " + comment.topic;
      item.appendChild(quote);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(by);
      list.appendChild(item);
    });
    document.querySelector(".comments").hidden = comments.length === 0;
  }

  function refreshComments() {
    var url = body.getAttribute("data-comments-url");
    if (!url) return;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { showComments(data.comments); })
      .catch(function () { /* offline or the server away: keep what is shown */ });
  }

  window.setInterval(advance, seconds * 1000);
  window.setInterval(refreshComments, 60 * 1000);
})();
