// Residence field: as the mediator types a name, postcode or INSEE code, the field's <datalist>
// is refilled with matching communes ("Nom (département, code postal)"); the browser's own list
// is keyboard accessible. Without JavaScript, the server still refuses an ambiguous text.
(function () {
  "use strict";
  document.querySelectorAll("input[data-commune-suggestions]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-commune-suggestions");
    var timer = null;
    var asked = "";
    if (!list || !url) { return; }
    function fill(results) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      results.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.value;
        option.label = item.label;
        list.appendChild(option);
      });
    }
    function ask() {
      var text = input.value.trim();
      if (text.length < 2 || text === asked) { return; }
      asked = text;
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (asked === text) { fill(data.results || []); } })
        .catch(function () { /* suggestions are a help; the server checks the value anyway */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 200);
    });
  });
})();
