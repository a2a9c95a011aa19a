// The "Print" button of the one-stop forms' print pages (no inline script: strict CSP).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-onestop-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
