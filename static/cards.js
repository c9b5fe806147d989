// studysite review cards: the schedules, kept in localStorage beside the
// quiz progress (`studysite:card:ID` holds { d, s, last, due, at, reps,
// lapses }, days counted in the reader's own calendar, scheduled by FSRS in
// fsrs.js), and the recall control beside each card in a chapter. The
// review page's script (review.js) uses them through `StudysiteCards`.
// Without this script a chapter hides nothing.
(function () {
  "use strict";
  var CARD = "studysite:card:";
  var QUIZ = "studysite:quiz:";
  var FSRS = window.StudysiteFSRS;
  var DUE = window.StudysiteDue;
  if (!FSRS || !DUE) return;
  var today = DUE.today;
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
    document.dispatchEvent(new CustomEvent("studysite:progress"));
    return updated;
  }

  // Whether card `id` (quiz item `quizId`, if it is one) is due on `day`.
  function isDue(id, quizId, day) {
    var record = read(CARD + id);
    return quizId ? DUE.quizIsDue(read(QUIZ + quizId), record, day) : DUE.cardIsDue(record, day);
  }

  // The rating buttons, as the review page shows them, for a chapter card.
  function ratingButtons(labels, onRate) {
    var group = document.createElement("div");
    group.className = "review-ratings";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", document.body.getAttribute("data-recall-rate") || "");
    labels.forEach(function (label, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = (index + 1) + " " + label;
      button.setAttribute("data-grade", String(index + 1));
      button.addEventListener("click", function () { onRate(index + 1); });
      group.appendChild(button);
    });
    return group;
  }

  // --- In a chapter: fold a card's answer away, reveal it, rate it. ---

  // A heading card's answer: what follows it up to the next heading of its
  // level or higher, or the next heading that is a card of its own (as the
  // build cuts the card's back).
  function sectionOf(heading) {
    var level = Number(heading.tagName.slice(1));
    var parts = [];
    for (var node = heading.nextElementSibling; node; node = node.nextElementSibling) {
      var match = /^H([1-6])$/.exec(node.tagName);
      if (match && (Number(match[1]) <= level || node.hasAttribute("data-card"))) break;
      if (node !== heading.nextElementSibling || !node.classList.contains("recall")) parts.push(node);
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
        else hidden().forEach(function (part) { part.classList.add("recall-folded"); });
        start.textContent = config.show;
        status.textContent = config.hint;
        start.onclick = reveal;
      }
      function reveal() {
        card.classList.remove("cloze-hidden");
        hidden().forEach(function (part) { part.classList.remove("recall-folded"); });
        start.hidden = true;
        status.textContent = "";
        ratings = ratingButtons(config.grades, function (grade) {
          var record = rate(id, grade);
          ratings.remove();
          start.hidden = false;
          start.textContent = config.recall;
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

  window.StudysiteCards = {
    CARD: CARD, QUIZ: QUIZ, today: today, read: read, write: write,
    fill: fill, dateOf: dateOf, rate: rate, isDue: isDue
  };

  if (document.querySelector("[data-review]")) return;
  var body = document.body;
  setupRecall({
    recall: body.getAttribute("data-recall") || "Recall",
    show: body.getAttribute("data-recall-show") || "Show answer",
    hint: body.getAttribute("data-recall-hint") || "",
    next: body.getAttribute("data-recall-next") || "Next review: {date}",
    language: document.documentElement.lang,
    grades: (body.getAttribute("data-recall-grades") || "Again|Hard|Good|Easy").split("|")
  });
})();
