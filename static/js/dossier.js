// Polls a dossier build until it has finished, shows its progress, then the download link.
(function () {
  "use strict";
  var box = document.getElementById("dossier-job");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }
  function show(data) {
    text("job-status", data.status_display);
    text("job-done", data.done);
    text("job-total", data.total);
    text("job-error", data.error || "");
    var bar = document.getElementById("job-progress");
    if (bar) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.done;
    }
    if (data.url) {
      document.getElementById("job-download-link").setAttribute("href", data.url);
      document.getElementById("job-download").hidden = false;
    }
    box.setAttribute("data-status", data.status);
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        show(data);
        if (data.status !== "finished") setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.getAttribute("data-status") !== "finished") poll();
})();
