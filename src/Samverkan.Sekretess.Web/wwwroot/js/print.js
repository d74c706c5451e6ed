// "Skriv ut / spara som PDF": the browser's print dialog; the print stylesheet hides menus and forms.
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
