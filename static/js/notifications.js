/* gigcase — the notification bell: a live socket, a toast per arrival, the list, read marks.
 *
 * The page renders the unread count and the newest id; the socket resumes after that id
 * (`?after=`), so nothing committed between the render and the connection is missed. On a
 * drop it reconnects with backoff, passing the last id it saw. The socket is a hint: the
 * list itself comes from the REST API.
 */
(function () {
  "use strict";

  var root = document.getElementById("notif");
  if (!root || !window.WebSocket) return;

  var bell = document.getElementById("notif-bell");
  var panel = document.getElementById("notif-panel");
  var list = document.getElementById("notif-list");
  var empty = document.getElementById("notif-empty");
  var countNode = document.getElementById("notif-count");
  var readAll = document.getElementById("notif-read-all");
  var toasts = document.getElementById("toasts");
  var api = root.getAttribute("data-api");
  var label = function (name) { return root.getAttribute("data-label-" + name) || ""; };

  var lastId = parseInt(root.getAttribute("data-after"), 10) || 0;
  var unread = parseInt(countNode.getAttribute("data-count"), 10) || 0;
  var delay = 1000;
  var MAX_DELAY = 30000;
  var socket = null;
  var bellTitle = bell.getAttribute("title") || "";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function setCount(n) {
    unread = Math.max(0, n);
    countNode.textContent = String(unread);
    countNode.setAttribute("data-count", String(unread));
    countNode.hidden = unread === 0;
    root.setAttribute("data-unread", String(unread));
  }

  function caseUrl(note) {
    return note.case ? "/cases/" + note.case.id + "/" : null;
  }

  function toast(note) {
    if (!toasts) return;
    var item = document.createElement("div");
    item.className = "toast";
    item.setAttribute("data-id", String(note.id));
    var head = document.createElement("strong");
    head.textContent = label("new");
    var body = document.createElement("p");
    body.textContent = note.text;
    item.appendChild(head);
    item.appendChild(body);
    var url = caseUrl(note);
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = label("open") + " " + note.case.number;
      item.appendChild(link);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("aria-label", "×");
    close.textContent = "×";
    close.addEventListener("click", function () { item.remove(); });
    item.appendChild(close);
    toasts.appendChild(item);
    setTimeout(function () { item.remove(); }, 8000);
  }

  function renderItem(note, read) {
    var item = document.createElement("li");
    item.className = read ? "notif-item" : "notif-item unread";
    item.setAttribute("data-id", String(note.id));
    var text = document.createElement("p");
    var url = caseUrl(note);
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = note.text;
      text.appendChild(link);
    } else {
      text.textContent = note.text;
    }
    var meta = document.createElement("div");
    meta.className = "notif-meta";
    var when = document.createElement("time");
    when.dateTime = note.created_at;
    when.textContent = new Date(note.created_at).toLocaleString("zh-CN", { hour12: false });
    meta.appendChild(when);
    if (!read) {
      var mark = document.createElement("button");
      mark.type = "button";
      mark.className = "btn btn-small btn-ghost-dark notif-mark";
      mark.textContent = label("read");
      mark.addEventListener("click", function () { markRead(note.id, item); });
      meta.appendChild(mark);
    }
    item.appendChild(text);
    item.appendChild(meta);
    return item;
  }

  function prepend(note, read) {
    if (list.querySelector('[data-id="' + note.id + '"]')) return;
    list.insertBefore(renderItem(note, read), list.firstChild);
    empty.hidden = true;
  }

  function markRead(id, item) {
    fetch(api + id + "/read/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then(function (response) {
      if (!response.ok) return;
      if (item && item.classList.contains("unread")) {
        item.classList.remove("unread");
        var button = item.querySelector(".notif-mark");
        if (button) button.remove();
        setCount(unread - 1);
      }
    });
  }

  function load() {
    fetch(api + "?page_size=20", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        list.textContent = "";
        data.results.forEach(function (note) { list.appendChild(renderItem(note, !!note.read_at)); });
        empty.hidden = data.results.length > 0;
        setCount(data.unread);
      });
  }

  bell.addEventListener("click", function () {
    var open = panel.hidden;
    panel.hidden = !open;
    bell.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) load();
  });
  document.addEventListener("click", function (event) {
    if (!panel.hidden && !root.contains(event.target)) {
      panel.hidden = true;
      bell.setAttribute("aria-expanded", "false");
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      panel.hidden = true;
      bell.setAttribute("aria-expanded", "false");
      bell.focus();
    }
  });
  readAll.addEventListener("click", function () {
    fetch(api + "read-all/", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
    }).then(function (response) {
      if (!response.ok) return;
      list.querySelectorAll(".notif-item.unread").forEach(function (item) {
        item.classList.remove("unread");
        var button = item.querySelector(".notif-mark");
        if (button) button.remove();
      });
      setCount(0);
    });
  });

  function arrived(note) {
    if (typeof note.id !== "number" || note.id <= lastId) return;
    lastId = note.id;
    root.setAttribute("data-after", String(lastId));
    setCount(unread + 1);
    prepend(note, false);
    toast(note);
    // Other scripts of the page (the dashboard) react to what moved.
    document.dispatchEvent(new CustomEvent("gigcase:notification", { detail: note }));
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + window.location.host + root.getAttribute("data-socket") + "?after=" + lastId;
    socket = new WebSocket(url);
    socket.addEventListener("open", function () {
      delay = 1000;
      root.setAttribute("data-live", "true");
      root.classList.remove("notif-offline");
      bell.setAttribute("title", bellTitle);
    });
    socket.addEventListener("message", function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (data && typeof data.id === "number") arrived(data);
    });
    socket.addEventListener("close", function (event) {
      root.setAttribute("data-live", "false");
      // 4401: the session ended; reconnecting would only be refused again.
      if (event.code === 4401) return;
      // Said on the bell, not in a toast: a long outage must not cover the page.
      if (delay >= 8000) {
        root.classList.add("notif-offline");
        bell.setAttribute("title", label("offline"));
      }
      var wait = delay + Math.floor(Math.random() * 500);
      delay = Math.min(delay * 2, MAX_DELAY);
      setTimeout(connect, wait);
    });
  }

  setCount(unread);
  connect();
})();
