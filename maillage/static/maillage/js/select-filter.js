// Long drop-down lists (select[data-filter]): a text field above the list keeps only the options
// whose label contains what is typed (accents and case ignored). The chosen option always stays.
// Without this file the list works as a plain select.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function snapshot(select) {
    // [{group: label or null, options: [option, ...]}] in document order
    var parts = [];
    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === "OPTGROUP") {
        parts.push({ group: child.label, options: Array.prototype.slice.call(child.children) });
      } else {
        parts.push({ group: null, options: [child] });
      }
    });
    return parts;
  }

  function apply(select, parts, query, status) {
    var wanted = fold(query.trim());
    var shown = 0;
    var selected = select.value;
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    parts.forEach(function (part) {
      var kept = part.options.filter(function (option) {
        return !wanted || option.value === selected || option.value === "" || fold(option.text).indexOf(wanted) !== -1;
      });
      if (!kept.length) {
        return;
      }
      var parent = select;
      if (part.group !== null) {
        parent = document.createElement("optgroup");
        parent.label = part.group;
        select.appendChild(parent);
      }
      kept.forEach(function (option) {
        parent.appendChild(option);
        if (option.value && fold(option.text).indexOf(wanted) !== -1) {
          shown += 1;
        }
      });
    });
    select.value = selected;
    if (!wanted) {
      status.textContent = "";
    } else if (!shown) {
      status.textContent = "Aucun choix ne correspond";
    } else {
      status.textContent = shown + (shown > 1 ? " choix correspondent" : " choix correspond");
    }
  }

  function enhance(select) {
    var parts = snapshot(select);
    var group = document.createElement("div");
    group.className = "fr-input-group fr-mb-1w";
    var label = document.createElement("label");
    label.className = "fr-label";
    label.htmlFor = select.id + "-filtre";
    label.textContent = "Filtrer la liste « " + select.getAttribute("data-filter") + " »";
    var input = document.createElement("input");
    input.className = "fr-input";
    input.type = "search";
    input.id = select.id + "-filtre";
    input.setAttribute("aria-controls", select.id);
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "fr-hint-text";
    status.setAttribute("role", "status");
    group.appendChild(label);
    group.appendChild(input);
    group.appendChild(status);
    var container = select.closest(".fr-select-group") || select;
    container.parentNode.insertBefore(group, container);
    input.addEventListener("input", function () {
      apply(select, parts, input.value, status);
    });
  }

  document.querySelectorAll("select[data-filter]").forEach(enhance);
})();
