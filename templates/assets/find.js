/* Find and compare on the index (pipeline/views/find.py). Without this script the index
   is the plain list of profiles and the form stays hidden. With it, the form appears and
   the cards are filtered as the reader types or chooses, offline: everything is in the
   page. Searching or choosing a theme lists the card's matching competences. The form's
   state can be given in the address: index.html#q=tietoturva&theme=digitaidot */
(function () {
  "use strict";
  var form = document.getElementById("find");
  if (!form) { return; }
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-profile]"));
  var count = document.getElementById("find-count");
  var template = form.getAttribute("data-count");
  var fields = ["field", "region", "theme", "year"];

  function fold(text) {
    return (text || "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function matches(text, terms) {
    for (var i = 0; i < terms.length; i++) {
      if (text.indexOf(terms[i]) < 0) { return false; }
    }
    return true;
  }

  function apply() {
    var want = {};
    fields.forEach(function (name) { want[name] = form.elements[name].value; });
    var query = fold(form.elements.q.value);
    var terms = query ? query.split(" ") : [];
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!want.field || card.getAttribute("data-field") === want.field) &&
        (!want.region || card.getAttribute("data-region") === want.region) &&
        (!want.year || card.getAttribute("data-year") === want.year) &&
        (!want.theme || (" " + card.getAttribute("data-themes") + " ").indexOf(" " + want.theme + " ") >= 0);
      var found = 0;
      var box = card.querySelector(".card-matches");
      var items = box ? box.querySelectorAll("li") : [];
      var listing = terms.length > 0 || want.theme;
      for (var i = 0; i < items.length; i++) {
        var hit = listing && matches(fold(items[i].textContent), terms) &&
          (!want.theme || items[i].getAttribute("data-theme") === want.theme);
        items[i].hidden = !hit;
        if (hit) { found++; }
      }
      if (box) { box.hidden = found === 0; }
      if (ok && terms.length > 0) {
        ok = found > 0 || (!want.theme && matches(fold(card.querySelector("h3").textContent), terms));
      }
      card.hidden = !ok;
      if (ok) { shown++; }
    });
    if (count) {
      count.textContent = template.replace("{n}", shown).replace("{total}", cards.length);
    }
  }

  function fromAddress() {
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) { return; }
    hash.split("&").forEach(function (pair) {
      var parts = pair.split("=");
      var name = decodeURIComponent(parts[0] || "");
      var value = decodeURIComponent((parts[1] || "").replace(/\+/g, " "));
      if (form.elements[name]) { form.elements[name].value = value; }
    });
  }

  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  fromAddress();
  apply();
}());
