// Applies a triage suggestion to the register form: categories (checkboxes), sector (select),
// division_code (text) and lead_unit (when the form has one). Loaded with the suggestions fragment.
(function () {
  if (window.ecopetitionTriage) return;
  function form() {
    return document.getElementById("register-form") || document.querySelector("form");
  }
  function setField(name, value) {
    var f = form();
    if (!f) return;
    if (name === "categories") {
      var wanted = (value || "").split(",").filter(Boolean);
      f.querySelectorAll('input[name="categories"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
      return;
    }
    var el = f.elements.namedItem(name);
    if (!el || value === undefined || value === "") return;
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("[data-triage-apply]");
    if (!btn) return;
    ev.preventDefault();
    var what = btn.getAttribute("data-triage-apply");
    if (what === "all") {
      ["categories", "sector", "division_code", "lead_unit"].forEach(function (name) {
        setField(name, btn.getAttribute("data-" + name));
      });
    } else {
      setField(what, btn.getAttribute("data-value"));
    }
    btn.classList.add("applied");
  });
  window.ecopetitionTriage = { apply: setField };
})();
