// Injected by `studysite serve` (never part of a build): reloads the page
// when the server serves a newer build than the one the page came from
// (told on connecting too, so a page served just before a rebuild finished
// still reloads), and shows the build's problems over the page until the
// notes are fixed.
(function () {
  "use strict";
  var script = document.currentScript;
  var pageBuild = script && script.getAttribute("data-build");
  var overlay = null;
  function showProblem(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "studysite-problem";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,24,.96);color:#f3f3f3;border:2px solid #e5534b;border-radius:.6rem;" +
        "padding:1rem 1.25rem;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = text;
  }
  function hideProblem() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  var source = new EventSource("/__studysite/events");
  source.addEventListener("build", function (event) {
    if (event.data !== pageBuild) {
      source.close();
      location.reload();
    }
  });
  source.addEventListener("problem", function (event) { showProblem(event.data); });
  source.addEventListener("fixed", hideProblem);
})();
