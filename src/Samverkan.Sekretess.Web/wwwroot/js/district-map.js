// District map picker: clicking a district on the SVG sets the labelled <select> beside it (the select is the
// keyboard-accessible control; the map is hidden from assistive technology). No inline script (CSP).
(function () {
    'use strict';
    document.querySelectorAll('svg[data-district-map]').forEach(function (map) {
        var select = document.getElementById(map.getAttribute('data-district-map'));
        if (!select) return;
        function highlight() {
            map.querySelectorAll('[data-district]').forEach(function (g) {
                g.classList.toggle('selected', g.getAttribute('data-district') === select.value);
            });
        }
        map.querySelectorAll('[data-district]').forEach(function (g) {
            g.addEventListener('click', function () {
                select.value = g.getAttribute('data-district');
                select.dispatchEvent(new Event('change', { bubbles: true }));
            });
        });
        select.addEventListener('change', highlight);
        highlight();
    });
})();
