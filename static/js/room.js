/* The case room on the case page: live messages and who is online over
   /ws/cases/<id>/room/, posting through the socket (text) or the API (attachments).
   Without JavaScript the panel's form posts to the page and the page reloads. */
(function () {
  "use strict";

  var root = document.getElementById("room");
  if (!root || !("WebSocket" in window)) return;
  var i18nNode = document.getElementById("room-i18n");
  var t = i18nNode ? JSON.parse(i18nNode.textContent) : {};
  var list = document.getElementById("room-messages");
  var online = document.getElementById("room-online");
  var conn = document.getElementById("room-conn");
  var errorBox = document.getElementById("room-error");
  var form = document.getElementById("room-form");
  var me = parseInt(root.getAttribute("data-me"), 10);
  var lastId = 0;
  var socket = null;
  var retry = 1000;
  var closedForGood = false;

  Array.prototype.forEach.call(list.querySelectorAll("[data-id]"), function (li) {
    lastId = Math.max(lastId, parseInt(li.getAttribute("data-id"), 10));
  });

  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }

  function setState(state, text) {
    conn.setAttribute("data-state", state);
    conn.textContent = text;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function stamp(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso;
    return pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + " " + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addMessage(m) {
    if (m.id <= lastId || list.querySelector('[data-id="' + m.id + '"]')) return;
    lastId = m.id;
    var empty = list.querySelector(".room-empty");
    if (empty) empty.remove();
    var li = el("li", "room-msg" + (m.author.id === me ? " room-mine" : ""));
    li.setAttribute("data-id", m.id);
    var meta = el("div", "room-meta");
    meta.appendChild(el("strong", "", m.author.name));
    meta.appendChild(document.createTextNode(" "));
    var time = el("time", "", stamp(m.created_at));
    time.setAttribute("datetime", m.created_at);
    meta.appendChild(time);
    li.appendChild(meta);
    if (m.text) li.appendChild(el("div", "room-text", m.text));
    if (m.attachment) {
      var att = el("div", "room-att");
      var link = el("a", "", m.attachment.name);
      link.href = m.attachment.url;
      link.setAttribute("download", "");
      att.appendChild(link);
      att.appendChild(document.createTextNode(" "));
      att.appendChild(el("span", "muted", "SHA-256"));
      att.appendChild(document.createTextNode(" "));
      att.appendChild(el("code", "", m.attachment.sha256));
      li.appendChild(att);
    }
    list.appendChild(li);
    li.scrollIntoView({ block: "nearest" });
  }

  function showOnline(users) {
    online.textContent = "";
    if (!users.length) {
      online.appendChild(el("span", "muted", t.none || "-"));
      return;
    }
    users.forEach(function (u) {
      var span = el("span", "room-user", u.name);
      span.setAttribute("data-user", u.id);
      online.appendChild(span);
    });
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.getAttribute("data-ws") + "?after=" + lastId);
    socket.onopen = function () {
      retry = 1000;
      setState("online", t.connected || "");
    };
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "room.message") addMessage(frame.message);
      else if (frame.type === "room.presence") showOnline(frame.users || []);
      else if (frame.type === "error") showError(frame.error);
    };
    socket.onclose = function (event) {
      socket = null;
      if (event.code === 4401 || event.code === 4404) {
        closedForGood = true;
        setState("refused", t.refused || "");
        if (form) form.hidden = true;
        return;
      }
      setState("offline", t.offline || "");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30000);
    };
  }

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function postThroughApi(text, file) {
    var body = new FormData();
    body.append("text", text);
    if (file) body.append("file", file);
    return fetch(root.getAttribute("data-api"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          var first = data.detail || Object.keys(data).map(function (k) { return [].concat(data[k]).join(" "); }).join("；");
          throw new Error(first);
        }
        addMessage(data);
      });
    });
  }

  if (form) {
    var textarea = form.querySelector("textarea[name=text]");
    var fileInput = form.querySelector("input[type=file]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      event.stopPropagation();
      showError("");
      var text = textarea.value.trim();
      var file = fileInput && fileInput.files.length ? fileInput.files[0] : null;
      if (!text && !file) {
        showError(t.empty || "");
        return;
      }
      if (!file && socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ action: "post", text: text }));
        textarea.value = "";
        return;
      }
      if (file) showError(t.sending || "");
      postThroughApi(text, file).then(function () {
        showError("");
        textarea.value = "";
        if (fileInput) fileInput.value = "";
      }, function (err) {
        showError(err.message || t.failed || "");
      });
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  window.addEventListener("pagehide", function () {
    closedForGood = true;
    if (socket) socket.close();
  });
  if (!closedForGood) connect();
})();
