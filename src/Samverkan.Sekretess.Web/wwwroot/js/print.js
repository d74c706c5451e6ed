// "Skriv ut / spara som PDF": the browser's print dialog with the print stylesheet. No inline script (CSP).
(function () {
    'use strict';
    document.querySelectorAll('[data-print]').forEach(function (button) {
        button.hidden = false;
        button.addEventListener('click', function () { window.print(); });
    });
})();
