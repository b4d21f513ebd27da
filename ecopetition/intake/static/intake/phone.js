// Phone intake: Ctrl+Enter registers, Ctrl+Shift+Enter registers and starts the next call.
(function () {
  "use strict";
  var form = document.getElementById("phone-form");
  if (!form) { return; }
  var next = document.getElementById("id_next");
  form.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      next.value = ev.shiftKey ? "another" : "";
      form.requestSubmit();
    }
  });
})();
