// Commune box ([data-commune-picker]): suggestions "Nom (département, code postal)" from the URL in
// the form's data-commune-suggestions; picking one puts its INSEE code in the hidden input and tells
// the map (event "commune:picked"). Without this file the server reads the typed text itself.
(function () {
  "use strict";

  function setup(picker) {
    var form = picker.closest("[data-commune-suggestions]");
    var text = picker.querySelector("[data-commune-text]");
    var code = picker.querySelector("[data-commune-code]");
    var list = picker.querySelector("[data-commune-list]");
    var status = picker.querySelector("[data-commune-status]");
    if (!form || !text || !code || !list || picker.dataset.communeReady) { return; }
    picker.dataset.communeReady = "1";
    var url = form.dataset.communeSuggestions;
    var picked = code.value ? text.value : null;
    var items = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    text.setAttribute("role", "combobox");
    text.setAttribute("aria-autocomplete", "list");
    text.setAttribute("aria-expanded", "false");
    text.setAttribute("aria-controls", list.id);

    function say(message) { if (status) { status.textContent = message; } }

    function close() {
      list.hidden = true;
      text.setAttribute("aria-expanded", "false");
      text.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) { text.setAttribute("aria-activedescendant", list.children[index].id); }
    }

    function choose(item) {
      text.value = item.label;
      code.value = item.code;
      picked = item.label;
      if (item.lat !== null && item.lon !== null) {
        code.dataset.lat = item.lat;
        code.dataset.lon = item.lon;
      } else {
        delete code.dataset.lat;
        delete code.dataset.lon;
      }
      close();
      say(item.label + " : commune choisie.");
      code.dispatchEvent(new CustomEvent("commune:picked", { bubbles: true, detail: item }));
    }

    function show(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label;
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
        list.appendChild(option);
      });
      list.hidden = results.length === 0;
      text.setAttribute("aria-expanded", results.length ? "true" : "false");
      say(results.length ? results.length + (results.length > 1 ? " communes proposées." : " commune proposée.")
        : "Aucune commune ne correspond.");
    }

    function suggest() {
      var query = text.value.trim();
      var mine = ++sequence;
      if (query.length < 2) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === sequence) { show(data.results || []); } })
        .catch(function () { close(); });
    }

    text.addEventListener("input", function () {
      if (text.value !== picked) { code.value = ""; }
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, 200);
    });
    text.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0) { choose(items[active]); } else if (items.length === 1) { choose(items[0]); }
      } else if (event.key === "Escape") {
        close();
      }
    });
    text.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  document.querySelectorAll("[data-commune-picker]").forEach(setup);
})();
