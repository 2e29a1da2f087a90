// poc_training's own scripts. No third-party code beyond Bootstrap's bundle.
(function () {
  "use strict";
  // Selects marked data-autosubmit submit their form on change (language switcher).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Buttons marked data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();

// Search as you type: an input marked data-live-search fetches the matching results (an HTML
// fragment rendered by the same view) into data-live-target. Without JavaScript, its form submits.
(function () {
  "use strict";
  document.querySelectorAll("input[data-live-search]").forEach(function (input) {
    var target = document.querySelector(input.getAttribute("data-live-target"));
    var timer = null;
    var latest = 0;
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var url = new URL(input.getAttribute("data-live-search"), window.location.href);
        url.searchParams.set("q", input.value);
        var ticket = ++latest;
        fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { if (ticket === latest) { target.innerHTML = html; } })
          .catch(function () { /* keep the previous results; the form still works */ });
      }, 250);
    });
  });
})();

// Forms marked data-once disable their submit button after the first click (the server also
// recognises a repeated request by its token).
(function () {
  "use strict";
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = true; });
    });
  });
})();
