// How many review cards are due today, from what cards.js saved, beside
// the header's review link, the home page's and each chapter with cards in
// the sidebar: loaded on every page of a book with cards, and counted again
// whenever a card is rated or progress imported (`studysite:progress`). A
// card never reviewed is due; so is a quiz item answered wrong since it
// was last reviewed as a card (all of them where `data-with-quiz`, a
// chapter's own where `data-quiz-keys`).
(function () {
  "use strict";
  var body = document.body;
  var template = body.getAttribute("data-due-count") || "{n} due today";

  function records() {
    var cards = {}, quizzes = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf("studysite:card:") === 0) cards[key.slice(15)] = JSON.parse(localStorage.getItem(key));
        else if (key.indexOf("studysite:quiz:") === 0) quizzes[key.slice(15)] = JSON.parse(localStorage.getItem(key));
      }
    } catch (e) { return null; }
    return { cards: cards, quizzes: quizzes };
  }

  // Today as a day number of the reader's own calendar.
  function today() {
    var now = new Date();
    return Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
  }
  // Whether a card with schedule `card` (null: never reviewed) is due on `day`.
  function cardIsDue(card, day) {
    return !card || card.due <= day;
  }
  // Whether a quiz item is due: answered wrong (`answer`) since its last
  // review as a card (`card`), or due as a card.
  function quizIsDue(answer, card, day) {
    return (!!answer && answer.correct === false && (!card || (answer.at || 0) > card.at)) ||
      (!!card && card.due <= day);
  }
  window.StudysiteDue = { today: today, cardIsDue: cardIsDue, quizIsDue: quizIsDue };

  // The card ids the review page last saw (review.js), when this book's
  // review page has been opened: schedules of other ids are left out.
  function knownIds() {
    var link = document.querySelector("a[href$='review.html']");
    if (!link) return null;
    try {
      var ids = JSON.parse(localStorage.getItem("studysite:card-ids:" + link.href.split(/[?#]/)[0]) || "null");
      if (!Array.isArray(ids)) return null;
      var known = {};
      ids.forEach(function (id) { known[id] = true; });
      return known;
    } catch (e) { return null; }
  }

  function count() {
    var marked = document.querySelectorAll("[data-cards]");
    var stored = records();
    if (!marked.length || !stored) return;
    var known = knownIds();
    var day = today();
    Array.prototype.forEach.call(marked, function (element) {
      var old = element.querySelector(".due-badge");
      if (old) old.remove();
      var prefix = element.getAttribute("data-card-prefix") || "";
      var waiting = 0;
      Object.keys(stored.cards).forEach(function (id) {
        var card = stored.cards[id];
        if (id.indexOf(prefix) === 0 && id.indexOf("quiz:") !== 0 && card && !cardIsDue(card, day) &&
          (!known || known[id])) waiting += 1;
      });
      var due = Math.max(0, Number(element.getAttribute("data-cards")) - waiting);
      var quizIds = element.hasAttribute("data-with-quiz")
        ? Object.keys(stored.quizzes)
        : (element.getAttribute("data-quiz-keys") || "").split(" ").filter(Boolean).map(function (key) {
          return key.slice(0, key.lastIndexOf("|"));
        });
      quizIds.forEach(function (id) {
        if (quizIsDue(stored.quizzes[id], stored.cards["quiz:" + id], day)) due += 1;
      });
      if (!due && !element.hasAttribute("data-show-zero")) return;
      var text = template.replace("{n}", due);
      var badge = document.createElement("span");
      badge.className = "due-badge";
      badge.title = text;
      var number = document.createElement("span");
      number.setAttribute("aria-hidden", "true");
      number.textContent = String(due);
      var spoken = document.createElement("span");
      spoken.className = "visually-hidden";
      spoken.textContent = " " + text;
      badge.appendChild(number);
      badge.appendChild(spoken);
      element.appendChild(badge);
    });
  }

  document.addEventListener("studysite:progress", count);
  count();
})();
