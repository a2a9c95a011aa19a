// Criterion form: show only the parameter fields of the chosen scoring method.
// Fields carry data-method-param="<types>"; the select carries data-method-type.
(function () {
  "use strict";
  function refresh(form) {
    var select = form.querySelector("[data-method-type]");
    if (!select) {
      return;
    }
    var type = select.value;
    var then = form.querySelector("[name='metric_then']");
    form.querySelectorAll("[data-method-param]").forEach(function (input) {
      var types = input.getAttribute("data-method-param").split(" ");
      var show = types.indexOf(type) !== -1;
      if (show && type === "metric" && (input.name === "tiers" || input.name === "full_at")) {
        var wanted = input.name === "tiers" ? "tiers" : "proportional";
        show = then !== null && then.value === wanted;
      }
      var wrap = input.closest("[data-field-wrap]");
      if (wrap) {
        wrap.hidden = !show;
      }
    });
  }
  document.querySelectorAll("[data-criterion-form]").forEach(function (form) {
    refresh(form);
    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (name === "method_type" || name === "metric_then") {
        refresh(form);
      }
    });
  });
})();
