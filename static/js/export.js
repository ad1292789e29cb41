// Polls a background export of the case list and offers its file once it is ready.
(function () {
  "use strict";
  var box = document.getElementById("export-job");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }
  function show(data) {
    text("export-status", data.status_display);
    text("export-done", data.done);
    text("export-total", data.total);
    var bar = document.getElementById("export-progress");
    if (bar) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.done;
    }
    if (data.download_url) {
      document.getElementById("export-download").setAttribute("href", data.download_url);
      document.getElementById("export-ready").hidden = false;
    }
    box.setAttribute("data-status", data.status);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        show(data);
        if (data.status === "pending" || data.status === "running") setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.getAttribute("data-status") === "pending" || box.getAttribute("data-status") === "running") poll();
})();
