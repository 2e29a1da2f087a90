// poc_training's own scripts. Third-party code (Bootstrap's bundle, Tom Select) comes from npm.
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

// Multiple choices (organisations, experts) become searchable boxes with removable chips, instead
// of lists where one must Ctrl-click. The <select> stays in the form: without JavaScript it works.
(function () {
  "use strict";
  if (typeof window.TomSelect !== "function") { return; }
  // The words come translated from the page (data attributes of <body>, see base.html).
  var words = document.body.dataset;
  document.querySelectorAll("select[multiple]:not([data-plain])").forEach(function (select) {
    // Tom Select moves the <label> to its own input; the hidden <select> keeps the name.
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label && !select.hasAttribute("aria-label")) { select.setAttribute("aria-label", label.textContent.trim()); }
    // data-create="new:": a name typed that matches nothing can be added (sent as "new:<name>").
    var prefix = select.getAttribute("data-create");
    new window.TomSelect(select, {
      create: prefix ? function (input) { return { value: prefix + input, text: input }; } : false,
      plugins: { remove_button: { title: words.removeLabel } },
      maxOptions: null,
      hidePlaceholder: true,
      render: {
        option_create: function (data) {
          var div = document.createElement("div");
          div.className = "create";
          div.textContent = words.addNew + " " + data.input;
          return div;
        },
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = words.noResults;
          return div;
        }
      }
    });
  });
})();

// A table wider than the screen scrolls inside its box; the box takes the keyboard focus so that
// it can be scrolled without a mouse (WCAG 2.1.1).
(function () {
  "use strict";
  document.querySelectorAll(".table-responsive, .chart").forEach(function (box) {
    if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
  });
})();

// On a phone, the rows of a list table become cards: each cell is shown under its column's name
// (taken from the table's header), so that the actions of a row stay on screen. Tables of figures
// (.table-figures) and matrices (data-no-stack, e.g. the attendance grid) keep their columns and
// scroll inside their box.
(function () {
  "use strict";
  document.querySelectorAll("main table.table:not(.table-figures):not([data-no-stack])").forEach(function (table) {
    var headers = table.tHead ? Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return cell.textContent.trim();
    }) : null;
    if (!headers) { return; }
    table.classList.add("table-stack");
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (headers[index] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", headers[index]); }
        });
      });
    });
  });
})();
