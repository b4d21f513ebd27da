// Small behaviours for the staff console; no inline scripts anywhere (CSP forbids them).
document.addEventListener("DOMContentLoaded", () => {
  // Show the head-count field only for visits.
  const channel = document.querySelector("[name=channel]");
  const head = document.querySelector("[data-visit-only]");
  if (channel && head) {
    const sync = () => { head.hidden = channel.value !== "visit"; };
    channel.addEventListener("change", sync);
    sync();
  }
  // Confirm before irreversible actions.
  // A button's own data-confirm asks only when that button submits (a form that can save or send).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (e) => {
      if (!window.confirm(form.dataset.confirm)) e.preventDefault();
    });
  });
  document.querySelectorAll("button[data-confirm]").forEach((button) => {
    button.addEventListener("click", (e) => {
      if (!window.confirm(button.dataset.confirm)) e.preventDefault();
    });
  });
  // Type-ahead of a unit filter: the units the user may see whose name holds what was typed.
  document.querySelectorAll("input[data-unit-options]").forEach((input) => {
    const list = document.getElementById(input.getAttribute("list"));
    let timer = null;
    const load = () => {
      fetch(`${input.dataset.unitOptions}?q=${encodeURIComponent(input.value)}`, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : { units: [] }))
        .then((data) => {
          list.replaceChildren(...data.units.map((u) => {
            const o = document.createElement("option");
            o.value = u.name;
            return o;
          }));
        })
        .catch(() => {});
    };
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(load, 150); });
    input.addEventListener("focus", load, { once: true });
  });
});
