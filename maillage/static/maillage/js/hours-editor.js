// Opening hours editor ([data-hours-editor]): add and remove exception rows.
// Everything else is done by the server (the form cleans the grid, htmx fetches the preview);
// without this file the editor still works, with one blank exception row per page load.
(function () {
  "use strict";

  var ATTRIBUTES = ["id", "name", "for", "aria-labelledby"];

  function reveal(root) {
    root.querySelectorAll("[data-hours-js-only]").forEach(function (element) {
      if (element.closest("[data-hours-editor]")) {
        element.hidden = false;
      }
    });
  }

  function nextIndex(editor) {
    var highest = -1;
    editor.querySelectorAll("[data-hours-exceptions] select[name]").forEach(function (select) {
      var match = /_x(\d+)_kind$/.exec(select.name);
      if (match) {
        highest = Math.max(highest, Number(match[1]));
      }
    });
    return highest + 1;
  }

  function changed(editor) {
    editor.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addRow(editor) {
    var template = editor.querySelector("template[data-hours-exception-template]");
    var list = editor.querySelector("[data-hours-exceptions]");
    if (!template || !list) {
      return;
    }
    var index = String(nextIndex(editor));
    var row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll("*").forEach(function (element) {
      ATTRIBUTES.forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value !== null) {
          element.setAttribute(attribute, value.split("__index__").join(index));
        }
      });
      if (element.children.length === 0 && element.textContent.indexOf("__number__") !== -1) {
        element.textContent = element.textContent.split("__number__").join(String(Number(index) + 1));
      }
    });
    list.appendChild(row);
    reveal(row);
    var first = row.querySelector("select, input");
    if (first) {
      first.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var editor = event.target.closest("[data-hours-editor]");
    if (!editor) {
      return;
    }
    if (event.target.closest("[data-hours-add]")) {
      addRow(editor);
      return;
    }
    var remove = event.target.closest("[data-hours-remove]");
    if (remove) {
      remove.closest("[data-hours-exception]").remove();
      var add = editor.querySelector("[data-hours-add]");
      if (add) {
        add.focus();
      }
      changed(editor);
    }
  });

  function start() {
    reveal(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  document.addEventListener("htmx:load", function (event) {
    reveal(event.target);
  });
})();
