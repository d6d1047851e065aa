// The phone's queue of offline records (IndexedDB "maillage-terrain"): read by the terrain page and
// by the logout guard of every page. Records: {uuid, kind, payload, label, rejected}.
(function () {
  "use strict";
  var NAME = "maillage-terrain";
  var VERSION = 1;

  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("IndexedDB indisponible")); return; }
      var request = window.indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) db.createObjectStore("queue", { keyPath: "uuid" });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = action(tx.objectStore(store));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  window.MaillageTerrainDb = {
    all: function () { return run("queue", "readonly", function (s) { return s.getAll(); }); },
    count: function () { return run("queue", "readonly", function (s) { return s.count(); }); },
    put: function (record) { return run("queue", "readwrite", function (s) { return s.put(record); }); },
    remove: function (uuid) { return run("queue", "readwrite", function (s) { return s.delete(uuid); }); },
    getMeta: function (key) { return run("meta", "readonly", function (s) { return s.get(key); }); },
    putMeta: function (key, value) { return run("meta", "readwrite", function (s) { return s.put({ key: key, value: value }); }); }
  };
})();
