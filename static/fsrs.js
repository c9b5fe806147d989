// FSRS-6 with its default parameters: when to ask a review card again.
// Days, not minutes: a card rated today is due again on a later day, as
// ts-fsrs schedules with `enable_short_term: false` and no fuzz;
// scripts/fsrs-check compares the two on random review histories.
(function (root) {
  "use strict";
  var W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
    0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542];
  var S_MIN = 0.001, S_MAX = 36500, MAX_INTERVAL = 36500, RETENTION = 0.9;
  var AGAIN = 1, HARD = 2, GOOD = 3, EASY = 4;

  function round8(x) { return Math.round(x * 1e8) / 1e8; }
  function clamp(x, low, high) { return Math.min(Math.max(x, low), high); }

  var DECAY = -W[20];
  var FACTOR = round8(Math.exp(Math.log(0.9) / DECAY) - 1);
  var MODIFIER = round8((Math.pow(RETENTION, 1 / DECAY) - 1) / FACTOR);

  // The probability of recall `days` after a review that left stability s.
  function retrievability(days, s) {
    return round8(Math.pow(1 + FACTOR * days / s, DECAY));
  }
  function initialDifficulty(grade) {
    return round8(W[4] - Math.exp((grade - 1) * W[5]) + 1);
  }
  function nextDifficulty(d, grade) {
    var next = d + round8(-W[6] * (grade - 3) * (10 - d) / 9);
    return clamp(round8(W[7] * initialDifficulty(EASY) + (1 - W[7]) * next), 1, 10);
  }
  function recallStability(d, s, r, grade) {
    var hard = grade === HARD ? W[15] : 1;
    var easy = grade === EASY ? W[16] : 1;
    return round8(clamp(s * (1 + Math.exp(W[8]) * (11 - d) * Math.pow(s, -W[9]) *
      (Math.exp((1 - r) * W[10]) - 1) * hard * easy), S_MIN, S_MAX));
  }
  function forgetStability(d, s, r) {
    return round8(clamp(W[11] * Math.pow(d, -W[12]) * (Math.pow(s + 1, W[13]) - 1) *
      Math.exp((1 - r) * W[14]), S_MIN, S_MAX));
  }
  // The memory state after rating `grade` `days` after the last review
  // (`memory` null for a card never reviewed).
  function memoryAfter(memory, days, grade) {
    if (!memory) {
      return { difficulty: clamp(initialDifficulty(grade), 1, 10), stability: Math.max(W[grade - 1], 0.1) };
    }
    var d = memory.difficulty, s = memory.stability;
    var r = retrievability(days, s);
    var stability = grade === AGAIN
      ? Math.min(Math.max(round8(s), S_MIN), forgetStability(d, s, r))
      : recallStability(d, s, r, grade);
    return { difficulty: nextDifficulty(d, grade), stability: stability };
  }
  function interval(stability) {
    return Math.min(Math.max(1, Math.round(stability * MODIFIER)), MAX_INTERVAL);
  }

  // What rating `grade` (1 Again, 2 Hard, 3 Good, 4 Easy) does to a card:
  // its new memory state and the days until it is due. The four ratings'
  // intervals keep their order (Again ≤ Hard < Good < Easy).
  function schedule(memory, days, grade) {
    var outcomes = [AGAIN, HARD, GOOD, EASY].map(function (g) {
      var next = memoryAfter(memory, days, g);
      return { difficulty: next.difficulty, stability: next.stability, interval: interval(next.stability) };
    });
    var again = outcomes[0], hard = outcomes[1], good = outcomes[2], easy = outcomes[3];
    again.interval = Math.min(again.interval, hard.interval);
    hard.interval = Math.max(hard.interval, again.interval + 1);
    good.interval = Math.max(good.interval, hard.interval + 1);
    easy.interval = Math.max(easy.interval, good.interval + 1);
    return outcomes[grade - 1];
  }

  var api = { schedule: schedule, retrievability: retrievability, AGAIN: AGAIN, HARD: HARD, GOOD: GOOD, EASY: EASY };
  root.StudysiteFSRS = api;
  if (typeof module === "object" && module.exports) { module.exports = api; }
})(typeof window !== "undefined" ? window : globalThis);
