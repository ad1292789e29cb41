// Polls a bulk reassignment job until it has finished and shows its progress.
(function () {
  "use strict";
  var box = document.getElementById("reassign-job");
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
    text("job-failed", data.failed);
    var bar = document.getElementById("job-progress");
    if (bar) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.done + data.failed;
    }
    var list = document.getElementById("job-errors");
    if (list) {
      list.textContent = "";
      data.errors.forEach(function (e) {
        var li = document.createElement("li");
        li.textContent = (e.case || "") + " " + e.error;
        list.appendChild(li);
      });
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
  poll();
})();
