// studysite search: a box in the header, opened with `/` or `s`, that
// queries the Pagefind index the build wrote to pagefind/. The index is
// split into chunks, so a query downloads only what it needs.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) return;
  var input = box.querySelector("input[type=search]");
  var results = box.querySelector("[data-search-results]");
  var root = new URL(box.getAttribute("data-search-root") || "./", location.href);
  var text = function (name, fallback) { return box.getAttribute("data-" + name) || fallback; };
  var pagefind = null;
  var loading = null;
  var latest = 0;
  box.hidden = false;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        pagefind = module;
        return module;
      });
    }
    return loading;
  }

  // Pagefind knows pages by their path from the site root; links stay
  // relative to wherever the site is served.
  function href(url) {
    return new URL(url.replace(/^\//, ""), root).href;
  }

  // The excerpt as text, with the query's words marked where they occur
  // (Pagefind marks the pieces it matched, which for Chinese are pairs of
  // characters); its own marks where the words do not occur as written.
  function excerpt(html, query) {
    var span = document.createElement("span");
    span.className = "search-result-excerpt";
    var holder = document.createElement("span");
    holder.innerHTML = String(html).replace(/<\/?mark>/g, "");
    var plain = holder.textContent;
    var lower = plain.toLowerCase();
    var ranges = [];
    query.toLowerCase().split(/\s+/).filter(Boolean).forEach(function (word) {
      for (var at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + word.length)) {
        ranges.push([at, at + word.length]);
      }
    });
    if (!ranges.length) {
      String(html).split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
        var marked = /^<mark>/.test(part);
        holder.innerHTML = part.replace(/<\/?mark>/g, "");
        var node = document.createTextNode(holder.textContent);
        if (marked) {
          var mark = document.createElement("mark");
          mark.appendChild(node);
          span.appendChild(mark);
        } else {
          span.appendChild(node);
        }
      });
      return span;
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    ranges.forEach(function (range) {
      if (range[0] < at) return;
      span.appendChild(document.createTextNode(plain.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = plain.slice(range[0], range[1]);
      span.appendChild(mark);
      at = range[1];
    });
    span.appendChild(document.createTextNode(plain.slice(at)));
    return span;
  }

  function show(nodes, query) {
    results.replaceChildren.apply(results, nodes);
    results.setAttribute("data-query", query || "");
    results.hidden = nodes.length === 0;
    input.setAttribute("aria-expanded", String(!results.hidden));
  }

  function message(textContent, query) {
    var p = document.createElement("p");
    p.className = "search-message";
    p.textContent = textContent;
    show([p], query);
  }

  function result(url, title, section, html, query) {
    var link = document.createElement("a");
    link.className = "search-result";
    link.href = href(url);
    var heading = document.createElement("span");
    heading.className = "search-result-title";
    heading.textContent = section && section !== title ? title + " › " + section : title;
    link.appendChild(heading);
    link.appendChild(excerpt(html, query));
    return link;
  }

  function search(query) {
    var ticket = ++latest;
    if (!query) { show([]); return; }
    load().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (ticket !== latest || !found) return null;
      return Promise.all(found.results.slice(0, 8).map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (ticket !== latest || !pages) return;
      if (!pages.length) {
        message(text("empty", "No results for") + " “" + query + "”", query);
        return;
      }
      var nodes = [];
      pages.forEach(function (page) {
        var title = (page.meta && page.meta.title) || page.url;
        var subs = (page.sub_results || []).filter(function (s) { return s.url !== page.url; });
        if (subs.length) {
          subs.slice(0, 2).forEach(function (sub) { nodes.push(result(sub.url, title, sub.title, sub.excerpt, query)); });
        } else {
          nodes.push(result(page.url, title, "", page.excerpt, query));
        }
      });
      show(nodes, query);
    }).catch(function () {
      if (ticket !== latest) return;
      message(location.protocol === "file:"
        ? text("needs-http", "Search needs the site to be served over HTTP.")
        : text("failed", "Search is not available."), query);
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value.trim()); }, 120);
  });
  input.addEventListener("focus", function () {
    load().catch(function () { /* reported on the first query */ });
  });

  function links() {
    return Array.prototype.slice.call(results.querySelectorAll("a.search-result"));
  }

  box.addEventListener("keydown", function (event) {
    var all = links();
    var index = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(index + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && all.length) {
      event.preventDefault();
      if (index <= 0) input.focus(); else all[index - 1].focus();
    } else if (event.key === "Escape") {
      input.value = "";
      show([]);
      input.blur();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      input.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) show([]);
  });
})();
