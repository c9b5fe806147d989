// studysite exam mode, on the quiz page: a number of questions drawn at
// random from the chapters the reader chooses, an optional time limit, and
// no feedback until the reader hands in; then the score, every answer with
// its explanation, and the missed questions in "retry". The cards are the
// quiz page's own, moved into the exam and back; `quiz.js` checks them
// (see its `quiz:clear` and `quiz:grade` events) and keeps the progress.
(function () {
  "use strict";
  var open = document.querySelector("[data-exam-open]");
  var setup = document.querySelector("[data-exam-setup]");
  var exam = document.querySelector("[data-exam]");
  if (!open || !setup || !exam || typeof setup.showModal !== "function") return;
  var form = setup.querySelector("form");
  var error = setup.querySelector("[data-exam-error]");
  var list = exam.querySelector("[data-exam-questions]");
  var progress = exam.querySelector("[data-exam-progress]");
  var timer = exam.querySelector("[data-exam-timer]");
  var status = exam.querySelector("[data-exam-status]");
  var finish = exam.querySelector("[data-exam-finish]");
  var leave = exam.querySelector("[data-exam-leave]");
  var title = exam.querySelector("#exam-title");
  var toolbar = document.querySelector("[data-quiz-toolbar]");
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-quiz-chapter]"));

  // The cards in the exam, each with the node that marks its place on the page.
  var drawn = [];
  var hiddenBefore = [];
  var deadline = 0;
  var tick = 0;
  var warned = false;

  function words(name) { return exam.getAttribute("data-" + name) || ""; }

  function shuffle(items) {
    for (var i = items.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = items[i]; items[i] = items[j]; items[j] = swap;
    }
    return items;
  }

  function pool(chapters) {
    var cards = [];
    chapters.forEach(function (chapter) {
      var section = document.querySelector('[data-quiz-chapter="' + chapter + '"]');
      if (!section) return;
      Array.prototype.forEach.call(section.querySelectorAll('form[data-quiz-id]:not([data-kind="reveal"])'), function (card) {
        cards.push(card);
      });
    });
    return cards;
  }

  function showProgress() {
    var answered = drawn.filter(function (entry) {
      return entry.card.querySelector(".quiz-option input:checked");
    }).length;
    progress.textContent = answered + " / " + drawn.length + " " + words("answered");
  }

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function showTime() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    timer.textContent = words("time-left") + " " + clock(left);
    if (left <= 60 && !warned) {
      warned = true;
      status.textContent = words("one-minute");
    }
    if (left === 0) end(true);
  }

  function start(chapters, count, minutes) {
    var cards = shuffle(pool(chapters)).slice(0, count);
    drawn = cards.map(function (card) {
      var place = document.createComment("exam");
      card.parentNode.insertBefore(place, card);
      card.dispatchEvent(new CustomEvent("quiz:clear"));
      card.setAttribute("data-exam", "");
      card.hidden = false;
      var item = document.createElement("li");
      item.appendChild(card);
      list.appendChild(item);
      return { card: card, place: place };
    });
    hiddenBefore = sections.map(function (section) { return section.hidden; });
    sections.forEach(function (section) { section.hidden = true; });
    toolbar.hidden = true;
    exam.hidden = false;
    finish.hidden = false;
    leave.hidden = true;
    status.textContent = "";
    // A limit of a minute or less needs no warning that one is left.
    warned = minutes <= 1;
    showProgress();
    timer.hidden = !minutes;
    if (minutes) {
      deadline = Date.now() + minutes * 60000;
      showTime();
      tick = window.setInterval(showTime, 1000);
    }
    window.scrollTo(0, 0);
    title.focus();
  }

  function end(timeUp) {
    window.clearInterval(tick);
    tick = 0;
    timer.hidden = true;
    finish.hidden = true;
    leave.hidden = false;
    var right = 0;
    drawn.forEach(function (entry) {
      entry.card.removeAttribute("data-exam");
      entry.card.dispatchEvent(new CustomEvent("quiz:grade"));
      if (entry.card.getAttribute("data-state") === "correct") right++;
      // The result is a record of the exam: it cannot be answered again here.
      entry.card.querySelector("fieldset").disabled = true;
    });
    var percent = Math.round((100 * right) / drawn.length);
    var score = words("score").replace("{score}", right + " / " + drawn.length + " (" + percent + "%)");
    status.textContent = timeUp ? words("times-up") + " " + score : score;
    exam.setAttribute("data-exam-done", "");
    title.focus();
  }

  function close() {
    drawn.forEach(function (entry) {
      entry.card.querySelector("fieldset").disabled = false;
      entry.place.parentNode.replaceChild(entry.card, entry.place);
    });
    drawn = [];
    list.textContent = "";
    sections.forEach(function (section, i) { section.hidden = hiddenBefore[i]; });
    toolbar.hidden = false;
    exam.hidden = true;
    exam.removeAttribute("data-exam-done");
    open.focus();
  }

  var count = form.elements.count;
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=chapter]"));

  // At most as many questions as the chosen chapters hold.
  function limitCount() {
    var available = boxes.reduce(function (sum, box) {
      return sum + (box.checked ? Number(box.getAttribute("data-items")) : 0);
    }, 0);
    count.max = String(Math.max(1, available));
    if (Number(count.value) > available && available > 0) count.value = String(available);
  }

  open.hidden = false;
  open.addEventListener("click", function () {
    if (drawn.length) return;
    error.textContent = "";
    setup.showModal();
  });
  boxes.forEach(function (box) { box.addEventListener("change", limitCount); });
  setup.addEventListener("close", function () {
    if (setup.returnValue !== "start") return;
    var chapters = boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    if (!pool(chapters).length) {
      error.textContent = error.getAttribute("data-none") || "";
      setup.showModal();
      return;
    }
    var asked = Math.max(1, parseInt(count.value, 10) || 1);
    var minutes = Math.max(0, parseInt(form.elements.minutes.value, 10) || 0);
    start(chapters, asked, minutes);
  });
  list.addEventListener("change", showProgress);
  finish.addEventListener("click", function () { end(false); });
  leave.addEventListener("click", close);
})();
