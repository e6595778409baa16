/* planner serve: the page's one script, served by planner and run by nonce (no inline
   script, no other host). Everything works without it; it adds the Copy buttons, saves
   ticks and answers as they are given, and counts a post as it is typed, with the
   server's own counting (POST /plans/<key>/count). */
(function () {
  "use strict";
  var status = document.getElementById("status");
  function say(text) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", "");
    area.className = "status";
    document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = "value" in source && source.tagName !== "PRE" ? source.value : source.textContent;
      var done = function () { say(status.getAttribute("data-copied")); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { if (fallbackCopy(text)) { done(); } });
      } else if (fallbackCopy(text)) { done(); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  function post(url, form) {
    return fetch(url, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    });
  }
  /* form.action would be the button named "action": the attribute is read instead. */
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    form.addEventListener("change", function () {
      post(form.getAttribute("action"), form).then(function (response) {
        say(status.getAttribute(response.ok ? "data-saved" : "data-failed"));
      }, function () { say(status.getAttribute("data-failed")); });
    });
  });
  document.querySelectorAll("textarea[data-count]").forEach(function (area) {
    var id = area.getAttribute("data-count");
    var form = area.form;
    var url = form.getAttribute("action").replace(/\/posts$/, "/count");
    var count = document.getElementById(id + "-count");
    var refused = document.getElementById(id + "-refused");
    var preview = document.getElementById(id + "-preview");
    var word = count.getAttribute("data-word");
    var timer = null, asked = 0;
    function show(record) {
      count.textContent = record.shown + " " + word;
      count.classList.toggle("over", !record.fits);
      refused.textContent = record.refused || "";
      refused.hidden = !record.refused;
      preview.textContent = "";
      record.preview.forEach(function (piece) {
        if (piece.link) {
          var link = document.createElement("span");
          link.className = "link"; link.title = piece.link; link.textContent = piece.text;
          preview.appendChild(link);
        } else {
          preview.appendChild(document.createTextNode(piece.text));
        }
      });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var number = ++asked;
        post(url, form).then(function (response) { return response.json(); }).then(function (record) {
          if (number === asked) { show(record); }
        });
      }, 120);
    });
  });
}());
