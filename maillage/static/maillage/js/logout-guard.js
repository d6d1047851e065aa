// Logging out with records still on this phone asks first (a browser confirm()): the queue is kept
// either way, but whoever logs in next on this phone sends it under their own name.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-logout-guard]") || form.dataset.confirmed === "1") return;
    if (!window.MaillageTerrainDb || !window.indexedDB) return;
    event.preventDefault();
    window.MaillageTerrainDb.count().then(function (count) {
      var leave = true;
      if (count > 0) {
        leave = window.confirm(
          count + (count > 1 ? " enregistrements n'ont pas été envoyés" : " enregistrement n'a pas été envoyé") +
          " depuis ce téléphone. Ils restent sur ce téléphone, mais ne seront envoyés qu'une fois reconnecté. " +
          "Se déconnecter quand même ?"
        );
      }
      if (leave) { form.dataset.confirmed = "1"; form.submit(); }
    }, function () { form.dataset.confirmed = "1"; form.submit(); });
  });
})();
