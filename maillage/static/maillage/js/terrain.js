// Offline capture on a phone (ADR 0016): requests and contact attempts go into an IndexedDB queue with a
// uuid made here and the phone's time; the queue is sent on start, when the network comes back, every
// minute and on "Envoyer maintenant". Acknowledged records leave the phone; refused ones stay, with why.
(function () {
  "use strict";
  var root = document.querySelector("[data-terrain]");
  var db = window.MaillageTerrainDb;
  if (!root || !db) return;
  var BATCH = 50;
  var PERIOD = 60 * 1000;
  var RETRY = 15 * 1000;  // while the last exchange found no network: the "online" event is not always told
  var offline = false;
  var EXPIRED = "Session expirée : reconnectez-vous, vos enregistrements restent sur ce téléphone.";
  var csrf = root.dataset.csrf;
  var data = null;
  var sending = false;

  function $(selector) { return root.querySelector(selector); }
  function say(selector, text) { var el = $(selector); el.textContent = text; }
  function plural(n, one, many) { return n + " " + (n > 1 ? many : one); }
  function hhmm(iso) { return new Date(iso).toLocaleString("fr-FR", { dateStyle: "short", timeStyle: "short" }); }

  function option(select, value, label) {
    var el = document.createElement("option");
    el.value = value;
    el.textContent = label;
    select.appendChild(el);
    return el;
  }

  function fill(select, items, blank) {
    var kept = select.value;
    select.textContent = "";
    if (blank) option(select, "", blank);
    items.forEach(function (item) { option(select, item[0], item[1]); });
    if (Array.prototype.some.call(select.options, function (o) { return o.value === kept; })) select.value = kept;
  }

  // --- what the phone keeps: places, catalogue, campaigns ---
  function currentPlace() {
    var uuid = $("#terrain-place").value;
    return (data.places || []).filter(function (p) { return p.uuid === uuid; })[0] || null;
  }

  function currentCampaign() {
    var uuid = $("#terrain-attempt-campaign").value;
    return (data.campaigns || []).filter(function (c) { return c.uuid === uuid; })[0] || null;
  }

  function drawPlace() {
    var place = currentPlace();
    var offered = place ? place.partners : [];
    var open = function (code) { return !code || offered.length === 0 || offered.indexOf(code) >= 0; };
    fill($("#terrain-stop"), place ? place.stops.map(function (s) { return [String(s.id), s.label]; }) : [], "— Sans étape —");
    fill($("#terrain-partner"), data.partners.filter(function (p) { return open(p.code); }).map(function (p) { return [p.code, p.name]; }), "— Sans partenaire —");
    fill($("#terrain-procedure"), data.procedures.filter(function (p) { return open(p.partner); }).map(function (p) { return [p.code, p.name]; }), "— Choisir une démarche —");
    var campaigns = data.campaigns.filter(function (c) { return place && c.structure === place.structure; });
    fill($("#terrain-request-campaign"), campaigns.map(function (c) { return [c.uuid, c.title]; }), "— Hors campagne —");
  }

  function drawCommunes() {
    var campaign = currentCampaign();
    var communes = campaign ? campaign.communes : [];
    fill($("#terrain-commune"), communes.map(function (c) { return [c.code, c.name + " (" + c.code + ")"]; }), null);
    $("[data-commune-select]").hidden = communes.length === 0;
    $("[data-commune-code]").hidden = communes.length > 0;
  }

  // The last choices come back after a reload (offline, the page starts afresh from the service worker).
  var REMEMBERED = ["#terrain-place", "#terrain-stop", "#terrain-procedure", "#terrain-partner", "#terrain-domain",
    "#terrain-channel", "#terrain-request-duration", "#terrain-request-campaign", "#terrain-attempt-campaign",
    "#terrain-commune", "#terrain-result", "#terrain-attempt-duration"];
  var choices = {};

  function remember() {
    REMEMBERED.forEach(function (id) { choices[id] = $(id).value; });
    return db.putMeta("choices", choices);
  }

  function restore(ids) {
    ids.forEach(function (id) {
      var el = $(id);
      if (choices[id] === undefined) return;
      if (el.tagName !== "SELECT" || Array.prototype.some.call(el.options, function (o) { return o.value === choices[id]; })) {
        el.value = choices[id];
      }
    });
  }

  function draw() {
    fill($("#terrain-place"), data.places.map(function (p) { return [p.uuid, p.name + " — " + p.commune]; }), null);
    fill($("#terrain-domain"), data.domains.map(function (d) { return [d.code, d.label]; }), "— D'après la démarche —");
    fill($("#terrain-channel"), data.channels.map(function (c) { return [c.code, c.label]; }), null);
    fill($("#terrain-attempt-campaign"), data.campaigns.map(function (c) { return [c.uuid, c.title]; }), null);
    fill($("#terrain-result"), data.results.map(function (r) { return [r.code, r.label]; }), null);
    restore(["#terrain-place", "#terrain-attempt-campaign"]);
    drawPlace();
    drawCommunes();
    restore(REMEMBERED);
  }

  function loadBootstrap() {
    return fetch(root.dataset.bootstrapUrl, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
      .then(function (response) {
        network(true);
        if (response.type === "opaqueredirect" || response.status === 401) { showExpired(true); return false; }
        if (!response.ok) return false;
        return response.json().then(function (fresh) {
          csrf = fresh.csrf_token || csrf;
          delete fresh.csrf_token;
          data = fresh;
          showExpired(false);
          draw();
          return db.putMeta("bootstrap", fresh).then(function () { return true; });
        });
      }, function () { network(false); return false; });
  }

  // --- the queue ---
  function refresh() {
    return db.all().then(function (records) {
      var requests = records.filter(function (r) { return r.kind === "request"; }).length;
      say("[data-count-requests]", plural(requests, "demande non envoyée", "demandes non envoyées"));
      say("[data-count-attempts]", plural(records.length - requests, "contact non envoyé", "contacts non envoyés"));
      drawRejected(records.filter(function (r) { return r.rejected; }));
    });
  }

  function drawRejected(records) {
    var list = $("[data-rejected]");
    list.textContent = "";
    $("[data-rejected-block]").hidden = records.length === 0;
    records.forEach(function (record) {
      var item = document.createElement("li");
      item.className = "fr-alert fr-alert--error fr-alert--sm fr-mb-1w";
      var title = document.createElement("p");
      title.textContent = record.label + " — " + hhmm(record.payload.recorded_at);
      var reason = document.createElement("p");
      reason.textContent = "Motif : " + record.rejected;
      var retry = document.createElement("button");
      retry.type = "button";
      retry.className = "fr-btn fr-btn--sm fr-btn--secondary fr-mr-1w";
      retry.textContent = "Renvoyer";
      retry.addEventListener("click", function () {
        delete record.rejected;
        db.put(record).then(send);
      });
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "fr-btn fr-btn--sm fr-btn--tertiary";
      remove.textContent = "Supprimer";
      remove.setAttribute("aria-label", "Supprimer « " + record.label + " » de ce téléphone");
      remove.addEventListener("click", function () {
        if (window.confirm("Supprimer définitivement cet enregistrement de ce téléphone ? Il ne sera jamais envoyé.")) {
          db.remove(record.uuid).then(refresh);
        }
      });
      item.append(title, reason, retry, remove);
      list.appendChild(item);
    });
  }

  function showExpired(on) {
    say("[data-expired-text]", on ? EXPIRED : "");
    $("[data-expired]").hidden = !on;
  }

  function post(records, retried) {
    var body = JSON.stringify({ sent_at: new Date().toISOString(), records: records.map(function (r) { return r.payload; }) });
    return fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: body
    }).then(function (response) {
      network(true);
      if (response.type === "opaqueredirect" || response.status === 401) { showExpired(true); return false; }
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { say("[data-sync-status]", "Réponse inattendue du serveur : vos enregistrements restent sur ce téléphone."); return false; }
      return response.json().then(function (answer) {
        if (response.status === 403 && answer.code === "csrf" && !retried) {
          return loadBootstrap().then(function (ok) { return ok ? post(records, true) : false; });
        }
        if (!response.ok || !Array.isArray(answer.results)) { say("[data-sync-status]", answer.detail || "Envoi refusé."); return false; }
        var byUuid = {};
        records.forEach(function (r) { byUuid[r.uuid] = r; });
        return answer.results.reduce(function (chain, outcome) {
          return chain.then(function () {
            var record = byUuid[outcome.uuid];
            if (!record) return undefined;
            if (outcome.status === "stored" || outcome.status === "already_stored") return db.remove(record.uuid);
            record.rejected = outcome.reason || "Refusé par le serveur.";
            return db.put(record);
          });
        }, Promise.resolve()).then(function () {
          showExpired(false);
          say("[data-sync-status]", "Dernier envoi : " + hhmm(new Date().toISOString()) + ".");
          return true;
        });
      });
    }, function () {
      network(false);
      say("[data-sync-status]", "Pas de réseau : vos enregistrements restent sur ce téléphone.");
      return false;
    });
  }

  function send() {
    if (sending || !data) return Promise.resolve();
    sending = true;
    return db.all().then(function (records) {
      var mine = records.filter(function (r) { return !r.rejected && r.owner === data.user; });
      var batches = [];
      for (var i = 0; i < mine.length; i += BATCH) batches.push(mine.slice(i, i + BATCH));
      return batches.reduce(function (chain, batch) {
        return chain.then(function (ok) { return ok ? post(batch, false) : false; });
      }, Promise.resolve(true));
    }).catch(function () { return false; }).then(function () { sending = false; return refresh(); });
  }

  // --- recording ---
  function error(form, text) {
    var el = form.querySelector("[data-error]");
    el.textContent = text;
    el.className = text ? "fr-error-text fr-fieldset__element" : "";  // DSFR shows its icon on any .fr-error-text
    el.hidden = !text;
  }

  function minutes(input, low) {
    var value = Number(input.value);
    return Number.isInteger(value) && value >= low && value <= 480 ? value : null;
  }

  function keep(kind, payload, label) {
    payload.uuid = window.crypto.randomUUID();
    payload.kind = kind;
    payload.recorded_at = new Date().toISOString();
    remember();
    return db.put({ uuid: payload.uuid, kind: kind, payload: payload, label: label, owner: data.user }).then(function () {
      say("[data-sync-status]", label + " : gardé sur ce téléphone.");
      return refresh();
    }).then(function () { if (navigator.onLine) send(); });
  }

  function selectedText(select) { return select.value ? select.options[select.selectedIndex].textContent : ""; }

  $("[data-request-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var duration = minutes($("#terrain-request-duration"), 1);
    var procedure = $("#terrain-procedure").value;
    var domain = $("#terrain-domain").value;
    if (!data || !currentPlace()) return error(form, "Choisissez un lieu.");
    if (!procedure && !domain) return error(form, "Choisissez une démarche ou un domaine.");
    if (duration === null) return error(form, "La durée va de 1 à 480 minutes.");
    error(form, "");
    var chosen = data.procedures.filter(function (p) { return p.code === procedure; })[0];
    keep("request", {
      place: $("#terrain-place").value,
      stop: $("#terrain-stop").value ? Number($("#terrain-stop").value) : null,
      procedure: procedure || null,
      partner: $("#terrain-partner").value || (chosen ? chosen.partner : null),
      domain: procedure ? null : domain,
      channel: $("#terrain-channel").value,
      duration_minutes: duration,
      campaign: $("#terrain-request-campaign").value || null
    }, "Demande : " + (selectedText($("#terrain-procedure")) || selectedText($("#terrain-domain"))));
  });

  $("[data-attempt-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var campaign = currentCampaign();
    var duration = minutes($("#terrain-attempt-duration"), 0);
    var commune = campaign && campaign.communes.length ? $("#terrain-commune").value : $("#terrain-commune-code").value.trim();
    if (!data || !campaign) return error(form, "Aucune campagne en cours : rien à enregistrer.");
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(commune)) return error(form, "Indiquez la commune (code INSEE à 5 caractères).");
    if (duration === null) return error(form, "La durée va de 0 à 480 minutes.");
    error(form, "");
    keep("attempt", {
      campaign: campaign.uuid,
      commune: commune,
      result: $("#terrain-result").value,
      duration_minutes: duration
    }, "Contact : " + selectedText($("#terrain-result")));
  });

  $("#terrain-place").addEventListener("change", drawPlace);
  $("#terrain-attempt-campaign").addEventListener("change", drawCommunes);
  $("#terrain-procedure").addEventListener("change", function () {
    var chosen = data.procedures.filter(function (p) { return p.code === $("#terrain-procedure").value; })[0];
    if (chosen && chosen.partner) $("#terrain-partner").value = chosen.partner;
  });
  $("[data-send]").addEventListener("click", function () { send(); });

  // --- network, storage, service worker ---
  // What the browser says first, then what the last exchange with the server showed (a phone may claim
  // a network it does not have).
  function network(online) {
    offline = !online;
    say("[data-network]", online ? "Connexion : en ligne." : "Connexion : hors ligne, les enregistrements sont gardés sur ce téléphone.");
  }
  window.addEventListener("online", function () { network(true); send(); });
  window.addEventListener("offline", function () { network(false); });
  network(navigator.onLine);

  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persisted().then(function (already) { return already || navigator.storage.persist(); }).then(function (granted) {
      say("[data-persist]", granted
        ? "Stockage persistant accordé : le navigateur n'effacera pas la file de lui-même."
        : "Stockage persistant refusé par le navigateur : envoyez vos enregistrements dès que possible, il peut les effacer s'il manque de place.");
    });
  } else {
    say("[data-persist]", "Ce navigateur ne propose pas le stockage persistant : envoyez vos enregistrements dès que possible.");
  }

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: root.dataset.scope }).catch(function () {
      say("[data-sync-status]", "Ce navigateur n'a pas installé la page hors ligne : rechargez-la avec du réseau.");
    });
  }

  db.getMeta("choices").then(function (kept) {
    choices = kept ? kept.value : {};
    return db.getMeta("bootstrap");
  }).then(function (kept) {
    if (kept) { data = kept.value; draw(); }
    return refresh();
  }).then(loadBootstrap).then(function () {
    if (!data) say("[data-sync-status]", "Ouvrez cette page une première fois avec du réseau pour charger vos lieux et campagnes.");
    send();
    var last = Date.now();
    window.setInterval(function () {
      if (Date.now() - last >= (offline ? RETRY : PERIOD)) { last = Date.now(); send(); }
    }, 5000);
  });
})();
