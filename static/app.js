// Ciphergram: progressive enhancement only. Every page works without this
// file; it makes evidence sentences keyboard-friendly checkboxes, sends
// answers in place and stops double submissions.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Evidence questions: each sentence becomes one focusable checkbox. The
  // label is swapped for a <div role="checkbox"> with the same class, data
  // and children (a label may carry no role, and a checkbox may hold no
  // other control); the native box moves out beside it, stays in the form
  // (it is what gets submitted) and is only hidden (see .js in app.css).
  // Run on the page, and on each question that arrives in place.
  var enhanceEvidence = function (root) {
    root.querySelectorAll("label.evidence-sentence").forEach(function (label) {
      var box = label.querySelector("input[type=checkbox]");
      if (!box) return;
      var item = document.createElement("div");
      Array.prototype.forEach.call(label.attributes, function (a) { item.setAttribute(a.name, a.value); });
      label.parentNode.insertBefore(box, label);
      while (label.firstChild) item.appendChild(label.firstChild);
      label.replaceWith(item);
      var sync = function () {
        item.setAttribute("aria-checked", box.checked ? "true" : "false");
      };
      item.setAttribute("role", "checkbox");
      item.tabIndex = 0;
      // The sentence is the checkbox; the box is only the form's value, so
      // a screen reader must not announce two, nor Tab stop on it.
      box.tabIndex = -1;
      box.setAttribute("aria-hidden", "true");
      sync();
      box.addEventListener("change", sync);
      item.addEventListener("click", function () { box.click(); });
      item.addEventListener("keydown", function (e) {
        if (e.key === " " || e.key === "Enter") {
          e.preventDefault();
          box.click(); // toggles, fires change, keeps the form state true
        }
      });
      // A keypress may still follow a cancelled keydown (synthetic key
      // events do); Space's own action there would scroll the page away
      // from under the learner's next click.
      item.addEventListener("keypress", function (e) {
        if (e.key === " ") e.preventDefault();
      });
    });
  };
  enhanceEvidence(document);

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

  // Answers in place: an answer form is sent in the background and the
  // server replies with only the parts of the page that change, each with
  // the id of the part it replaces (templates.LessonUpdate). Anything else
  // (a redirect: the try was already finished) falls back to sending the
  // form the ordinary way.
  var sending = false;
  var say = function (form, text) {
    var note = form.querySelector(".send-failed");
    if (!note) {
      note = document.createElement("p");
      note.className = "error send-failed";
      note.setAttribute("role", "alert");
      note.tabIndex = -1;
      form.insertBefore(note, form.querySelector("button[type=submit]"));
    }
    note.textContent = text;
    note.focus();
  };
  var place = function (part) {
    part.querySelectorAll("[autofocus]").forEach(function (el) { el.removeAttribute("autofocus"); });
    var old = document.getElementById(part.id);
    if (old) {
      old.replaceWith(part);
    } else {
      document.getElementById("questions").appendChild(part);
    }
    enhanceEvidence(part);
    enhanceWrittenAnswers(part);
  };
  var answerInPlace = function (form) {
    var section = form.closest(".question");
    var id = section.id;
    var button = form.querySelector("button[type=submit]");
    sending = true;
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    var done = function () {
      sending = false;
      button.disabled = false;
      form.removeAttribute("aria-busy");
    };
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Ciphergram-Fragment": "answer" },
      credentials: "same-origin",
      redirect: "manual"
    }).then(function (res) {
      if (res.type === "opaqueredirect") {
        HTMLFormElement.prototype.submit.call(form);
        return;
      }
      if (!res.headers.get("Ciphergram-Fragment")) {
        done();
        say(form, "Your answer was not saved (the server said " + res.status + "). It is still here: send it again in a moment.");
        return;
      }
      return res.text().then(function (html) {
        sending = false;
        var t = document.createElement("template");
        t.innerHTML = html;
        Array.prototype.slice.call(t.content.children).forEach(place);
        var shown = document.getElementById(id);
        if (res.status === 422) {
          var err = shown.querySelector("[role=alert]");
          (err || shown).focus();
          return;
        }
        var loc = res.headers.get("Ciphergram-Location");
        if (loc) history.pushState(null, "", loc);
        var verdict = shown.querySelector(".feedback .verdict") || shown.querySelector("h3");
        verdict.tabIndex = -1;
        verdict.focus();
      });
    }).catch(function () {
      done();
      say(form, "Your answer could not be sent: check your connection. It is still here: send it again.");
    });
  };
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("answer-form") || !window.fetch || !form.closest(".question")) return;
    // A button that sends elsewhere or adds its own value (a draft's
    // "Save") is sent the ordinary way.
    var by = e.submitter;
    if (by && (by.hasAttribute("formaction") || by.name)) return;
    e.preventDefault();
    if (!sending) answerInPlace(form);
  });

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

  // Recovery code: a Print button (hidden without JavaScript, where the
  // page says to use the browser's Print command instead).
  function enhancePrintButtons() {
    document.querySelectorAll("button[data-print]").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".recovery .no-js-hint").forEach(function (p) { p.hidden = true; });
  }
  enhancePrintButtons();

  // Written answers (drafts): a word count that follows the typing, and
  // "Hand in" asks once more before the answer becomes final. The server
  // renders the count of what it saved, so without JavaScript the count
  // shows after each Save draft.
  function countWords(text) {
    var t = text.trim();
    return t === "" ? 0 : t.split(/\s+/).length; // as strings.Fields in draft.go
  }
  function enhanceWrittenAnswers(root) {
    root.querySelectorAll("textarea[data-word-count]").forEach(function (area) {
      var out = document.getElementById(area.getAttribute("data-word-count"));
      if (!out) return;
      var update = function () {
        var n = countWords(area.value);
        out.textContent = n + (n === 1 ? " word" : " words");
      };
      area.addEventListener("input", update);
      update();
    });
    root.querySelectorAll("button[data-confirm-final]").forEach(function (button) {
      button.addEventListener("click", function (e) {
        if (button.getAttribute("data-confirmed") === "true") return;
        e.preventDefault();
        button.setAttribute("data-confirmed", "true");
        button.textContent = "Yes, hand it in";
        var note = button.form && button.form.querySelector("[data-confirm-note]");
        if (note) {
          note.textContent = "Sure? Once handed in, your answer cannot be changed. Press \u201cYes, hand it in\u201d to hand it in, or Save draft to keep working.";
        }
      });
    });
  }
  enhanceWrittenAnswers(document);
})();

// ---- Lesson builder (templates/lesson_builder.templ) ----
// An evidence question's sources: clicking a sentence (or Space or Enter
// on it) ticks its box as evidence or as also, whichever is chosen, and
// the lists above say what is picked. The boxes stay the form's fields,
// as they are without this script.
(function () {
  "use strict";
  var fieldID = function (name) { return "f-" + name.replace(/[.:]/g, "-"); };
  document.querySelectorAll(".picker[data-name]").forEach(function (picker) {
    var name = picker.getAttribute("data-name");
    var modes = picker.querySelectorAll('input[name="pick-mode.' + name + '"]');
    var mode = function () {
      var m = "evidence";
      modes.forEach(function (r) { if (r.checked) m = r.value; });
      return m;
    };
    var box = function (pick, kind) { return pick.querySelector('input[name="' + name + "." + kind + '"]'); };
    var show = function () {
      ["evidence", "also"].forEach(function (kind) {
        var refs = [];
        picker.querySelectorAll(".pick").forEach(function (pick) {
          var on = box(pick, kind).checked;
          pick.classList.toggle("is-" + kind, on);
          if (on) refs.push(pick.getAttribute("data-ref"));
        });
        document.getElementById(fieldID(name + "." + kind)).textContent = refs.length ? refs.join(", ") : "none";
      });
      picker.querySelectorAll(".pick-sentence").forEach(function (s) {
        s.setAttribute("aria-pressed", box(s.closest(".pick"), mode()).checked ? "true" : "false");
      });
    };
    var toggle = function (s) {
      var pick = s.closest(".pick"), m = mode();
      var b = box(pick, m);
      b.checked = !b.checked;
      if (b.checked) box(pick, m === "evidence" ? "also" : "evidence").checked = false; // not both
      show();
    };
    picker.querySelectorAll(".pick-mode, .pick-chosen").forEach(function (el) { el.hidden = false; });
    // The sentences are the controls now: the boxes behind them leave the
    // tab order and the screen reader, or each sentence would be three.
    picker.querySelectorAll(".pick-boxes").forEach(function (boxes) {
      boxes.setAttribute("aria-hidden", "true");
      boxes.querySelectorAll("input").forEach(function (b) { b.tabIndex = -1; });
    });
    picker.querySelectorAll(".pick-sentence").forEach(function (s) {
      s.tabIndex = 0;
      s.setAttribute("role", "button");
      s.addEventListener("click", function () { toggle(s); });
      s.addEventListener("keydown", function (e) {
        if (e.key === " " || e.key === "Enter") {
          e.preventDefault(); // Enter would send the form
          toggle(s);
        }
      });
      // As for evidence sentences: a keypress after the cancelled keydown
      // must not scroll the page from under the next click.
      s.addEventListener("keypress", function (e) {
        if (e.key === " ") e.preventDefault();
      });
    });
    modes.forEach(function (r) { r.addEventListener("change", show); });
    show();
  });
  // A refused save: the summary of problems is read out first.
  var problems = document.getElementById("builder-problems");
  if (problems) problems.focus();
})();
// ---- end of the lesson builder ----
