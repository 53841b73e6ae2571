// Ciphergram: progressive enhancement only. Every page works without this
// file; it makes evidence sentences keyboard-friendly checkboxes and stops
// double submissions.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Evidence questions: each sentence label becomes one focusable checkbox.
  // The native box stays in the form (and is what gets submitted); it is
  // only hidden visually, in this mode (see .js in app.css).
  document.querySelectorAll(".evidence-sentence").forEach(function (label) {
    var box = label.querySelector("input[type=checkbox]");
    if (!box) return;
    var sync = function () {
      label.setAttribute("aria-checked", box.checked ? "true" : "false");
    };
    label.setAttribute("role", "checkbox");
    label.tabIndex = 0;
    box.tabIndex = -1;
    // The label now is the checkbox; the box is only the form's value, so
    // a screen reader must not announce two.
    box.setAttribute("aria-hidden", "true");
    sync();
    box.addEventListener("change", sync);
    label.addEventListener("keydown", function (e) {
      if (e.key === " " || e.key === "Enter") {
        e.preventDefault();
        box.click(); // toggles, fires change, keeps the form state true
      }
    });
  });

  // Glossary tips: Escape hides an open tip until the pointer or focus leaves.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var wrap = document.activeElement && document.activeElement.closest(".term-wrap");
    document.querySelectorAll(".term-wrap:hover").forEach(function (w) { w.classList.add("tip-off"); });
    if (wrap) wrap.classList.add("tip-off");
  });
  var reset = function (e) {
    var wrap = e.target.closest && e.target.closest(".term-wrap");
    if (wrap && !wrap.contains(e.relatedTarget)) wrap.classList.remove("tip-off");
  };
  document.addEventListener("focusout", reset);
  document.addEventListener("mouseout", reset);

  // Grading: the total of the ticked criteria and the adjustment, live;
  // keys 1 to 9 tick a criterion of the answer the focus is in, and
  // Ctrl+Enter saves it. Without this file the server adds them up.
  var gradeForms = document.querySelectorAll(".grade-form");
  gradeForms.forEach(function (form) {
    var total = form.querySelector(".grade-total");
    var adjust = form.querySelector("input[name=adjust]");
    if (!total || !adjust) return;
    var live = document.createElement("output");
    live.className = "grade-live";
    live.setAttribute("data-testid", "grade-live");
    live.setAttribute("aria-live", "polite");
    total.appendChild(document.createTextNode(" "));
    total.appendChild(live);
    var max = parseFloat(form.getAttribute("data-max"));
    var update = function () {
      var sum = 0;
      form.querySelectorAll("input[name=criterion]:checked").forEach(function (b) {
        sum += parseFloat(b.getAttribute("data-points")) || 0;
      });
      var adj = parseFloat((adjust.value || "0").replace(",", "."));
      if (!isNaN(adj)) sum += adj;
      sum = Math.round(sum * 100) / 100;
      live.textContent = "Now: " + sum + " of " + max + (sum < 0 || sum > max ? " (out of range)" : "");
    };
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    update();
  });
  if (gradeForms.length) {
    document.querySelectorAll(".js-only").forEach(function (el) { el.classList.add("js-shown"); });
    document.addEventListener("keydown", function (e) {
      var item = document.activeElement && document.activeElement.closest(".grading-item");
      if (!item) return;
      var form = item.querySelector(".grade-form");
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
        return;
      }
      var typing = /^(TEXTAREA|SELECT)$/.test(document.activeElement.tagName) ||
        (document.activeElement.tagName === "INPUT" && document.activeElement.type !== "checkbox");
      if (typing || e.ctrlKey || e.metaKey || e.altKey || !/^[1-9]$/.test(e.key)) return;
      var box = form.querySelectorAll("input[name=criterion]")[parseInt(e.key, 10) - 1];
      if (!box) return;
      e.preventDefault();
      box.click();
    });
    // Back from saving, at the next answer waiting: start in its form. A
    // grade sent back with a message: start at the message's field.
    var here = location.hash && document.getElementById(location.hash.slice(1));
    var refused = document.querySelector(".grading-item .error[role=alert]");
    if (refused) {
      var field = refused.closest(".grading-item").querySelector("input[name=adjust]");
      if (field) field.focus();
    } else if (here && here.classList.contains("grading-item")) {
      var first = here.querySelector("input[name=criterion], input[name=adjust]");
      if (first) first.focus({ preventScroll: false });
    } else if (here && here.id === "grading-status") {
      here.focus();
    }
  }

  // Time zone: preselect the browser's zone where none is chosen yet.
  // Browsers may give an older name of a zone (ICU keeps them).
  var oldZoneNames = {
    "Asia/Calcutta": "Asia/Kolkata", "Asia/Katmandu": "Asia/Kathmandu", "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Rangoon": "Asia/Yangon", "Asia/Dacca": "Asia/Dhaka", "Europe/Kiev": "Europe/Kyiv",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires", "America/Godthab": "America/Nuuk",
    "America/Indianapolis": "America/Indiana/Indianapolis", "America/Louisville": "America/Kentucky/Louisville",
    "Atlantic/Faeroe": "Atlantic/Faroe", "Pacific/Enderbury": "Pacific/Kanton", "Pacific/Truk": "Pacific/Chuuk",
    "Pacific/Ponape": "Pacific/Pohnpei", "Etc/UTC": "UTC", "Etc/GMT": "UTC", "GMT": "UTC", "Etc/Universal": "UTC"
  };
  document.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
    if (select.value !== "") return;
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    zone = oldZoneNames[zone] || zone;
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === zone) {
        select.value = zone;
        return;
      }
    }
  });

  // One click, one answer: disable a form's buttons once it is submitted.
  // Disabling after the event lets the browser still send the form.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented) return;
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.disabled = true;
      });
    }, 0);
  });
  // Coming back with the Back button restores the page as it was left.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    document.querySelectorAll("form button:disabled").forEach(function (b) {
      b.disabled = false;
    });
  });
})();
