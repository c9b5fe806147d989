// studysite's review page: the cards due today, one at a time (Space shows
// the answer, 1-4 rate it), quiz items answered wrong among them, and the
// export and import of a reader's progress. Without this script the page
// lists every card with its answer.
(function () {
  "use strict";
  var api = window.StudysiteCards;
  var page = document.querySelector("[data-review]");
  if (!api || !page || !page.querySelector("[data-reviewer]")) return;
  var CARD = api.CARD, QUIZ = api.QUIZ;
  var today = api.today, read = api.read, write = api.write;
  var fill = api.fill, dateOf = api.dateOf, rate = api.rate, isDue = api.isDue;

  function setupReview(page) {
    var all = page.querySelector("[data-review-all]");
    var reviewer = page.querySelector("[data-reviewer]");
    var question = page.querySelector("[data-review-question]");
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
    // The book's card ids as of this build, for due.js to count only
    // schedules of cards that still exist (a reworded question is a new
    // card); keyed by this page's address, as several books may share an
    // origin (pages opened from disk).
    write("studysite:card-ids:" + location.href.split(/[?#]/)[0], cards.map(function (card) { return card.id; }));

    // The day the next card of the chosen chapter (or any) is due.
    function nextDay() {
      var soonest = null;
      var chosen = filter.value;
      cards.forEach(function (card) {
        if (chosen && card.chapter !== chosen) return;
        var record = read(CARD + card.id);
        if (record && record.due > today() && (soonest === null || record.due < soonest)) soonest = record.due;
      });
      return soonest;
    }
    function updateCount() {
      count.textContent = fill(page.getAttribute("data-progress"), { done: done, left: queue.length });
    }
    function finish(moveFocus) {
      reviewer.hidden = true;
      var day = nextDay();
      var date = day === null ? null : dateOf(day, language);
      if (done > 0 && filter.value) {
        finished.textContent = page.getAttribute("data-chapter-done");
      } else if (date) {
        finished.textContent = fill(page.getAttribute(done > 0 ? "data-next" : "data-nothing-due"), { date: date });
      } else {
        finished.textContent = page.getAttribute("data-done");
      }
      finished.hidden = false;
      updateCount();
      if (moveFocus) finished.focus();
    }
    // Shows the first card of the queue; the focus follows it only when the
    // reader is reviewing (not on arriving, choosing a chapter or importing).
    function showCard(moveFocus) {
      current = queue[0];
      if (!current) { finish(moveFocus); return; }
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
      if (moveFocus) question.focus();
    }
    // Shows the answer and reads it out, from its start however long it is;
    // the ratings follow it in the tab order.
    function reveal() {
      if (!current || !back.hidden) return;
      back.hidden = false;
      show.hidden = true;
      ratings.hidden = false;
      back.focus({ preventScroll: true });
      if (back.getBoundingClientRect().top < 0 || back.getBoundingClientRect().top > window.innerHeight * 0.6) {
        back.scrollIntoView({ block: "start" });
      }
    }
    function rateCurrent(grade) {
      if (!current || back.hidden) return;
      rate(current.id, grade);
      queue.shift();
      // Again: asked once more before the session ends, as Anki does.
      if (grade === 1) queue.push(current);
      done += 1;
      showCard(true);
    }
    function start(moveFocus) {
      var day = today();
      var chosen = filter.value;
      queue = cards.filter(function (card) {
        return (!chosen || card.chapter === chosen) && isDue(card.id, card.quiz, day);
      });
      done = 0;
      showCard(moveFocus);
    }

    show.addEventListener("click", reveal);
    Array.prototype.forEach.call(ratings.querySelectorAll("[data-grade]"), function (button) {
      button.addEventListener("click", function () { rateCurrent(Number(button.getAttribute("data-grade"))); });
    });
    filter.addEventListener("change", function () { start(false); });
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
    setupTransfer(page, function () { start(false); });
    start(false);
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
      status.textContent = fill(page.getAttribute("data-exported"), { n: Object.keys(file.entries).length });
    });
    var input = box.querySelector("[data-review-import]");
    input.addEventListener("change", function () {
      var chosen = input.files && input.files[0];
      if (!chosen) return;
      var reader = new FileReader();
      reader.onload = function () {
        var imported = 0, kept = 0, file;
        try { file = JSON.parse(reader.result); } catch (e) { file = null; }
        input.value = "";
        if (!file || file.format !== "studysite-progress" || typeof file.entries !== "object" || file.entries === null) {
          status.textContent = page.getAttribute("data-import-failed");
          return;
        }
        Object.keys(file.entries).forEach(function (key) {
          if (key.indexOf(CARD) !== 0 && key.indexOf(QUIZ) !== 0) return;
          var incoming = file.entries[key];
          if (!incoming || typeof incoming !== "object") return;
          var here = read(key);
          // Progress here that is the same or newer is never overwritten.
          if (here && (here.at || 0) >= (incoming.at || 0)) { kept += 1; return; }
          write(key, incoming);
          imported += 1;
        });
        status.textContent = fill(page.getAttribute("data-imported"), { "new": imported, kept: kept });
        document.dispatchEvent(new CustomEvent("studysite:progress"));
        onImported();
      };
      reader.readAsText(chosen);
    });
  }

  setupReview(page);
})();
