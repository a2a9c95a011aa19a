// Appraisal page: a leaf form answered 400 (refused) or 409 (changed by someone else) shows the
// server's fragment in place, with the user's input kept. Wired by the data-par-leaf attribute.
(function () {
  "use strict";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if ((status === 400 || status === 409) && source instanceof Element && source.closest("[data-par-leaf]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
