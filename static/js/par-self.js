// Self-assessment and measured values: htmx forms that save as the user works.
(function () {
  "use strict";
  // htmx carries the old element's style attribute onto the swapped one (the empty style=""
  // Bootstrap's collapse leaves on an opened guidance), which the strict CSP refuses.
  if (window.htmx) { window.htmx.config.attributesToSettle = ["class", "width", "height"]; }
  function swapsErrors(elt) {
    return elt instanceof Element && (elt.closest("[data-par-leaf]") || elt.closest("[data-par-swap-errors]"));
  }
  // A refused save (400) or a stale one (409) answers with the fragment carrying the message and
  // the user's input: show it instead of dropping it.
  var typing = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if ((status === 400 || status === 409) && swapsErrors(source)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
    // Keep what the user typed while the save was on its way.
    var active = document.activeElement;
    var target = event.detail.target;
    typing = null;
    if (active && active.id && target && target.contains(active) &&
        (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type !== "file"))) {
      typing = { id: active.id, value: active.value };
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!typing) { return; }
    var field = document.getElementById(typing.id);
    if (field && field.value !== typing.value) {
      field.value = typing.value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    typing = null;
  });
  // A refused save's message speaks of the value the server saw: once the user changes it, the
  // message is stale and the live preview is the only one left.
  function clearServerError(field) {
    var described = (field.getAttribute("aria-describedby") || "").split(/\s+/);
    var kept = described.filter(function (id) {
      var message = id && document.getElementById(id);
      if (message && message.matches("[data-testid=leaf-error]")) {
        message.remove();
        return false;
      }
      return id !== "";
    });
    if (kept.length) { field.setAttribute("aria-describedby", kept.join(" ")); } else { field.removeAttribute("aria-describedby"); }
    field.classList.remove("is-invalid");
    field.removeAttribute("aria-invalid");
  }
  // A number field previews its points as the user types (its own hx-get) and saves when the user
  // leaves it or presses Enter: its keystrokes do not reach the form's autosave (notes still do).
  function quietNumbers(root) {
    var fields = root.querySelectorAll ? root.querySelectorAll("[data-par-number]") : [];
    fields.forEach(function (field) {
      if (field.dataset.parQuiet) { return; }
      field.dataset.parQuiet = "1";
      field.addEventListener("input", function (event) {
        event.stopPropagation();
        if (field.classList.contains("is-invalid")) { clearServerError(field); }
      });
    });
  }
  quietNumbers(document);
  document.addEventListener("htmx:load", function (event) { quietNumbers(event.target); });
  // Errors only after an attempt: a form marked data-par-validate shows its empty required fields
  // once the user tried to save it. htmx halts an invalid form without a word; say why.
  function attempted(form) {
    if (form instanceof HTMLFormElement && form.hasAttribute("data-par-validate")) {
      form.classList.add("par-attempted");
      return true;
    }
    return false;
  }
  document.addEventListener("submit", function (event) { attempted(event.target); }, true);
  // The browser stops a submit with an empty required field before any submit event: mark it then.
  document.addEventListener("invalid", function (event) {
    if (event.target && event.target.form) { attempted(event.target.form); }
  }, true);
  document.addEventListener("htmx:validation:halted", function (event) {
    var form = event.target instanceof Element ? event.target.closest("form") : null;
    if (attempted(form)) { form.reportValidity(); }
  });
})();
