/* jgt-registratie web app: date fields, drafts, registration time, dossier search, session expiry warning.
 * Plain JavaScript, no inline handlers (CSP-friendly); configuration comes from data-attributes. */
(function () {
  "use strict";

  var body = document.body;
  var userId = body.getAttribute("data-gebruiker") || "";
  var SKIP = { csrfmiddlewaretoken: true, geopend: true, registratieduur_seconden: true };

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // --- date fields: one text field dd-mm-jjjj (cases.forms.DatumInput) with a calendar button and "vandaag" ------
  // The button is outside the Tab order: Tab leaves the date in one press, and keyboard users type the date.
  // The calendar is the browser's own date picker on a hidden date input that writes back in dd-mm-jjjj.
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function parseDatum(text) {
    var m = /^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$/.exec(text || "");
    if (!m) return null;
    var d = parseInt(m[1], 10), mo = parseInt(m[2], 10), y = parseInt(m[3], 10);
    var date = new Date(y, mo - 1, d);
    if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
    return { d: d, m: mo, y: y };
  }

  function setupDatum(input) {
    var today = input.getAttribute("data-vandaag") || "";
    var wrap = document.createElement("span");
    wrap.className = "app-datum";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);

    var picker = document.createElement("input");
    picker.type = "date";
    picker.tabIndex = -1;
    picker.className = "app-datum__kiezer";
    picker.setAttribute("aria-hidden", "true");
    picker.setAttribute("aria-label", "Kalender");

    var button = document.createElement("button");
    button.type = "button";
    button.tabIndex = -1;
    button.className = "utrecht-button utrecht-button--secondary-action app-datum__knop";
    button.textContent = "Kalender";

    var mark = document.createElement("span");
    mark.className = "app-datum__vandaag";
    mark.id = input.id + "-vandaag";
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", described ? described + " " + mark.id : mark.id);

    wrap.appendChild(button);
    wrap.appendChild(picker);
    wrap.appendChild(mark);

    function normalise() {
      var p = parseDatum(input.value);
      if (p) input.value = pad(p.d) + "-" + pad(p.m) + "-" + p.y;
    }
    function update() { mark.textContent = input.value.trim() === today && today ? "vandaag" : ""; }

    button.addEventListener("click", function () {
      var p = parseDatum(input.value) || parseDatum(today);
      picker.value = p ? p.y + "-" + pad(p.m) + "-" + pad(p.d) : "";
      try {
        if (picker.showPicker) picker.showPicker(); else picker.click();
      } catch (e) { picker.click(); }
    });
    picker.addEventListener("change", function () {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
      if (!m) return;
      input.value = m[3] + "-" + m[2] + "-" + m[1];
      update();
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    input.addEventListener("blur", function () { normalise(); update(); });
    input.jgtDatumBijwerken = update;
    update();
  }

  // --- drafts: saved per user and form in localStorage, restored on load, cleared after a save ----------
  function draftKey(name) { return "jgt-concept:" + userId + ":" + name; }

  function readForm(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "hidden" || el.type === "submit" || el.type === "button" || el.type === "password") return;
      if (!values[el.name]) values[el.name] = [];
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values[el.name].push(el.value);
      } else {
        values[el.name].push(el.value);
      }
    });
    return values;
  }

  function writeForm(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || SKIP[el.name] || el.type === "hidden") return;
      var wanted = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = wanted.indexOf(el.value) !== -1;
      } else {
        el.value = wanted.length ? wanted[0] : "";
        if (el.jgtDatumBijwerken) el.jgtDatumBijwerken();
      }
    });
  }

  function clearDrafts() {
    var s = store();
    if (!s || !userId) return;
    document.querySelectorAll("[data-concept-wissen]").forEach(function (el) {
      s.removeItem(draftKey(el.getAttribute("data-concept-wissen")));
    });
  }

  function draftNotice(form, savedAt, onClear) {
    var notice = document.createElement("div");
    notice.className = "utrecht-alert utrecht-alert--info app-concept";
    notice.setAttribute("role", "status");
    notice.id = "concept-melding";
    var text = document.createElement("p");
    text.className = "utrecht-paragraph";
    var when = new Date(savedAt);
    text.textContent = "Er is een niet-opgeslagen concept hersteld (bewaard op " + when.toLocaleDateString("nl-NL") + " om " +
      when.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" }) + "). Controleer de gegevens en sla op.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--secondary-action";
    button.textContent = "Concept wissen";
    button.addEventListener("click", function () {
      onClear();
      notice.remove();
      var first = form.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
    notice.appendChild(text);
    notice.appendChild(button);
    form.parentNode.insertBefore(notice, form);
  }

  // A draft comes back after an expired session or a closed tab, never after a failed save: the page of a failed
  // save shows the input with its errors itself, and the draft written there (`naFout`) comes back only when the
  // session expired meanwhile (the expiry warning marks it `verlopen`, or it was being submitted, `verzonden`, when
  // the server answered with the login page). Otherwise the next visit starts from the last contact's defaults.
  function setupDraft(form) {
    var s = store();
    if (!s || !userId) return;
    var key = draftKey(form.getAttribute("data-concept"));
    var initial = readForm(form);
    var timer = null;
    var bound = form.hasAttribute("data-gebonden");
    var state = { naFout: bound, verzonden: false, verlopen: false };
    function save() {
      var verstreken = form.jgtVerstreken ? form.jgtVerstreken() : 0;
      try {
        s.setItem(key, JSON.stringify({ opgeslagen: Date.now(), velden: readForm(form), verstreken: verstreken,
                                        naFout: state.naFout, verzonden: state.verzonden, verlopen: state.verlopen }));
      } catch (e) { /* storage full or blocked */ }
    }
    if (!bound) {
      var raw = s.getItem(key);
      if (raw) {
        try {
          var draft = JSON.parse(raw);
          if (draft.naFout && !draft.verzonden && !draft.verlopen) {
            s.removeItem(key);  // left after a failed save: start from the defaults
          } else {
            state.naFout = !!draft.naFout;
            writeForm(form, draft.velden || {});
            if (form.jgtTijdErbij) form.jgtTijdErbij(parseInt(draft.verstreken, 10) || 0);
            draftNotice(form, draft.opgeslagen, function () {
              s.removeItem(key); state.naFout = false; writeForm(form, initial);
              form.dispatchEvent(new Event("change"));
              if (form.jgtTijdOpnieuw) form.jgtTijdOpnieuw();  // after the change event, which would start the clock
            });
          }
        } catch (e) { s.removeItem(key); }
      }
    } else {
      save();  // the server kept the input after an error: the draft follows it, for an expiry while correcting
    }
    form.jgtSessieVerlopen = function () { state.verlopen = true; save(); };
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 250); });
    form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(save, 250); });
    form.addEventListener("submit", function () { clearTimeout(timer); state.verzonden = true; save(); });
  }

  // --- registration time (I15): from the user's first action on the form to the submit ---------------------
  // Not from the page being shown: after a save the empty form often stays open until the next conversation,
  // and that idle time is not registration work. Time spent before a reload or an expired session travels
  // with the draft (`verstreken`), and after a server-side error the field carries the time already spent.
  function setupTimer(form) {
    var field = form.querySelector("input[name=registratieduur_seconden]");
    if (!field) return;
    var before = parseInt(field.value, 10);
    if (!(before >= 0)) before = 0;
    var started = null;
    function start() { if (started === null) started = Date.now(); }
    ["keydown", "pointerdown", "input", "change"].forEach(function (type) { form.addEventListener(type, start, true); });
    form.jgtVerstreken = function () {
      return before + (started === null ? 0 : Math.max(0, Math.round((Date.now() - started) / 1000)));
    };
    form.jgtTijdErbij = function (seconds) { if (seconds > 0) before += seconds; };
    form.jgtTijdOpnieuw = function () { before = 0; started = null; };
    form.addEventListener("submit", function () { field.value = String(form.jgtVerstreken()); });
  }

  // Enter on a checkbox or radio button saves the form, as it does in a text field.
  function setupEnterSubmits(form) {
    form.addEventListener("keydown", function (event) {
      var t = event.target;
      if (event.key === "Enter" && (t.type === "checkbox" || t.type === "radio")) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  }

  // --- dossier search as you type (combobox with a listbox of server-rendered options) -------------------
  function setupCombobox(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var url = input.getAttribute("data-zoek-url");
    var withoutDossier = document.getElementById("zonder-dossier");
    // "meer resultaten ... bekijk alle N" goes after the list, as a real link that Tab reaches (a link inside an
    // option is neither focusable there nor allowed: an option's content is presentational).
    var more = list.parentNode.querySelector("[data-meer-vak]");
    var timer = null;
    var active = -1;
    var request = 0;

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled=true])")); }
    function open() { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    function close() {
      list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1;
      if (more) more.textContent = "";
    }
    function inMore(element) { return !!(more && element && more.contains(element)); }
    function mark() {
      options().forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      var current = options()[active];
      if (current) { input.setAttribute("aria-activedescendant", current.id); current.scrollIntoView({ block: "nearest" }); }
    }
    function syncWithout() {
      if (!withoutDossier) return;
      if (input.value.trim()) withoutDossier.setAttribute("data-uit", ""); else withoutDossier.removeAttribute("data-uit");
    }
    function choose(option) {
      input.value = option.getAttribute("data-waarde");
      close();
      syncWithout();
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function search() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++request;
      fetch(url + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (response.redirected || !response.ok) throw new Error("geen resultaat");
          session.touch();
          return response.text();
        })
        .then(function (html) {
          if (mine !== request) return;
          var holder = document.createElement("template");
          holder.innerHTML = html;  // rendered and escaped by the server's template
          var extra = holder.content.querySelector("[data-meer]");
          if (extra) extra.parentNode.removeChild(extra);
          list.textContent = "";
          list.appendChild(holder.content);
          if (more) { more.textContent = ""; if (extra) more.appendChild(extra); }
          active = -1;
          open();
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function (event) {
      syncWithout();
      if (event.isTrusted === false) return;
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { search(); return; }
        event.preventDefault();
        if (!all.length) return;
        active = event.key === "ArrowDown" ? (active + 1) % all.length : (active <= 0 ? all.length - 1 : active - 1);
        mark();
      } else if (event.key === "Enter" && !list.hidden && all.length) {
        event.preventDefault();
        choose(all[active >= 0 ? active : 0]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option && option.getAttribute("aria-disabled") !== "true") choose(option);
    });
    input.addEventListener("blur", function (event) {
      if (inMore(event.relatedTarget)) return;  // Tab to "bekijk alle N": the suggestions stay in view
      setTimeout(close, 150);
    });
    if (more) {
      more.addEventListener("focusout", function (event) {
        if (event.relatedTarget === input || inMore(event.relatedTarget)) return;
        setTimeout(close, 150);
      });
      more.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        event.preventDefault();
        input.focus();
        close();
      });
    }
    syncWithout();
  }

  // --- session expiry: a warning 2 minutes before, "Blijf ingelogd" pings the keep-alive URL -------------
  var session = { touch: function () {} };

  function setupSession() {
    var seconds = parseInt(body.getAttribute("data-sessie-seconden"), 10);
    var dialog = document.getElementById("sessie-dialoog");
    if (!(seconds > 0) || !dialog) return;
    var keepAlive = body.getAttribute("data-sessie-verlengen-url");
    var loginUrl = body.getAttribute("data-inloggen-url");
    var stay = document.getElementById("sessie-blijf");
    var again = document.getElementById("sessie-opnieuw");
    var warnTimer = null;
    var endTimer = null;
    var WARN_BEFORE = 120;

    function show() { if (!dialog.open) { if (dialog.showModal) dialog.showModal(); else dialog.setAttribute("open", ""); } }
    function hide() { if (dialog.open) { if (dialog.close) dialog.close(); else dialog.removeAttribute("open"); } }
    function expired() {
      document.querySelectorAll("form[data-concept]").forEach(function (form) { if (form.jgtSessieVerlopen) form.jgtSessieVerlopen(); });
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      document.getElementById("sessie-titel").textContent = "Uw sessie is verlopen";
      document.getElementById("sessie-tekst").textContent =
        "U bent automatisch uitgelogd. Log opnieuw in: wat u had ingevuld, staat daarna weer klaar.";
      again.href = loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
      stay.hidden = true;
      again.hidden = false;
      show();
      again.focus();
    }
    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(function () { show(); stay.focus(); }, Math.max(0, seconds - WARN_BEFORE) * 1000);
      endTimer = setTimeout(expired, seconds * 1000);
    }
    stay.addEventListener("click", function () {
      fetch(keepAlive, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(), "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (!response.ok) { expired(); return; }
          hide();
          schedule();
        })
        .catch(function () { /* offline: keep the warning open */ });
    });
    session.touch = schedule;
    schedule();
  }

  // A deliberate logout forgets every draft of this browser: a shared computer must not keep a BSN or a note.
  // (An expired session keeps them: that is exactly when the user comes back for the input.)
  function setupLogout() {
    document.querySelectorAll("form.app-uitloggen").forEach(function (form) {
      form.addEventListener("submit", function () {
        var s = store();
        if (!s) return;
        for (var i = s.length - 1; i >= 0; i--) {
          var key = s.key(i);
          if (key && key.indexOf("jgt-concept:") === 0) s.removeItem(key);
        }
      });
    });
  }

  function init() {
    clearDrafts();
    document.querySelectorAll("input[data-datum]").forEach(setupDatum);
    setupLogout();
    setupSession();
    // The timer first, so that a restored draft can hand it the time already spent.
    document.querySelectorAll("form[data-registratieduur]").forEach(function (form) { setupTimer(form); setupEnterSubmits(form); });
    document.querySelectorAll("form[data-concept]").forEach(setupDraft);
    document.querySelectorAll("input[role=combobox][data-zoek-url]").forEach(setupCombobox);
    var summary = document.getElementById("foutsamenvatting");
    if (summary) summary.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
