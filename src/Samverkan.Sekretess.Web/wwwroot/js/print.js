// "Skriv ut / spara som PDF" (CSP forbids inline handlers): the button with id print-button, or any element with
// data-print, opens the browser's print dialog; the print stylesheet hides menus and forms.
(function () {
  "use strict";
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-print], #print-button"));
  buttons.forEach(function (b) { b.addEventListener("click", function () { window.print(); }); });
})();
