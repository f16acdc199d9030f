/* The reports page keeps the status of its reports up to date by itself (no inline script: CSP).
 * While a row is "wachtrij" or "bezig" it asks the page's status URL (data-status-url on the table) every few seconds
 * and puts the cells the server rendered (status, bestand, versie) in that row. Without JavaScript the page's
 * "Vernieuwen" link does the same. */
(function () {
  "use strict";

  var INTERVAL_MS = 3000;
  var table = document.getElementById("rapportages");
  if (!table) return;
  var url = table.getAttribute("data-status-url");
  var melding = document.getElementById("rapportage-melding");
  var timer = null;

  function nogBezig() {
    return table.querySelector("tr[data-status=wachtrij], tr[data-status=bezig]") !== null;
  }

  function bijwerken(rij, gegevens) {
    var vorige = rij.getAttribute("data-status");
    if (vorige === gegevens.status && gegevens.status !== "bezig") return;
    ["status", "bestand", "versie"].forEach(function (veld) {
      var cel = rij.querySelector("[data-veld=" + veld + "]");
      // The cells are rendered and escaped by the server's own templates (the same as the page itself).
      if (cel && cel.innerHTML.trim() !== gegevens.cellen[veld]) cel.innerHTML = gegevens.cellen[veld];
    });
    rij.setAttribute("data-status", gegevens.status);
    if (melding && vorige !== gegevens.status && (gegevens.status === "gereed" || gegevens.status === "mislukt")) {
      melding.textContent = "Een rapportage is " + gegevens.statusTekst.toLowerCase() + ".";
    }
  }

  function vraag() {
    timer = null;
    var verzoek = new XMLHttpRequest();
    verzoek.open("GET", url);
    verzoek.setRequestHeader("Accept", "application/json");
    verzoek.onload = function () {
      if (verzoek.status !== 200) return;  // e.g. the session ended: the "Vernieuwen" link still works
      var antwoord;
      try { antwoord = JSON.parse(verzoek.responseText); } catch (e) { return; }
      antwoord.rapportages.forEach(function (gegevens) {
        var rij = table.querySelector("tr[data-rapportage='" + gegevens.id + "']");
        if (rij) bijwerken(rij, gegevens);
      });
      plan();
    };
    verzoek.send();
  }

  function plan() {
    if (timer === null && nogBezig()) timer = window.setTimeout(vraag, INTERVAL_MS);
  }

  plan();
})();
