// CSV export with a progress bar: posts the search form with fetch, reads the streamed CSV, counts rows against the
// X-Export-Total header and saves the file. Without JavaScript the button posts the form and the browser downloads.
(function () {
  "use strict";
  var button = document.getElementById("export-button");
  var form = document.getElementById("audit-search");
  if (!button || !form || !window.fetch || !window.ReadableStream) return;
  var status = document.getElementById("export-status");
  var bar = document.getElementById("export-progress");
  var text = document.getElementById("export-text");

  button.addEventListener("click", function (event) {
    event.preventDefault();
    status.hidden = false;
    bar.value = 0;
    text.textContent = "Exporten startar …";
    button.disabled = true;
    fetch(button.getAttribute("formaction"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("text/csv") !== 0) throw new Error("status " + response.status);
        var total = parseInt(response.headers.get("X-Export-Total") || "0", 10);
        var name = (/filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "") || [])[1] || "loggutdrag.csv";
        var reader = response.body.getReader();
        var chunks = [];
        var rows = -1; // the header line is not a row
        bar.max = Math.max(total, 1);
        function pump() {
          return reader.read().then(function (step) {
            if (step.done) return;
            chunks.push(step.value);
            for (var i = 0; i < step.value.length; i++) if (step.value[i] === 10) rows++;
            bar.value = Math.max(rows, 0);
            text.textContent = Math.max(rows, 0) + " av " + total + " poster";
            return pump();
          });
        }
        return pump().then(function () {
          var url = URL.createObjectURL(new Blob(chunks, { type: "text/csv" }));
          var a = document.createElement("a");
          a.href = url;
          a.download = name;
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
          bar.value = bar.max;
          text.textContent = "Klart: " + total + " poster exporterade.";
        });
      })
      .catch(function () { text.textContent = "Exporten misslyckades. Försök igen eller kontrollera sökningen."; })
      .then(function () { button.disabled = false; });
  });
})();
