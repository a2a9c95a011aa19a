// Small behaviours, wired by data- attributes (no inline scripts: the CSP forbids them).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // An htmx form marked data-swap-errors shows the server's 400 answer (e.g. an invalid filter) in its target.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (event.detail.xhr.status === 400 && source instanceof Element && source.closest("[data-swap-errors]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // A box that scrolls must be reachable by keyboard (WCAG 2.1.1): a scrolling .table-responsive, the
  // sticky totals or any [data-scroll-region] with nothing focusable inside becomes a focusable region,
  // named after its table's caption or its section's heading. Re-checked when the window is resized.
  var SCROLLERS = ".table-responsive, .par-totals, [data-scroll-region]";
  function focusableScrollers(root) {
    var scope = root instanceof Element || root instanceof Document ? root : document;
    var boxes = Array.prototype.slice.call(scope.querySelectorAll(SCROLLERS));
    if (scope instanceof Element && scope.matches(SCROLLERS)) {
      boxes.push(scope);
    }
    boxes.forEach(function (box) {
      var ours = box.hasAttribute("data-scroll-focus");
      if (box.hasAttribute("tabindex") && !ours) {
        return;
      }
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      var reachable = box.querySelector("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])");
      if (!scrolls || reachable) {
        if (ours) {
          box.removeAttribute("tabindex");
          box.removeAttribute("data-scroll-focus");
        }
        return;
      }
      box.setAttribute("tabindex", "0");
      box.setAttribute("data-scroll-focus", "");
      if (box.hasAttribute("role") || box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) {
        return;
      }
      var caption = box.querySelector("caption");
      var section = box.closest("section, .card");
      var heading = section ? section.querySelector("h2, h3, h4, .card-header") : null;
      var name = (caption || heading || {}).textContent;
      if (name && name.trim()) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name.trim().replace(/\s+/g, " "));
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { focusableScrollers(document); });
  } else {
    focusableScrollers(document);
  }
  document.addEventListener("htmx:afterSettle", function () { focusableScrollers(document); });
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { focusableScrollers(document); }, 200);
  });

  // Short textareas grow with their text (app.css uses field-sizing where the browser has it).
  if (!(window.CSS && CSS.supports("field-sizing", "content"))) {
    var SHORT = 'textarea.form-control[rows="1"], textarea.form-control[rows="2"]';
    var grow = function (area) {
      area.style.height = "";
      if (area.scrollHeight > area.clientHeight) {
        area.style.height = area.scrollHeight + area.offsetHeight - area.clientHeight + "px";
      }
    };
    var growAll = function (root) {
      Array.prototype.forEach.call((root || document).querySelectorAll(SHORT), grow);
    };
    document.addEventListener("input", function (event) {
      if (event.target instanceof HTMLTextAreaElement && event.target.matches(SHORT)) {
        grow(event.target);
      }
    });
    document.addEventListener("htmx:afterSettle", function (event) { growAll(event.target); });
    document.addEventListener("shown.bs.collapse", function (event) { growAll(event.target); });
    document.addEventListener("toggle", function (event) { growAll(event.target); }, true);
    growAll(document);
  }
})();
