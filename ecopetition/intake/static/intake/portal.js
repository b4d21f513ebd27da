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

// Portal: photos over the portal's limits are refused before sending. The server refuses a submission
// too large unread (and what the person wrote is lost with it); here the form stays as it is.
(function () {
  "use strict";
  var photos = document.getElementById("id_photos");
  var problem = document.getElementById("photos-problem");
  if (!photos || !photos.form || !problem) { return; }
  photos.form.addEventListener("submit", function (event) {
    var files = photos.files || [];
    var most = parseInt(photos.dataset.maxFiles, 10);
    var each = parseInt(photos.dataset.maxBytes, 10);
    var message = "";
    if (files.length > most) { message = photos.dataset.tooMany; }
    for (var i = 0; !message && i < files.length; i++) {
      if (files[i].size > each) { message = photos.dataset.tooLarge; }
    }
    problem.textContent = message;
    problem.hidden = !message;
    if (message) { event.preventDefault(); photos.focus(); }
  });
  photos.addEventListener("change", function () { problem.hidden = true; });
})();
