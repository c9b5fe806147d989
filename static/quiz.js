// studysite quiz cards: checking answers, per-option feedback, progress
// kept in the browser, shuffled options, answers the reader reveals and
// grades, and the quiz page's score, retry, reset and chapter filter.
// Without this script every card still shows its question and options, and
// a disclosure reveals the answer. `exam.js` drives cards through two
// events: `quiz:clear` (empty the card, keep the saved progress) and
// `quiz:grade` (check it, an empty answer counting as wrong); a form with
// `data-exam` is not checked on submit.
(function () {
  "use strict";
  var PREFIX = "studysite:quiz:";
  var SEED_KEY = "studysite:quiz-seed";
  var body = document.body;

  function text(name, fallback) {
    return body.getAttribute("data-quiz-" + name) || fallback;
  }

  function load(id) {
    try { return JSON.parse(localStorage.getItem(PREFIX + id) || "null"); } catch (e) { return null; }
  }
  function save(id, record) {
    try { localStorage.setItem(PREFIX + id, JSON.stringify(record)); } catch (e) { /* storage off */ }
  }
  function forget(id) {
    try { localStorage.removeItem(PREFIX + id); } catch (e) { /* storage off */ }
  }

  // A number that stays the same for this reader, so shuffled options keep
  // their order between visits.
  function readerSeed() {
    try {
      var seed = localStorage.getItem(SEED_KEY);
      if (!seed) {
        seed = String(Math.floor(Math.random() * 4294967296));
        localStorage.setItem(SEED_KEY, seed);
      }
      return seed;
    } catch (e) {
      return "0";
    }
  }

  function hash(str) {
    var h = 2166136261;
    for (var i = 0; i < str.length; i++) {
      h ^= str.charCodeAt(i);
      h = Math.imul(h, 16777619);
    }
    return h >>> 0;
  }

  function random(seed) {
    return function () {
      seed = (seed + 0x6d2b79f5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function letter(i) { return String.fromCharCode(65 + i); }

  // `element` says `words` after a sign that screen readers skip.
  function say(element, sign, words) {
    var mark = document.createElement("span");
    mark.setAttribute("aria-hidden", "true");
    mark.textContent = sign + " ";
    element.textContent = "";
    element.appendChild(mark);
    element.appendChild(document.createTextNode(words));
  }

  // Two parts of a message: a space between them, but none after a
  // full-width stop or colon.
  function join(a, b) { return a + (/[。！？：]$/.test(a) ? "" : " ") + b; }

  function Card(form) {
    this.form = form;
    this.id = form.getAttribute("data-quiz-id");
    this.version = form.getAttribute("data-version") || "";
    this.answer = (form.getAttribute("data-answer") || "").split(" ").filter(Boolean).map(Number);
    this.list = form.querySelector(".quiz-options");
    this.result = form.querySelector(".quiz-result");
    this.explanation = form.querySelector(".quiz-explanation");
    var button = form.querySelector("button[type=submit]");
    if (button) button.hidden = false;
    if (form.hasAttribute("data-shuffle")) this.shuffle();
    var card = this;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.hasAttribute("data-exam")) card.check(true);
    });
    form.addEventListener("change", function () { card.clearMarks(); });
    form.addEventListener("quiz:clear", function () { card.reset(true); });
    form.addEventListener("quiz:grade", function () { card.check(true, true); });
    this.restore();
  }

  Card.prototype.options = function () {
    return Array.prototype.slice.call(this.list.querySelectorAll(".quiz-option"));
  };

  // The letter an option shows now (after shuffling), by original index.
  Card.prototype.shownLetter = function (index) {
    var options = this.options();
    for (var i = 0; i < options.length; i++) {
      if (Number(options[i].getAttribute("data-option")) === index) return letter(i);
    }
    return letter(index);
  };

  Card.prototype.shuffle = function () {
    var options = this.options();
    var next = random(hash(readerSeed() + "|" + this.id));
    for (var i = options.length - 1; i > 0; i--) {
      var j = Math.floor(next() * (i + 1));
      var swap = options[i]; options[i] = options[j]; options[j] = swap;
    }
    var list = this.list;
    options.forEach(function (option, i) {
      list.appendChild(option);
      option.querySelector(".quiz-letter").textContent = letter(i);
    });
    // The answer in the disclosure names the letters shown.
    var card = this;
    Array.prototype.forEach.call(this.form.querySelectorAll(".quiz-answer [data-option]"), function (span) {
      span.textContent = card.shownLetter(Number(span.getAttribute("data-option")));
    });
  };

  Card.prototype.chosen = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll(".quiz-option input:checked"))
      .map(function (input) { return Number(input.value); })
      .sort(function (a, b) { return a - b; });
  };

  Card.prototype.clearMarks = function () {
    this.form.removeAttribute("data-state");
    this.options().forEach(function (option) {
      option.removeAttribute("data-result");
      option.querySelector("input").removeAttribute("aria-describedby");
      option.querySelector(".quiz-mark").textContent = "";
      var feedback = option.querySelector(".quiz-feedback");
      if (feedback) feedback.hidden = true;
    });
    if (this.explanation) this.explanation.hidden = true;
    this.result.textContent = "";
  };

  // `force`: an empty answer is checked (as wrong) instead of refused.
  Card.prototype.check = function (byReader, force) {
    var chosen = this.chosen();
    this.clearMarks();
    if (!chosen.length && !force) {
      this.result.textContent = text("choose-first", "Choose an answer first.");
      return;
    }
    var answer = this.answer;
    var missed = answer.filter(function (i) { return chosen.indexOf(i) < 0; });
    var wrong = chosen.filter(function (i) { return answer.indexOf(i) < 0; });
    var right = !missed.length && !wrong.length;
    this.form.setAttribute("data-state", right ? "correct" : "incorrect");
    var rightLabel = text("right-option", "correct option");
    var wrongLabel = text("wrong-option", "wrong choice");
    this.options().forEach(function (option) {
      var index = Number(option.getAttribute("data-option"));
      var isAnswer = answer.indexOf(index) >= 0;
      var isChosen = chosen.indexOf(index) >= 0;
      var mark = option.querySelector(".quiz-mark");
      var described = [];
      if (isAnswer) {
        option.setAttribute("data-result", "answer");
        say(mark, "✓", rightLabel);
        described.push(mark.id);
      } else if (isChosen) {
        option.setAttribute("data-result", "wrong");
        say(mark, "✗", wrongLabel);
        described.push(mark.id);
      }
      var feedback = option.querySelector(".quiz-feedback");
      if (feedback && isChosen) {
        feedback.hidden = false;
        described.push(feedback.id);
      }
      // Each option's verdict and feedback are its input's description.
      if (described.length) option.querySelector("input").setAttribute("aria-describedby", described.join(" "));
    });
    if (this.explanation) this.explanation.hidden = false;
    var card = this;
    var separator = text("list-separator", ", ");
    var letters = function (indices) {
      return indices.map(function (i) { return card.shownLetter(i); }).join(separator);
    };
    var message = right ? text("correct", "Correct.") : text("incorrect", "Not quite.");
    if (!right && missed.length) message = join(message, join(text("missed", "Missed:"), letters(missed)));
    if (!right && wrong.length) message = join(message, join(text("wrong", "Wrong choices:"), letters(wrong)));
    say(this.result, right ? "✓" : "✗", message);
    // The explanation is read out with the result; on screen it is below.
    if (this.explanation) {
      var read = document.createElement("span");
      read.className = "visually-hidden";
      read.textContent = " " + this.explanation.textContent;
      this.result.appendChild(read);
    }
    if (byReader) save(this.id, { v: this.version, chosen: chosen, correct: right, at: Date.now() });
    this.form.dispatchEvent(new CustomEvent("quiz:checked", { bubbles: true }));
  };

  Card.prototype.restore = function () {
    var record = load(this.id);
    if (!record || record.v !== this.version || !record.chosen) return;
    var inputs = this.form.querySelectorAll(".quiz-option input");
    Array.prototype.forEach.call(inputs, function (input) {
      input.checked = record.chosen.indexOf(Number(input.value)) >= 0;
    });
    this.check(false, true);
  };

  // `keep`: the saved progress stays (an exam clears the card first).
  Card.prototype.reset = function (keep) {
    if (!keep) forget(this.id);
    Array.prototype.forEach.call(this.form.querySelectorAll(".quiz-option input"), function (input) {
      input.checked = false;
    });
    this.clearMarks();
  };

  // A card whose answer is revealed (a short answer, a program to trace):
  // the reader says whether they got it.
  function Reveal(form) {
    var card = this;
    this.form = form;
    this.id = form.getAttribute("data-quiz-id");
    this.version = form.getAttribute("data-version") || "";
    this.details = form.querySelector("details");
    this.grade = form.querySelector(".quiz-grade");
    this.buttons = Array.prototype.slice.call(this.grade.querySelectorAll("button"));
    this.result = form.querySelector(".quiz-result");
    this.details.addEventListener("toggle", function () { card.grade.hidden = !card.details.open; });
    this.buttons.forEach(function (button) {
      button.addEventListener("click", function () { card.mark(button.value === "correct", true); });
    });
    var record = load(this.id);
    if (record && record.v === this.version && typeof record.correct === "boolean") {
      this.details.open = true;
      this.mark(record.correct, false);
    }
  }

  Reveal.prototype.mark = function (right, byReader) {
    this.form.setAttribute("data-state", right ? "correct" : "incorrect");
    this.buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String((button.value === "correct") === right));
    });
    say(this.result, right ? "✓" : "✗", right ? text("correct", "Correct.") : text("incorrect", "Not quite."));
    if (byReader) save(this.id, { v: this.version, correct: right, at: Date.now() });
    this.form.dispatchEvent(new CustomEvent("quiz:checked", { bubbles: true }));
  };

  Reveal.prototype.reset = function () {
    forget(this.id);
    this.form.removeAttribute("data-state");
    this.buttons.forEach(function (button) { button.removeAttribute("aria-pressed"); });
    this.details.open = false;
    this.result.textContent = "";
  };

  var cards = Array.prototype.map.call(document.querySelectorAll("form[data-quiz-id]"), function (form) {
    return form.getAttribute("data-kind") === "reveal" ? new Reveal(form) : new Card(form);
  });

  // A printed page is a study sheet: every answer disclosure open.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.quiz-answer"), function (details) {
      return !details.open;
    });
    opened.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
  });

  // The quiz page.
  var score = document.querySelector("[data-quiz-score]");
  if (!score) return;
  var filter = document.querySelector("[data-quiz-filter]");
  var retry = document.querySelector("[data-quiz-retry]");
  var reset = document.querySelector("[data-quiz-reset]");
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-quiz-chapter]"));

  function updateScore() {
    var right = cards.filter(function (c) { return c.form.getAttribute("data-state") === "correct"; }).length;
    score.textContent = right + " / " + cards.length;
    var wrong = cards.some(function (c) { return c.form.getAttribute("data-state") === "incorrect"; });
    retry.hidden = !wrong;
  }

  function showChapter(value) {
    sections.forEach(function (section) {
      section.hidden = value !== "" && section.getAttribute("data-quiz-chapter") !== value;
    });
    cards.forEach(function (card) { card.form.hidden = false; });
  }

  document.addEventListener("quiz:checked", updateScore);
  if (filter) filter.addEventListener("change", function () { showChapter(filter.value); });
  retry.addEventListener("click", function () {
    cards.forEach(function (card) {
      if (card.form.getAttribute("data-state") === "incorrect") {
        card.reset();
        card.form.hidden = false;
      } else {
        card.form.hidden = true;
      }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("form[data-quiz-id]:not([hidden])");
    });
    updateScore();
    var first = document.querySelector("form[data-quiz-id]:not([hidden])");
    if (first) first.scrollIntoView({ block: "start" });
  });
  reset.hidden = false;
  reset.addEventListener("click", function () {
    cards.forEach(function (card) { card.reset(); });
    if (filter) filter.value = "";
    showChapter("");
    updateScore();
  });
  updateScore();
})();
