// studysite search: the box in the header (site.js shows it, opens it with
// `/` or `s`, and loads this script when the reader goes to it) queries the
// index the build wrote to search/ (its files are described in
// src/search/mod.rs). A query fetches the list of chunks, the chunks that
// hold its terms and the few units it shows, however big the book is.
// The box is an ARIA combobox: the arrow keys move through the results
// while focus stays in the box, Enter opens one, Esc clears, and a status
// says how many were found.
(function () {
  "use strict";
  var box = document.querySelector("[data-search]");
  if (!box) return;
  var input = box.querySelector("input[type=search]");
  var results = box.querySelector("[data-search-results]");
  var list = box.querySelector("[data-search-list]");
  var note = box.querySelector("[data-search-message]");
  var status = box.querySelector("[data-search-status]");
  var root = new URL(box.getAttribute("data-search-root") || "./", location.href);
  var text = function (name, fallback) { return box.getAttribute("data-" + name) || fallback; };
  var latest = 0;

  // How text is cut into terms: the rules of src/search/terms.rs.
  var MAX_WORD_CHARS = 32;
  var CJK = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  // Pages shown for a query, sections shown per page, and how many
  // pairs of characters of a Chinese run are looked up.
  var PAGES = 8;
  var SECTIONS = 2;
  // Units fetched at most for one query, so that a query whose pairs of
  // characters occur everywhere but never together stays a small download.
  var EXAMINED = 3 * PAGES;
  var PAIRS_PER_RUN = 4;

  function fold(c) {
    var code = c.codePointAt(0);
    return code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : c;
  }

  // The query's words (lowercased) and its runs of CJK characters.
  function parse(query) {
    var words = [], runs = [], word = [], run = [];
    function endWord() { if (word.length) words.push(word.join("")); word = []; }
    function endRun() { if (run.length) runs.push(run.join("")); run = []; }
    Array.from(query).forEach(function (raw) {
      var c = fold(raw);
      if (CJK.test(c)) {
        endWord();
        run.push(c);
      } else if (WORD.test(c)) {
        endRun();
        Array.from(c.toLowerCase()).forEach(function (lower) {
          if (word.length < MAX_WORD_CHARS) word.push(lower);
        });
      } else {
        endWord();
        endRun();
      }
    });
    endWord();
    endRun();
    return { words: words, runs: runs };
  }

  // What to look up: each word, as a prefix when it has two letters or
  // more; a single CJK character; for longer runs some of their pairs,
  // spread over the run (the run itself is checked in the units found).
  function lookups(parsed) {
    var all = [];
    parsed.words.forEach(function (word) {
      all.push({ term: word, prefix: Array.from(word).length > 1 });
    });
    parsed.runs.forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) { all.push({ term: run, prefix: false }); return; }
      var pairs = chars.length - 1;
      var step = Math.max(1, (pairs - 1) / (PAIRS_PER_RUN - 1));
      var seen = {};
      for (var k = 0; k < PAIRS_PER_RUN; k++) {
        var at = Math.min(pairs - 1, Math.round(k * step));
        if (seen[at]) continue;
        seen[at] = true;
        all.push({ term: chars[at] + chars[at + 1], prefix: false });
      }
    });
    return all;
  }

  var meta = null;
  var files = {};

  function load() {
    if (!meta) {
      meta = fetch(new URL("search/meta.json", root).href, { cache: "no-cache" }).then(function (response) {
        if (!response.ok) throw new Error("search/meta.json: " + response.status);
        return response.json();
      });
      meta.catch(function () { meta = null; });
    }
    return meta;
  }

  // A file of the index, fetched once; `?v=` keeps files of two builds
  // from mixing in the browser's cache.
  function file(index, name, json) {
    if (!files[name]) {
      files[name] = fetch(new URL("search/" + name, root).href + "?v=" + index.version).then(function (response) {
        if (!response.ok) throw new Error(name + ": " + response.status);
        return json ? response.json() : response.arrayBuffer().then(decode);
      });
      files[name].catch(function () { delete files[name]; });
    }
    return files[name];
  }

  var utf8 = new TextDecoder();

  // A chunk of terms: [{term, units, weights}].
  function decode(buffer) {
    var bytes = new Uint8Array(buffer);
    var at = 0;
    function varint() {
      var value = 0, scale = 1, byte;
      do {
        byte = bytes[at++];
        value += (byte & 0x7f) * scale;
        scale *= 128;
      } while (byte >= 0x80);
      return value;
    }
    var entries = [];
    while (at < bytes.length) {
      var length = varint();
      var term = utf8.decode(bytes.subarray(at, at + length));
      at += length;
      var count = varint();
      var units = new Array(count), weights = new Array(count), unit = 0;
      for (var i = 0; i < count; i++) {
        unit += varint();
        units[i] = unit;
        weights[i] = varint();
      }
      entries.push({ term: term, units: units, weights: weights });
    }
    return entries;
  }

  // The chunks that can hold `lookup`: the last one starting at or before
  // it, and for a prefix the next ones that start with it.
  function chunksFor(index, lookup) {
    var chunks = index.chunks, low = 0, high = chunks.length - 1, at = 0;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (chunks[middle][0] <= lookup.term) { at = middle; low = middle + 1; } else { high = middle - 1; }
    }
    var found = chunks.length ? [chunks[at][1]] : [];
    for (var next = at + 1; lookup.prefix && next < chunks.length && found.length < 3 &&
      chunks[next][0].indexOf(lookup.term) === 0; next++) {
      found.push(chunks[next][1]);
    }
    return found;
  }

  // The units holding a lookup's term, each with a score: rarer terms and
  // heavier weights score more, a longer word that starts with the term
  // less than the term itself.
  function scores(index, lookup) {
    return Promise.all(chunksFor(index, lookup).map(function (name) { return file(index, name, false); }))
      .then(function (chunks) {
        var found = new Map();
        chunks.forEach(function (entries) {
          entries.forEach(function (entry) {
            var exact = entry.term === lookup.term;
            if (!exact && !(lookup.prefix && entry.term.indexOf(lookup.term) === 0)) return;
            var df = entry.units.length;
            var idf = Math.log(1 + (index.units - df + 0.5) / (df + 0.5));
            for (var i = 0; i < df; i++) {
              var weight = entry.weights[i];
              var score = idf * (exact ? 1 : 0.5) * weight / (weight + 2);
              var unit = entry.units[i];
              if (!(found.get(unit) >= score)) found.set(unit, score);
            }
          });
        });
        return found;
      });
  }

  // Units holding every lookup, best first.
  function rank(index, all) {
    return Promise.all(all.map(function (lookup) { return scores(index, lookup); })).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var ranked = [];
      maps[0].forEach(function (score, unit) {
        for (var i = 1; i < maps.length; i++) {
          var other = maps[i].get(unit);
          if (other === undefined) return;
          score += other;
        }
        ranked.push([unit, score]);
      });
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return ranked.map(function (pair) { return pair[0]; });
    });
  }

  function normal(value) {
    return Array.from(value, fold).join("").toLowerCase();
  }

  // Where the query's words and runs occur in `value`: [[start, end]…].
  function find(value, needles) {
    var lower = normal(value);
    if (lower.length !== value.length) return [];
    var ranges = [];
    needles.forEach(function (needle) {
      for (var at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
        ranges.push([at, at + needle.length]);
      }
    });
    return ranges.sort(function (a, b) { return a[0] - b[0]; });
  }

  // The part of a section's text around its first match, matches marked.
  function excerpt(value, needles) {
    var span = document.createElement("span");
    span.className = "search-result-excerpt";
    var ranges = find(value, needles);
    var start = ranges.length ? Math.max(0, ranges[0][0] - 50) : 0;
    var end = Math.min(value.length, start + 180);
    if (start > 0) span.appendChild(document.createTextNode("…"));
    var at = start;
    ranges.forEach(function (range) {
      if (range[0] < at || range[1] > end) return;
      span.appendChild(document.createTextNode(value.slice(at, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = value.slice(range[0], range[1]);
      span.appendChild(mark);
      at = range[1];
    });
    span.appendChild(document.createTextNode(value.slice(at, end) + (end < value.length ? "…" : "")));
    return span;
  }

  // The sections of a unit to show: those where the query occurs most.
  function bestSections(unit, needles) {
    var scored = unit.sections.map(function (section, position) {
      return { section: section, position: position,
        hits: 2 * find(section[1], needles).length + find(section[2], needles).length };
    }).filter(function (entry) { return entry.hits > 0; });
    scored.sort(function (a, b) { return b.hits - a.hits || a.position - b.position; });
    var chosen = scored.slice(0, SECTIONS).map(function (entry) { return entry.section; });
    return chosen.length ? chosen : unit.sections.slice(0, 1);
  }

  // Whether a unit holds each CJK run as written (its pairs may occur
  // apart).
  function holdsRuns(unit, runs) {
    var all = unit.title + " " + unit.sections.map(function (s) { return s[1] + " " + s[2]; }).join(" ");
    return runs.every(function (run) { return run.length < 2 || all.indexOf(run) >= 0; });
  }

  // The units to show, loaded a few at a time in ranked order until
  // PAGES pages have one or EXAMINED units were read.
  function units(index, ranked, runs) {
    var shown = [], pages = {}, next = 0;
    function more() {
      var limit = Math.min(ranked.length, EXAMINED);
      if (shown.length >= PAGES || next >= limit) return Promise.resolve(shown);
      var batch = ranked.slice(next, Math.min(limit, next + PAGES - shown.length));
      next += batch.length;
      return Promise.all(batch.map(function (unit) { return file(index, "units/" + unit + ".json", true); }))
        .then(function (loaded) {
          loaded.forEach(function (unit) {
            if (shown.length >= PAGES || pages[unit.url] || !holdsRuns(unit, runs)) return;
            pages[unit.url] = true;
            shown.push(unit);
          });
          return more();
        });
    }
    return more();
  }

  function href(url, anchor) {
    return new URL(url + (anchor ? "#" + encodeURIComponent(anchor) : ""), root).href;
  }

  // The results (or a message instead), and the status read out.
  function show(nodes, query, said) {
    list.replaceChildren.apply(list, nodes);
    list.hidden = nodes.length === 0;
    note.hidden = true;
    results.setAttribute("data-query", query || "");
    results.hidden = nodes.length === 0;
    input.setAttribute("aria-expanded", String(!results.hidden));
    input.removeAttribute("aria-activedescendant");
    status.textContent = said || (nodes.length ? text("count", "{n} results").replace("{n}", nodes.length) : "");
  }

  function message(textContent, query) {
    show([], query, textContent);
    note.textContent = textContent;
    note.hidden = false;
    results.hidden = false;
  }

  function result(unit, section, needles, position) {
    var link = document.createElement("a");
    link.className = "search-result";
    link.id = "search-result-" + position;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.tabIndex = -1;
    link.href = href(unit.url, section[0]);
    var heading = document.createElement("span");
    heading.className = "search-result-title";
    heading.textContent = section[1] && section[1] !== unit.title ? unit.title + " › " + section[1] : unit.title;
    link.appendChild(heading);
    link.appendChild(excerpt(section[2] || section[1], needles));
    return link;
  }

  function search(query) {
    var ticket = ++latest;
    if (!query) { show([]); return; }
    var parsed = parse(query);
    var all = lookups(parsed);
    var needles = parsed.words.concat(parsed.runs);
    load().then(function (index) {
      if (!all.length) return [];
      return rank(index, all).then(function (ranked) {
        return ticket === latest ? units(index, ranked, parsed.runs) : null;
      });
    }).then(function (found) {
      if (ticket !== latest || !found) return;
      if (!found.length) {
        message(text("empty", "No results for") + " “" + query + "”", query);
        return;
      }
      var nodes = [];
      found.forEach(function (unit) {
        bestSections(unit, needles).forEach(function (section) {
          nodes.push(result(unit, section, needles, nodes.length));
        });
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
  load().catch(function () { /* reported on the first query */ });

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
  }

  function selected() {
    return list.querySelector("[aria-selected=true]");
  }

  function select(option) {
    options().forEach(function (each) { each.setAttribute("aria-selected", String(each === option)); });
    input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("keydown", function (event) {
    var all = options();
    var index = all.indexOf(selected());
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && all.length && !results.hidden) {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      select(all[(index + step + all.length) % all.length]);
    } else if (event.key === "Enter" && all.length && !results.hidden) {
      event.preventDefault();
      location.href = (selected() || all[0]).href;
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.value = "";
      show([]);
    }
  });

  // The results close when focus leaves the box.
  box.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !box.contains(event.relatedTarget)) show([]);
  });

  document.addEventListener("click", function (event) {
    if (!box.contains(event.target)) show([]);
  });

  // What the reader typed while this script loaded.
  if (input.value.trim()) search(input.value.trim());
})();
