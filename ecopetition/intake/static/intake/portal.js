// Portal: fill the hidden lat/lon from the browser's geolocation when the person asks for it.
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  if (!button || !("geolocation" in navigator)) { return; }
  var status = document.getElementById("location-status");
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lon.value = pos.coords.longitude.toFixed(6);
      status.textContent = status.dataset.ok + " (" + lat.value + ", " + lon.value + ")";
    }, function () {
      status.textContent = status.dataset.fail;
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
})();
