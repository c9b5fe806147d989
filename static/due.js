// How many review cards are due today, from what cards.js saved, beside
// the header's review link, the home page's and each chapter with cards in
// the sidebar: loaded on every page of a book with cards. A card never
// reviewed is due; so is a quiz item answered wrong since it was last
// reviewed (`data-with-quiz`).
(function () {
  "use strict";
  function setupDueCards() {
    var marked = document.querySelectorAll("[data-cards]");
    if (!marked.length) return;
    var now = new Date();
    var today = Math.floor((now.getTime() - now.getTimezoneOffset() * 60000) / 86400000);
    var cards = {}, quizzes = {};
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key.indexOf("studysite:card:") === 0) cards[key.slice(15)] = JSON.parse(localStorage.getItem(key));
        else if (key.indexOf("studysite:quiz:") === 0) quizzes[key.slice(15)] = JSON.parse(localStorage.getItem(key));
      }
    } catch (e) { return; }
    var quizDue = 0;
    Object.keys(quizzes).forEach(function (id) {
      var answer = quizzes[id], card = cards["quiz:" + id];
      if ((answer && answer.correct === false && (!card || (answer.at || 0) > card.at)) || (card && card.due <= today)) quizDue += 1;
    });
    var label = document.body.getAttribute("data-due") || "Due today";
    Array.prototype.forEach.call(marked, function (element) {
      var prefix = element.getAttribute("data-card-prefix") || "";
      var waiting = 0;
      Object.keys(cards).forEach(function (id) {
        if (id.indexOf(prefix) === 0 && id.indexOf("quiz:") !== 0 && cards[id] && cards[id].due > today) waiting += 1;
      });
      var due = Math.max(0, Number(element.getAttribute("data-cards")) - waiting);
      if (element.hasAttribute("data-with-quiz")) due += quizDue;
      if (!due) return;
      var badge = document.createElement("span");
      badge.className = "due-badge";
      badge.setAttribute("data-due-count", String(due));
      badge.textContent = String(due);
      badge.title = label + ": " + due;
      element.appendChild(document.createTextNode(" "));
      element.appendChild(badge);
    });
  }

  setupDueCards();
})();
