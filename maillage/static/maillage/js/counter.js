// Counter screen: digits 1-9 press the matching shortcut button when no field has the focus;
// choosing a partner-specific procedure selects its partner.
(function () {
  "use strict";
  var form = document.querySelector("[data-counter]");
  if (!form) { return; }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var choice = target && target.tagName === "INPUT" && /^(checkbox|radio|submit|button)$/.test(target.type);
    var typing = target && !choice && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName);
    if (typing || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var button = form.querySelector('[data-shortcut-key="' + event.key + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
  var procedure = form.querySelector("[name=procedure]");
  var partner = form.querySelector("[name=partner]");
  var data = document.getElementById("procedure-partners");
  var partners = data ? JSON.parse(data.textContent) : {};
  if (procedure && partner) {
    procedure.addEventListener("change", function () {
      var known = partners[procedure.value];
      if (known) { partner.value = known; }
    });
  }
})();
