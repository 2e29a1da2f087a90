// Waits for a committee report: polls its status (read from the database row) until it is
// ready or failed, then shows the download link or the reason, without reloading the page.
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var finished = ["done", "failed"];
  if (finished.indexOf(box.getAttribute("data-status")) !== -1) { return; }
  var delay = 1000;
  function show(id, visible) { document.getElementById(id).classList.toggle("d-none", !visible); }
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (state) {
        document.getElementById("report-status-label").textContent = state.label + "…";
        box.setAttribute("data-status", state.status);
        if (state.status === "done") {
          show("report-waiting", false); show("report-done", true);
          document.getElementById("report-download").setAttribute("href", state.download_url);
        } else if (state.status === "failed") {
          show("report-waiting", false); show("report-failed", true);
          document.getElementById("report-error").textContent = state.error;
        } else {
          delay = Math.min(delay * 1.5, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
