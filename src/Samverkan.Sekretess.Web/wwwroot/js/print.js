// Print buttons (CSP forbids inline handlers): any element with data-print opens the browser's print dialog,
// from which the receipt or report can also be saved as PDF.
document.querySelectorAll('[data-print]').forEach(function (b) {
  b.addEventListener('click', function () { window.print(); });
});
