// Every formula of formulas.jsonl that KaTeX renders must render in
// studysite too. Run from this folder after `npm install`:
//
//     node compare.mjs [path/to/studysite]
//
// It writes a book of the formulas KaTeX accepts into a temporary folder,
// checks it with `studysite check`, and lists every formula studysite
// cannot render.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import katex from "katex";

const studysite = process.argv[2] || "../../target/release/studysite";
const formulas = readFileSync("formulas.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const accepted = formulas.filter(({ tex, display }) => {
  try {
    katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "mathml" });
    return true;
  } catch {
    return false;
  }
});

// One formula to a paragraph; the note's line of each is remembered.
const lines = ["# Formulas", ""];
const atLine = new Map();
for (const formula of accepted) {
  atLine.set(lines.length + 1, formula);
  if (formula.display) {
    lines.push("$$", ...formula.tex.split("\n"), "$$", "");
  } else {
    lines.push(`$${formula.tex}$`, "");
  }
}
const site = mkdtempSync(join(tmpdir(), "katex-compare-"));
mkdirSync(join(site, "notes"));
writeFileSync(join(site, "notes", "formulas.md"), lines.join("\n"));
// `check` reports every problem as a line of JSON, without writing a site.
const checked = spawnSync(studysite, ["check", site, "--format", "json"], { encoding: "utf8" });
if (checked.error) throw checked.error;
const problems = (checked.stdout + checked.stderr)
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line))
  .filter((problem) => problem.message.includes("formula cannot be rendered"));
const failed = problems.map((problem) => {
  const start = [...atLine.keys()].filter((line) => line <= problem.line).pop();
  return { reason: problem.message, formula: atLine.get(start) };
});
console.log(`${formulas.length} formulas; KaTeX renders ${accepted.length}; studysite renders ${accepted.length - failed.length} of them.`);
for (const { reason, formula } of failed) {
  console.log(`  ${formula.display ? "$$" : "$"}${formula.tex}  (${reason})`);
}
process.exitCode = failed.length ? 1 : 0;
