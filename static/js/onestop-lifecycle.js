// The receipt form: the procedure picker (search without diacritics, keyboard-friendly) and the
// repeatable rows of documents received. Without JavaScript the form still works: the procedure is
// chosen from the select (or typed by its code) and the three document rows are there.
(function () {
  "use strict";
  var picker = document.querySelector("[data-procedure-picker]");
  var field = document.querySelector("[data-procedure-field]");
  if (picker && field) {
    var input = picker.querySelector("[data-procedure-search]");
    var results = picker.querySelector("[data-procedure-results]");
    var chosen = picker.querySelector("[data-procedure-chosen]");
    var url = picker.getAttribute("data-search-url");
    var timer = null;
    var serial = 0;
    picker.hidden = false;
    function choose(button) {
      var id = button.getAttribute("data-procedure-id");
      var label = button.getAttribute("data-procedure-label") || button.textContent.trim();
      if (field instanceof HTMLSelectElement) {
        var option = Array.prototype.find.call(field.options, function (o) { return o.value === id; });
        if (!option) {
          option = new Option(label, id);
          field.add(option);
        }
        field.value = id;
      } else {
        field.value = id;
      }
      chosen.textContent = label;
      results.innerHTML = "";
      var next = document.getElementById("id_applicant_name");
      if (next) { next.focus(); }
    }
    function search() {
      var q = input.value.trim();
      var mine = ++serial;
      if (q.length < 2) { results.innerHTML = ""; return; }
      fetch(url + "?q=" + encodeURIComponent(q), { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (mine !== serial) { return; }
          var doc = new DOMParser().parseFromString(html, "text/html");
          results.innerHTML = "";
          doc.querySelectorAll("button[data-procedure-id]").forEach(function (b) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "list-group-item list-group-item-action";
            button.setAttribute("data-procedure-id", b.getAttribute("data-procedure-id"));
            button.setAttribute("data-procedure-label", b.getAttribute("data-procedure-label") || b.textContent.trim());
            button.textContent = b.getAttribute("data-procedure-label") || b.textContent.trim();
            results.appendChild(button);
          });
        })
        .catch(function () { results.innerHTML = ""; });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      var first = results.querySelector("button");
      if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
      if (event.key === "Enter") {
        event.preventDefault();
        if (first) { choose(first); }
      }
    });
    results.addEventListener("keydown", function (event) {
      var current = event.target;
      if (!(current instanceof HTMLElement)) { return; }
      if (event.key === "ArrowDown" && current.nextElementSibling) { event.preventDefault(); current.nextElementSibling.focus(); }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        (current.previousElementSibling || input).focus();
      }
    });
    results.addEventListener("click", function (event) {
      var button = event.target instanceof Element ? event.target.closest("[data-procedure-id]") : null;
      if (button) { choose(button); }
    });
  }
  var add = document.querySelector("[data-doc-add]");
  var rows = document.querySelector("[data-doc-rows]");
  if (add && rows) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var last = rows.querySelector("[data-doc-row]:last-child");
      if (!last) { return; }
      var copy = last.cloneNode(true);
      var count = rows.querySelectorAll("[data-doc-row]").length + 1;
      copy.querySelectorAll("input, select").forEach(function (el) {
        if (el.name === "doc_name") { el.value = ""; el.id = "doc-name-" + count; }
        if (el.name === "doc_quantity") { el.value = "1"; }
      });
      copy.querySelectorAll("label").forEach(function (l) { l.setAttribute("for", "doc-name-" + count); });
      rows.appendChild(copy);
      copy.querySelector("input").focus();
    });
  }
})();
