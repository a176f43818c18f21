/* Check-in page: a phone's scanner app types the code into the field and
   presses Enter, which needs no script. Where the browser has
   BarcodeDetector (Chrome on Android), the camera can scan here as well. */
(function () {
  "use strict";

  function start(form, scanner) {
    var video = scanner.querySelector("[data-scan-video]");
    var status = scanner.querySelector("[data-scan-status]");
    var field = form.querySelector("input[name=code]");
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play().then(function () {
          status.textContent = scanner.dataset.scanning || "";
          function look() {
            detector
              .detect(video)
              .then(function (codes) {
                if (codes.length && codes[0].rawValue) {
                  field.value = codes[0].rawValue;
                  stream.getTracks().forEach(function (track) { track.stop(); });
                  form.submit();
                  return;
                }
                window.setTimeout(look, 250);
              })
              .catch(function () { window.setTimeout(look, 500); });
          }
          look();
        });
      })
      .catch(function (error) {
        status.textContent = (scanner.dataset.noCamera || "") + " " + error.name;
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-check-in]");
    var scanner = document.querySelector("[data-scanner]");
    if (!form || !scanner) return;
    if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    scanner.hidden = false;
    var button = scanner.querySelector("[data-scan-start]");
    button.addEventListener("click", function () {
      button.disabled = true;
      start(form, scanner);
    });
  });
})();
