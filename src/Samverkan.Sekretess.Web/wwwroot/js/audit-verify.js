// Polls the running chain verification and moves the progress bar; the result text is a live region (role=status).
(function () {
  "use strict";
  var section = document.getElementById("verify-job");
  if (!section || section.getAttribute("data-done") === "true" || !window.fetch) return;
  var url = section.getAttribute("data-status-url");
  var bar = document.getElementById("verify-progress");
  var result = document.getElementById("verify-result");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("status " + r.status); return r.json(); })
      .then(function (s) {
        bar.max = Math.max(s.total, 1);
        bar.value = s.checked;
        if (!s.done) { result.textContent = s.message; setTimeout(poll, 500); return; }
        // Reload once done so the precise break report (if any) is rendered by the server.
        window.location.reload();
      })
      .catch(function () { result.textContent = "Förloppet kunde inte hämtas. Ladda om sidan."; });
  }
  setTimeout(poll, 300);
})();
