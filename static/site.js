// studysite: small enhancements over pages that work without JavaScript.
// Theme toggle, the phone menu, the ← / → keys for previous and next, copy
// buttons, quiz progress badges, and the search box, whose script loads
// only when a reader goes to search (`/`, `s`, or the box itself).
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME_KEY = "studysite-theme";

  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : systemDark();
  }

  function setupThemeToggle() {
    var button = document.querySelector(".theme-button");
    if (!button) return;
    button.hidden = false;
    button.setAttribute("aria-pressed", String(isDark()));
    button.addEventListener("click", function () {
      var next = isDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME_KEY, next); } catch (e) { /* private mode */ }
      button.setAttribute("aria-pressed", String(next === "dark"));
    });
  }

  function setupMenu() {
    var button = document.querySelector(".menu-button");
    var sidebar = document.getElementById("sidebar");
    if (!button || !sidebar) return;
    function isOpen() { return document.body.classList.contains("sidebar-open"); }
    function setOpen(open, refocus) {
      document.body.classList.toggle("sidebar-open", open);
      button.setAttribute("aria-expanded", String(open));
      if (open) {
        // The current page in the middle of the menu.
        var current = sidebar.querySelector("[aria-current=page]");
        if (current) {
          sidebar.scrollTop = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top +
            sidebar.scrollTop - sidebar.clientHeight / 2;
        }
      } else if (refocus) {
        button.focus();
      }
    }
    button.addEventListener("click", function () { setOpen(!isOpen(), false); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && isOpen()) setOpen(false, true);
    });
    // A tap outside the menu closes it.
    document.addEventListener("click", function (event) {
      if (isOpen() && !sidebar.contains(event.target) && !button.contains(event.target)) {
        setOpen(false, true);
      }
    });
    sidebar.addEventListener("click", function (event) {
      if (event.target.closest("a")) setOpen(false, false);
    });
  }

  function isTyping(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  // Whether `node` is in something the arrow keys scroll sideways (a wide
  // table, code or formula), where they must scroll, not turn the page.
  function inSidewaysScroller(node) {
    for (var el = node; el && el.nodeType === 1 && el !== document.body; el = el.parentElement) {
      var overflow = getComputedStyle(el).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth) return true;
    }
    return false;
  }

  function setupKeys() {
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (isTyping(event.target)) return;
      var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
      if (!rel || inSidewaysScroller(event.target)) return;
      var link = document.querySelector('a[rel~="' + rel + '"]');
      if (!link) return;
      event.preventDefault();
      window.location.href = link.href;
    });
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Pages opened from disk or over plain HTTP have no clipboard API.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function setupCopyButtons() {
    var label = document.body.getAttribute("data-copy-label") || "Copy";
    var done = document.body.getAttribute("data-copied-label") || "Copied";
    var blocks = document.querySelectorAll("pre.code-block");
    Array.prototype.forEach.call(blocks, function (pre) {
      var code = pre.querySelector("code");
      if (!code) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = label;
      button.addEventListener("click", function () {
        copyText(code.textContent).then(function () {
          button.textContent = done;
          button.setAttribute("data-copied", "");
          setTimeout(function () {
            button.textContent = label;
            button.removeAttribute("data-copied");
          }, 1500);
        }, function () { /* the text stays selectable by hand */ });
      });
      var tools = document.createElement("div");
      tools.className = "code-tools";
      if (pre.classList.contains("has-hidden-lines")) {
        tools.appendChild(hiddenLinesToggle(pre));
      }
      tools.appendChild(button);
      pre.appendChild(tools);
    });
  }

  // A Rust block's hidden lines (mdBook's `# ` lines) stay hidden until
  // the reader asks for them; copying always takes the whole program.
  function hiddenLinesToggle(pre) {
    var show = pre.getAttribute("data-show-label") || "Show hidden lines";
    var hide = pre.getAttribute("data-hide-label") || "Hide hidden lines";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "copy-button hidden-lines-toggle";
    toggle.textContent = show;
    toggle.addEventListener("click", function () {
      var shown = pre.classList.toggle("show-hidden-lines");
      toggle.textContent = shown ? hide : show;
    });
    return toggle;
  }

  // How many of a chapter's quiz items the reader has answered right, from
  // what quiz.js saved, beside the chapter in the sidebar and contents.
  function setupQuizProgress() {
    var label = document.body.getAttribute("data-quiz-progress") || "answered correctly";
    var marked = document.querySelectorAll("[data-quiz-keys]");
    Array.prototype.forEach.call(marked, function (element) {
      var keys = element.getAttribute("data-quiz-keys").split(" ").filter(Boolean);
      var right = 0;
      keys.forEach(function (key) {
        var bar = key.lastIndexOf("|");
        try {
          var record = JSON.parse(localStorage.getItem("studysite:quiz:" + key.slice(0, bar)) || "null");
          if (record && record.correct && record.v === key.slice(bar + 1)) right += 1;
        } catch (e) { /* storage off */ }
      });
      var badge = document.createElement("span");
      badge.className = "quiz-badge" + (right === keys.length ? " quiz-badge-done" : "");
      badge.textContent = right + "/" + keys.length;
      badge.title = label + " " + right + " / " + keys.length;
      element.appendChild(document.createTextNode(" "));
      element.appendChild(badge);
    });
  }

  function setupSearch() {
    var box = document.querySelector("[data-search]");
    if (!box) return;
    var input = box.querySelector("input[type=search]");
    box.hidden = false;
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      var script = document.createElement("script");
      script.src = new URL("static/search.js", new URL(box.getAttribute("data-search-root") || "./", location.href)).href;
      document.head.appendChild(script);
    }
    input.addEventListener("focus", load);
    input.addEventListener("pointerenter", load);
    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      if (event.key === "/" || event.key === "s") {
        event.preventDefault();
        input.focus();
      }
    });
  }

  setupThemeToggle();
  setupMenu();
  setupKeys();
  setupCopyButtons();
  setupQuizProgress();
  setupSearch();
})();
