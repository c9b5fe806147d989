// Replays random review histories through ts-fsrs (the reference FSRS
// implementation, long-term scheduling without fuzz) and through the
// site's static/fsrs.js, and fails on the first difference in difficulty,
// stability or interval.
//
//   cd scripts/fsrs-check && npm ci && node check.mjs [histories] [seed]
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { fsrs, generatorParameters, createEmptyCard } from "ts-fsrs";

const require = createRequire(import.meta.url);
const site = require(fileURLToPath(new URL("../../static/fsrs.js", import.meta.url)));

const histories = Number(process.argv[2] ?? 500);
let seed = Number(process.argv[3] ?? 20261130) >>> 0;
// xorshift32: the same histories on every run with the same seed.
function random() {
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
const pick = (n) => Math.floor(random() * n);

const reference = fsrs(generatorParameters({ enable_fuzz: false, enable_short_term: false }));
const DAY = 86400000;
const start = Date.UTC(2026, 0, 1, 12);
let reviews = 0;
for (let h = 0; h < histories; h++) {
  let card = createEmptyCard(new Date(start));
  let memory = null;
  let day = 0;
  let lastDay = 0;
  const length = 1 + pick(20);
  for (let step = 0; step < length; step++) {
    const grade = 1 + pick(4);
    const now = new Date(start + day * DAY);
    const expected = reference.next(card, now, grade).card;
    const elapsed = memory ? day - lastDay : 0;
    const got = site.schedule(memory, elapsed, grade);
    const same = Math.abs(got.difficulty - expected.difficulty) < 1e-9 &&
      Math.abs(got.stability - expected.stability) < 1e-9 &&
      got.interval === expected.scheduled_days;
    if (!same) {
      console.error(`history ${h}, review ${step} (grade ${grade}, ${elapsed} days):`);
      console.error(`  ts-fsrs:  D ${expected.difficulty} S ${expected.stability} interval ${expected.scheduled_days}`);
      console.error(`  fsrs.js:  D ${got.difficulty} S ${got.stability} interval ${got.interval}`);
      process.exit(1);
    }
    reviews++;
    card = expected;
    memory = { difficulty: got.difficulty, stability: got.stability };
    lastDay = day;
    // Reviewed early, on time or late: a day from none to twice the interval.
    day += pick(2 * got.interval + 1);
  }
}
console.log(`fsrs.js matches ts-fsrs on ${histories} histories (${reviews} reviews)`);
