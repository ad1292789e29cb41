/* gigcase — the little behaviour the pages need; every page works without it. */
(function () {
  "use strict";

  // A second click on a submit button would post the same change twice and meet a
  // version conflict: ignore submits while one is on its way.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.method && form.method.toLowerCase() !== "post") return;
    if (form.hasAttribute("data-busy")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-busy", "");
  });
  // Coming back through the browser history shows the page as it was left: let it submit again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy]").forEach(function (form) {
      form.removeAttribute("data-busy");
    });
  });

  // Copy the tracking number or access code.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.textContent.trim();
    var done = function () {
      var label = button.textContent;
      button.textContent = "✓";
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(source); });
    } else {
      selectText(source);
    }
  });

  function selectText(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // A form sent back with errors: its summary (which links to each wrong field) takes the
  // focus, so keyboard and screen-reader users start there, not at the top of the page.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();

  // Complaint form: only offer the gig markets of the chosen district.
  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var marketPaths = readJson("market-paths");
  var jurisdictionPaths = readJson("jurisdiction-paths");
  var district = document.querySelector('select[name="jurisdiction"]');
  var market = document.querySelector('select[name="market"]');
  if (marketPaths && jurisdictionPaths && district && market) {
    var narrow = function () {
      var prefix = jurisdictionPaths[district.value] || "";
      Array.prototype.forEach.call(market.options, function (option) {
        if (!option.value) return;
        var inside = !prefix || (marketPaths[option.value] || "").indexOf(prefix) === 0;
        option.hidden = !inside;
        option.disabled = !inside;
        if (!inside && option.selected) market.value = "";
      });
    };
    district.addEventListener("change", narrow);
    narrow();
  }
})();
