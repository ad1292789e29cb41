// Polls a background job (a dossier, a case-list export, a bulk reassignment) while it is
// pending or running, and shows its progress. The page marks the job's box with data-job,
// data-progress-url and data-status, and says where each figure of the progress answer goes:
// data-show="<field>" on a text, one <progress> (done, plus failed where the job counts
// them), data-download="<field>" on the link whose address the finished job gives (shown by
// lifting `hidden` from its data-ready wrapper), and data-errors on a list of failures.
(function () {
  "use strict";
  var box = document.querySelector("[data-job]");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  function busy(status) {
    return status === "pending" || status === "running";
  }
  function show(data) {
    box.querySelectorAll("[data-show]").forEach(function (el) {
      var value = data[el.getAttribute("data-show")];
      el.textContent = value === null || value === undefined ? "" : value;
    });
    var bar = box.querySelector("progress");
    if (bar) {
      bar.max = Math.max(data.total, 1);
      bar.value = data.done + (data.failed || 0);
    }
    var link = box.querySelector("[data-download]");
    var href = link && data[link.getAttribute("data-download")];
    if (href) {
      link.setAttribute("href", href);
      box.querySelector("[data-ready]").hidden = false;
    }
    var list = box.querySelector("[data-errors]");
    if (list && data.errors) {
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
        if (busy(data.status)) setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (busy(box.getAttribute("data-status"))) poll();
})();
