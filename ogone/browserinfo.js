// browserinfo.js, shipped by github.com/gogone/ogone (ogone.BrowserInfoScript).
// It fills the hidden inputs of ogone.BrowserInfoFields with what only the
// browser knows and 3-D Secure v2 needs: screen size, colour depth, time
// zone offset, Java and JavaScript. Load it as a file
// (<script src="..." defer>), so that a Content-Security-Policy without
// 'unsafe-inline' lets it run. Without JavaScript the inputs stay empty and
// the server reads the browser as one without JavaScript.
(function () {
  "use strict";
  function fill() {
    var java = false;
    try {
      java = typeof navigator.javaEnabled === "function" && navigator.javaEnabled();
    } catch (e) {
      java = false;
    }
    var values = {
      ogone_browser_javascript: "true",
      ogone_browser_java: String(java),
      ogone_browser_language: navigator.language || "",
      ogone_browser_color_depth: String(screen.colorDepth),
      ogone_browser_screen_height: String(screen.height),
      ogone_browser_screen_width: String(screen.width),
      ogone_browser_time_zone: String(new Date().getTimezoneOffset())
    };
    Object.keys(values).forEach(function (name) {
      var inputs = document.getElementsByName(name);
      for (var i = 0; i < inputs.length; i++) {
        inputs[i].value = values[name];
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
