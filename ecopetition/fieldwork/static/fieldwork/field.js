// Field page: fill the GPS point before "arrived" is sent; show the extra fields of a ticked measure.
(function () {
  "use strict";

  function withPosition(form) {
    var status = form.querySelector(".geo-status");
    var done = false;
    function send() {
      if (done) { return; }
      done = true;
      form.submit();
    }
    if (!("geolocation" in navigator)) { send(); return; }
    if (status) { status.textContent = status.dataset.wait || "…"; }
    var timer = setTimeout(send, 10000);
    navigator.geolocation.getCurrentPosition(function (pos) {
      clearTimeout(timer);
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
      form.elements.lon.value = pos.coords.longitude.toFixed(6);
      form.elements.accuracy.value = Math.round(pos.coords.accuracy);
      send();
    }, function () {
      clearTimeout(timer);
      send();
    }, { enableHighAccuracy: true, timeout: 9000, maximumAge: 60000 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var arrive = document.getElementById("arrive-form");
    if (arrive) {
      arrive.addEventListener("submit", function (ev) {
        if (arrive.elements.lat.value) { return; }
        ev.preventDefault();
        var btn = arrive.querySelector("button");
        if (btn) { btn.disabled = true; }
        withPosition(arrive);
      });
    }
    document.querySelectorAll(".measure").forEach(function (box) {
      var tick = box.querySelector("input[type=checkbox]");
      var extra = box.querySelector(".measure-extra");
      if (!tick || !extra) { return; }
      function sync() { extra.hidden = !tick.checked; }
      tick.addEventListener("change", sync);
      sync();
    });
  });
}());
