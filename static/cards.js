// studysite review cards: the recall control beside each card in a chapter,
// the review page (the cards due today, one at a time, rated Again / Hard /
// Good / Easy and scheduled by FSRS in fsrs.js), and the export and import
// of a reader's progress. Schedules live in localStorage beside the quiz
// progress: `studysite:card:ID` holds { d, s, last, due, at, reps, lapses },
// days counted in the reader's own calendar. Without this script a chapter
// hides nothing and the review page lists every card with its answer.
(function () {
  "use strict";
  var CARD = "studysite:card:";
  var QUIZ = "studysite:quiz:";
  var FSRS = window.StudysiteFSRS;
  if (!FSRS) return;

  function today() {
    var now = new Date();
    return Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
  }
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off */ }
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }
  function dateOf(day, language) {
    var date = new Date(day * 86400000);
    return new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
      .toLocaleDateString(language || undefined, { year: "numeric", month: "long", day: "numeric", weekday: "short" });
  }

  // Rates card `id` now; returns its new record.
  function rate(id, grade) {
    var record = read(CARD + id);
    var day = today();
    var memory = record ? { difficulty: record.d, stability: record.s } : null;
    var next = FSRS.schedule(memory, record ? Math.max(0, day - record.last) : 0, grade);
    var updated = {
      d: next.difficulty,
      s: next.stability,
      last: day,
      due: day + next.interval,
      at: Date.now(),
      reps: (record ? record.reps : 0) + 1,
      lapses: (record ? record.lapses : 0) + (record && grade === FSRS.AGAIN ? 1 : 0)
    };
    write(CARD + id, updated);
    return updated;
  }

  // Whether a card is due today: never reviewed, or its day has come. A
  // quiz item is due once the reader answered it wrong after its last
  // review as a card.
  function isDue(id, quizId, day) {
    var record = read(CARD + id);
    if (!quizId) return !record || record.due <= day;
    var answer = read(QUIZ + quizId);
    var wrongSince = !!answer && answer.correct === false && (!record || (answer.at || 0) > record.at);
    return wrongSince || (!!record && record.due <= day);
  }

  // The rating buttons, as the review page shows them, for a chapter card.
  function ratingButtons(labels, onRate) {
    var group = document.createElement("div");
    group.className = "review-ratings";
    group.setAttribute("role", "group");
    labels.forEach(function (label, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = label;
      button.setAttribute("data-grade", String(index + 1));
      button.addEventListener("click", function () { onRate(index + 1); });
      group.appendChild(button);
    });
    return group;
  }

  // --- In a chapter: fold a card's answer away, reveal it, rate it. ---

  function sectionOf(heading) {
    var level = Number(heading.tagName.slice(1));
    var parts = [];
    for (var node = heading.nextElementSibling; node; node = node.nextElementSibling) {
      var match = /^H([1-6])$/.exec(node.tagName);
      if (match && Number(match[1]) <= level) break;
      if (!node.classList.contains("recall")) parts.push(node);
    }
    return parts;
  }

  function setupRecall(config) {
    var cards = document.querySelectorAll(".content [data-card]");
    Array.prototype.forEach.call(cards, function (card) {
      var id = card.getAttribute("data-card");
      var isHeading = /^H[1-6]$/.test(card.tagName);
      var hidden = function () {
        if (isHeading) return sectionOf(card);
        var back = card.querySelector(".card-back");
        return back ? [back] : [];
      };
      var bar = document.createElement("div");
      bar.className = "recall";
      var start = document.createElement("button");
      start.type = "button";
      start.className = "recall-button";
      start.textContent = config.recall;
      start.setAttribute("aria-expanded", "true");
      var status = document.createElement("span");
      status.className = "recall-status";
      status.setAttribute("role", "status");
      bar.appendChild(start);
      bar.appendChild(status);
      if (isHeading) card.insertAdjacentElement("afterend", bar);
      else card.appendChild(bar);
      var ratings = null;
      function fold() {
        if (card.classList.contains("cloze-card")) card.classList.add("cloze-hidden");
        else hidden().forEach(function (part) { part.hidden = true; });
        start.textContent = config.show;
        start.setAttribute("aria-expanded", "false");
        status.textContent = config.hint;
        start.onclick = reveal;
      }
      function reveal() {
        card.classList.remove("cloze-hidden");
        hidden().forEach(function (part) { part.hidden = false; });
        start.hidden = true;
        status.textContent = "";
        ratings = ratingButtons(config.grades, function (grade) {
          var record = rate(id, grade);
          ratings.remove();
          start.hidden = false;
          start.textContent = config.recall;
          start.setAttribute("aria-expanded", "true");
          start.onclick = fold;
          status.textContent = fill(config.next, { date: dateOf(record.due, config.language) });
          start.focus();
        });
        bar.insertBefore(ratings, status);
        ratings.querySelector("[data-grade='3']").focus();
      }
      start.onclick = fold;
    });
  }

  // --- The review page. ---

  function setupReview(page) {
    var all = page.querySelector("[data-review-all]");
    var reviewer = page.querySelector("[data-reviewer]");
    var front = page.querySelector("[data-review-front]");
    var back = page.querySelector("[data-review-back]");
    var show = page.querySelector("[data-review-show]");
    var ratings = page.querySelector("[data-review-ratings]");
    var origin = page.querySelector("[data-review-origin]");
    var link = page.querySelector("[data-review-link]");
    var count = page.querySelector("[data-review-count]");
    var finished = page.querySelector("[data-review-finished]");
    var filter = page.querySelector("[data-review-filter]");
    var language = page.getAttribute("data-language");
    var queue = [];
    var done = 0;
    var current = null;

    var cards = Array.prototype.map.call(page.querySelectorAll(".review-card"), function (element) {
      var chapter = element.closest("[data-review-chapter]");
      return {
        id: element.getAttribute("data-card"),
        quiz: element.getAttribute("data-quiz"),
        url: element.getAttribute("data-url"),
        chapter: chapter ? chapter.getAttribute("data-review-chapter") : "",
        front: element.querySelector(".card-front").innerHTML,
        back: element.querySelector(".card-back").innerHTML
      };
    });

    function nextDay() {
      var soonest = null;
      cards.forEach(function (card) {
        var record = read(CARD + card.id);
        if (record && (soonest === null || record.due < soonest)) soonest = record.due;
      });
      return soonest;
    }
    function updateCount() {
      count.textContent = fill(page.getAttribute("data-progress"), { done: done, left: queue.length });
    }
    function finish() {
      reviewer.hidden = true;
      var day = nextDay();
      var message = page.getAttribute(done > 0 ? "data-done" : "data-nothing-due");
      var next = day === null ? "" : fill(page.getAttribute("data-next"), { date: dateOf(day, language) });
      finished.textContent = done > 0 ? message + (next ? " " + next : "") : fill(message, { date: day === null ? "—" : dateOf(day, language) });
      finished.hidden = false;
      updateCount();
      finished.focus();
    }
    function showCard() {
      current = queue[0];
      if (!current) { finish(); return; }
      finished.hidden = true;
      reviewer.hidden = false;
      origin.hidden = !current.quiz;
      front.innerHTML = current.front;
      back.innerHTML = current.back;
      back.hidden = true;
      ratings.hidden = true;
      show.hidden = false;
      link.href = current.url;
      updateCount();
      front.focus();
    }
    function reveal() {
      if (!current || !back.hidden) return;
      back.hidden = false;
      show.hidden = true;
      ratings.hidden = false;
      ratings.querySelector("[data-grade='3']").focus();
    }
    function rateCurrent(grade) {
      if (!current || back.hidden) return;
      rate(current.id, grade);
      queue.shift();
      done += 1;
      showCard();
    }
    function start() {
      var day = today();
      var chosen = filter.value;
      queue = cards.filter(function (card) {
        return (!chosen || card.chapter === chosen) && isDue(card.id, card.quiz, day);
      });
      done = 0;
      showCard();
    }

    show.addEventListener("click", reveal);
    Array.prototype.forEach.call(ratings.querySelectorAll("[data-grade]"), function (button) {
      button.addEventListener("click", function () { rateCurrent(Number(button.getAttribute("data-grade"))); });
    });
    filter.addEventListener("change", start);
    document.addEventListener("keydown", function (event) {
      if (reviewer.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) return;
      if ((event.key === " " || event.key === "Enter") && back.hidden && target.tagName !== "BUTTON" && target.tagName !== "A") {
        event.preventDefault();
        reveal();
      } else if (/^[1-4]$/.test(event.key) && !back.hidden) {
        event.preventDefault();
        rateCurrent(Number(event.key));
      }
    });

    all.hidden = true;
    page.querySelector("[data-review-toolbar]").hidden = false;
    setupTransfer(page, start);
    start();
  }

  // --- Export and import of the reader's progress. ---

  function progressEntries() {
    var entries = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf(CARD) === 0 || key.indexOf(QUIZ) === 0) entries[key] = read(key);
      }
    } catch (e) { /* storage off */ }
    return entries;
  }

  function setupTransfer(page, onImported) {
    var box = page.querySelector("[data-review-io]");
    var status = box.querySelector("[data-review-io-status]");
    box.hidden = false;
    box.querySelector("[data-review-export]").addEventListener("click", function () {
      var file = {
        format: "studysite-progress",
        version: 1,
        site: document.title,
        exported: new Date().toISOString(),
        entries: progressEntries()
      };
      var blob = new Blob([JSON.stringify(file, null, 1)], { type: "application/json" });
      var anchor = document.createElement("a");
      anchor.href = URL.createObjectURL(blob);
      anchor.download = "studysite-progress.json";
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(function () { URL.revokeObjectURL(anchor.href); }, 1000);
    });
    var input = box.querySelector("[data-review-import]");
    input.addEventListener("change", function () {
      var chosen = input.files && input.files[0];
      if (!chosen) return;
      var reader = new FileReader();
      reader.onload = function () {
        var imported = 0, kept = 0, file;
        try { file = JSON.parse(reader.result); } catch (e) { file = null; }
        if (!file || file.format !== "studysite-progress" || typeof file.entries !== "object" || file.entries === null) {
          status.textContent = page.getAttribute("data-import-failed");
          return;
        }
        Object.keys(file.entries).forEach(function (key) {
          if (key.indexOf(CARD) !== 0 && key.indexOf(QUIZ) !== 0) return;
          var incoming = file.entries[key];
          if (!incoming || typeof incoming !== "object") return;
          var here = read(key);
          // Newer progress here is never overwritten.
          if (here && (here.at || 0) >= (incoming.at || 0)) { kept += 1; return; }
          write(key, incoming);
          imported += 1;
        });
        status.textContent = fill(page.getAttribute("data-imported"), { "new": imported, kept: kept });
        input.value = "";
        onImported();
      };
      reader.readAsText(chosen);
    });
  }

  var review = document.querySelector("[data-review]");
  if (review && review.querySelector("[data-reviewer]")) {
    setupReview(review);
  } else {
    var body = document.body;
    setupRecall({
      recall: body.getAttribute("data-recall") || "Recall",
      show: body.getAttribute("data-recall-show") || "Show answer",
      hint: body.getAttribute("data-recall-hint") || "",
      next: body.getAttribute("data-recall-next") || "Next review: {date}",
      language: document.documentElement.lang,
      grades: (body.getAttribute("data-recall-grades") || "Again|Hard|Good|Easy").split("|")
    });
  }
})();
