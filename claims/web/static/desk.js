/* claims desk: keyboard shortcuts. Every page works without this file (plain links and
   form posts); it only makes walking the queue quicker. No inline code anywhere: the
   Content-Security-Policy allows scripts from this site's files only. */
(function () {
  "use strict";
  var page = document.body.getAttribute("data-page");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.qrow"));
  var sel = -1;
  var KEY = "claims-desk-row:" + location.pathname + location.search;

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  function press(el) {
    if (el && !el.disabled) { el.click(); return true; }
    return false;
  }
  function follow(el) {
    if (el && el.href) { window.location.href = el.href; return true; }
    return false;
  }
  function byId(id) { return document.getElementById(id); }

  function select(i) {
    if (!rows.length) { return; }
    i = Math.max(0, Math.min(rows.length - 1, i));
    if (sel >= 0) { rows[sel].classList.remove("sel"); }
    sel = i;
    rows[sel].classList.add("sel");
    rows[sel].scrollIntoView({ block: "nearest" });
    try { sessionStorage.setItem(KEY, String(sel)); } catch (err) { /* private mode */ }
  }
  function rowButton(cls) {
    return sel >= 0 ? rows[sel].querySelector("button." + cls) : null;
  }

  rows.forEach(function (row, i) {
    row.addEventListener("click", function (event) {
      if (event.target.closest("a, button, form")) { return; }
      window.location.href = row.getAttribute("data-href");
    });
    row.addEventListener("focusin", function () { select(i); });
  });
  if (rows.length) {
    var saved = 0;
    try { saved = parseInt(sessionStorage.getItem(KEY) || "0", 10) || 0; } catch (err) { saved = 0; }
    select(saved);
  }

  function queueKey(key) {
    if (key === "j" || key === "ArrowDown") {
      if (sel === rows.length - 1) { return follow(document.querySelector(".pager a[rel=next]")); }
      select(sel + 1); return true;
    }
    if (key === "k" || key === "ArrowUp") {
      if (sel <= 0) { return follow(document.querySelector(".pager a[rel=prev]")); }
      select(sel - 1); return true;
    }
    if (key === "Enter" || key === "o") { return sel >= 0 && follow(rows[sel].querySelector("a.open")); }
    if (key === "c") { return press(rowButton("confirm")); }
    if (key === "d") { return press(rowButton("dismiss")); }
    return false;
  }

  var PAIR = {
    j: function () { return follow(byId("next")); },
    k: function () { return follow(byId("prev")); },
    c: function () { return press(byId("confirm")); },
    d: function () { return press(byId("dismiss")); },
    v: function () { return press(byId("verify-a")); },
    x: function () { return press(byId("dispute-a")); },
    V: function () { return press(byId("verify-b")); },
    X: function () { return press(byId("dispute-b")); },
    u: function () { return follow(byId("up")); },
    n: function () { var note = byId("note"); if (note) { note.focus(); } return !!note; }
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var done = false;
    if (event.key === "/") {
      var box = byId("search");
      if (box) { box.focus(); box.select(); done = true; }
    } else if (event.key === "?") {
      var keys = byId("keys");
      if (keys) { keys.classList.toggle("big"); done = true; }
    } else if (page === "queue") {
      done = queueKey(event.key);
    } else if (page === "pair" && Object.prototype.hasOwnProperty.call(PAIR, event.key)) {
      done = PAIR[event.key]();
    }
    if (done) { event.preventDefault(); }
  });
})();
