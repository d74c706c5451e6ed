// CSV export with a progress bar: posts the search form with fetch, reads the streamed CSV and saves the file. Rows
// arrive in sequence order, so the number ("Nr", the first column) of the last complete row against the range in
// X-Export-From/-To tells how far the export has come, without the server counting the rows first.
// Without JavaScript the button posts the form and the browser downloads.
(function () {
  "use strict";
  var button = document.getElementById("export-button");
  var form = document.getElementById("audit-search");
  if (!button || !form || !window.fetch || !window.ReadableStream || !window.TextDecoder) return;
  var status = document.getElementById("export-status");
  var bar = document.getElementById("export-progress");
  var text = document.getElementById("export-text");

  function progress(from, to, ascending, sequence) {
    if (!(to >= from) || !(sequence > 0)) return 0;
    var done = ascending ? sequence - from + 1 : to - sequence + 1;
    return Math.min(100, Math.max(0, Math.floor(100 * done / (to - from + 1))));
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    status.hidden = false;
    bar.max = 100;
    bar.value = 0;
    text.textContent = "Exporten startar …";
    button.disabled = true;
    fetch(button.getAttribute("formaction"), { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("text/csv") !== 0) throw new Error("status " + response.status);
        var from = parseInt(response.headers.get("X-Export-From") || "1", 10);
        var to = parseInt(response.headers.get("X-Export-To") || "0", 10);
        var ascending = response.headers.get("X-Export-Order") === "asc";
        var name = (/filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "") || [])[1] || "loggutdrag.csv";
        var reader = response.body.getReader();
        var decoder = new TextDecoder("utf-8");
        var chunks = [];
        var rows = -1; // the header line is not a row
        var tail = ""; // the incomplete last line of what has arrived
        function pump() {
          return reader.read().then(function (step) {
            if (step.done) return;
            chunks.push(step.value);
            var textChunk = tail + decoder.decode(step.value, { stream: true });
            var lines = textChunk.split("\n");
            tail = lines.pop();
            rows += lines.length;
            var last = lines.length ? lines[lines.length - 1] : "";
            var sequence = parseInt(last.split(";")[0], 10);
            if (sequence > 0) bar.value = progress(from, to, ascending, sequence);
            text.textContent = Math.max(rows, 0) + " poster hittills (cirka " + bar.value + " %)";
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
          text.textContent = "Klart: " + Math.max(rows, 0) + " poster exporterade.";
        });
      })
      .catch(function () { text.textContent = "Exporten misslyckades. Försök igen eller kontrollera sökningen."; })
      .then(function () { button.disabled = false; });
  });
})();
