// Column chooser of the PAR results table: <details data-columns-for="<table id>"> holds one checkbox
// per optional column (value = the cells' data-col); the choice is kept in localStorage per page kind.
// No inline scripts (CSP); the server renders the default columns, so the table works without this.
(function () {
  "use strict";

  function read(key) {
    try {
      var stored = JSON.parse(window.localStorage.getItem(key) || "null");
      return stored && typeof stored === "object" ? stored : null;
    } catch (e) {
      return null;
    }
  }

  function write(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // Private browsing or a full storage: the choice lasts for this page only.
    }
  }

  function setUp(chooser) {
    var table = document.getElementById(chooser.getAttribute("data-columns-for"));
    if (!table) {
      return;
    }
    var key = "par-columns:" + (chooser.getAttribute("data-columns-storage") || table.id);
    var boxes = Array.prototype.slice.call(chooser.querySelectorAll("input[type=checkbox][value]"));

    function apply() {
      boxes.forEach(function (box) {
        table.querySelectorAll('[data-col="' + box.value + '"]').forEach(function (cell) {
          cell.hidden = !box.checked;
        });
      });
    }

    function save() {
      // Shown and hidden both recorded: a column added later keeps its default.
      var choice = { shown: [], hidden: [] };
      boxes.forEach(function (box) {
        (box.checked ? choice.shown : choice.hidden).push(box.value);
      });
      write(key, choice);
    }

    var stored = read(key);
    if (stored) {
      boxes.forEach(function (box) {
        if ((stored.shown || []).indexOf(box.value) >= 0) {
          box.checked = true;
        } else if ((stored.hidden || []).indexOf(box.value) >= 0) {
          box.checked = false;
        }
      });
    }
    apply();
    chooser.hidden = false;

    chooser.addEventListener("change", function (event) {
      if (boxes.indexOf(event.target) >= 0) {
        apply();
        save();
      }
    });
    var reset = chooser.querySelector("[data-columns-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        boxes.forEach(function (box) {
          box.checked = box.defaultChecked;
        });
        apply();
        try {
          window.localStorage.removeItem(key);
        } catch (e) {
          // nothing stored
        }
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && chooser.open) {
        chooser.open = false;
        chooser.querySelector("summary").focus();
      }
    });
  }

  function init() {
    document.querySelectorAll("[data-columns-for]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
