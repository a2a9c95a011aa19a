// Long forms (self-assessment, appraisal): the jump menu's progress recomputed from the leaves'
// data-par-state after every htmx save, "next missing", menu links that open a collapsed area,
// and Enter in a note saving the criterion (Shift+Enter for a new line). No inline script: the
// page marks its form with data-par-longform and each leaf with data-par-state.
(function () {
  "use strict";
  var root = document.querySelector("[data-par-longform]");
  if (!root) { return; }
  var last = null; // the leaf "next missing" went to last

  function setText(scope, selector, value) {
    scope.querySelectorAll(selector).forEach(function (el) { el.textContent = String(value); });
  }

  function missingLink(leaf) {
    var link = document.createElement("a");
    link.href = "#" + leaf.id;
    link.className = "me-1";
    link.setAttribute("data-par-goto", leaf.id);
    link.textContent = leaf.getAttribute("data-par-code") || leaf.id;
    return link;
  }

  function refresh() {
    var done = 0;
    var total = 0;
    var acceptableAll = 0;
    root.querySelectorAll("[data-par-area]").forEach(function (section) {
      var key = section.getAttribute("data-par-area");
      var areaDone = 0;
      var missing = [];
      section.querySelectorAll("[data-par-leaf][data-par-state]").forEach(function (leaf) {
        var state = leaf.getAttribute("data-par-state");
        if (state === "done") { areaDone += 1; }
        if (state === "missing") { missing.push(leaf); }
      });
      var areaTotal = areaDone + missing.length;
      done += areaDone;
      total += areaTotal;
      var item = document.querySelector('[data-par-nav="' + key + '"]');
      [section, item].forEach(function (scope) {
        if (!scope) { return; }
        setText(scope, "[data-par-count] [data-par-done]", areaDone);
        setText(scope, "[data-par-count] [data-par-total]", areaTotal);
      });
      // Appraisal: what "accept all remaining in this area" would still take.
      var acceptable = section.querySelectorAll("[data-par-leaf][data-par-acceptable]").length;
      acceptableAll += acceptable;
      section.querySelectorAll('[data-par-accept-scope="area"]').forEach(function (form) {
        setText(form, "[data-par-acceptable-count]", acceptable);
        form.hidden = acceptable === 0;
      });
      var list = item && item.querySelector("[data-par-missing]");
      if (list) {
        list.querySelectorAll("a").forEach(function (a) { a.remove(); });
        missing.forEach(function (leaf) { list.appendChild(missingLink(leaf)); });
        list.hidden = missing.length === 0;
      }
    });
    document.querySelectorAll('[data-par-accept-scope="all"]').forEach(function (form) {
      setText(form, "[data-par-acceptable-count]", acceptableAll);
      form.hidden = acceptableAll === 0;
    });
    setText(document, "[data-par-done-all]", done);
    setText(document, "[data-par-total-all]", total);
    // Everything scored but criteria to explain (the appraisers asked): "next" leads to those.
    var toExplain = root.querySelector("[data-par-leaf][data-par-explain]") !== null;
    document.querySelectorAll("[data-par-next]").forEach(function (button) { button.disabled = done === total && !toExplain; });
  }

  function expand(el) {
    var body = el.hasAttribute("data-par-area") ? document.getElementById(el.id + "-body") : el.closest(".collapse");
    if (!body || body.classList.contains("show")) { return; }
    body.classList.add("show");
    document.querySelectorAll('[data-bs-target="#' + body.id + '"]').forEach(function (toggle) {
      toggle.classList.remove("collapsed");
      toggle.setAttribute("aria-expanded", "true");
    });
  }

  // Closes the phone's menu; then(): once it is hidden (Bootstrap gives the focus back to the
  // "Areas" button on hiding, so the target may take it only afterwards). False: nothing to close.
  function closeMenu(then) {
    var menu = document.getElementById("par-jump");
    if (!(menu && menu.classList.contains("show") && window.bootstrap)) { return false; }
    menu.addEventListener("hidden.bs.offcanvas", then, { once: true });
    window.bootstrap.Offcanvas.getOrCreateInstance(menu).hide();
    return true;
  }

  // The criterion's first field, or else the area's heading (or the element itself).
  function focusTarget(target) {
    var field = target.hasAttribute("data-par-leaf")
      ? target.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])")
      : null;
    if (!field && target.hasAttribute("data-par-area")) {
      field = target.querySelector(".par-area-toggle");
    }
    if (!field) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      field = target;
    }
    return field;
  }

  function go(target) {
    if (!target) { return; }
    expand(target);
    document.querySelectorAll(".par-target").forEach(function (el) { el.classList.remove("par-target"); });
    target.classList.add("par-target");
    if (target.hasAttribute("data-par-leaf")) { last = target; }
    function arrive() {
      target.scrollIntoView({ block: "start" });
      focusTarget(target).focus({ preventScroll: true });
    }
    if (!closeMenu(arrive)) { arrive(); }
  }

  function nextMissing() {
    // Leaves a filter hides are skipped; those in a folded area are not (going there opens it).
    function shown(selector) {
      return Array.prototype.slice.call(root.querySelectorAll(selector))
        .filter(function (leaf) { return window.getComputedStyle(leaf).display !== "none"; });
    }
    var missing = shown('[data-par-leaf][data-par-state="missing"]');
    if (!missing.length) { missing = shown("[data-par-leaf][data-par-explain]"); }
    if (!missing.length) { return; }
    var active = document.activeElement instanceof Element ? document.activeElement.closest("[data-par-leaf]") : null;
    var from = active || (last && document.body.contains(last) ? last : null);
    var next = null;
    if (from) {
      next = missing.find(function (leaf) {
        return leaf !== from && (from.compareDocumentPosition(leaf) & Node.DOCUMENT_POSITION_FOLLOWING);
      });
    }
    go(next || missing[0]);
  }

  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) { return; }
    if (event.target.closest("[data-par-next]")) {
      event.preventDefault();
      nextMissing();
      return;
    }
    var link = event.target.closest("[data-par-goto]");
    if (link) {
      var target = document.getElementById(link.getAttribute("data-par-goto"));
      if (target) {
        event.preventDefault();
        go(target);
        if (window.history && window.history.replaceState) { window.history.replaceState(null, "", "#" + target.id); }
      }
    }
  });

  // Enter in a note of the self-assessment saves the criterion; Shift+Enter still starts a new line.
  root.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) {
      return;
    }
    if (root.getAttribute("data-par-longform") !== "self" || !(field instanceof HTMLTextAreaElement)) { return; }
    var form = field.form;
    if (form && form.closest("[data-par-leaf]") && typeof form.requestSubmit === "function") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.addEventListener("htmx:afterSettle", refresh);

  // Arriving at an anchor (a redirect after saving, a shared link) opens its area.
  if (window.location.hash.length > 1) {
    var target = document.getElementById(window.location.hash.slice(1));
    if (target && root.contains(target)) {
      expand(target);
      target.scrollIntoView({ block: "start" });
    }
  }
})();
