#!/usr/bin/env bash
# Builds the pages that BENCHMARKS.md scores (the sample book's home page,
# a chapter with quizzes, the quiz page, a chapter with review cards, the
# review page and the 404 page; the Markdown
# fixture's every-feature chapter; the book fixture's part page) and runs
# Lighthouse on each, on a phone and on a desktop. STUDYSITE names the
# binary (default: a release build).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${STUDYSITE:-}" ]; then
  cargo build --release -q
  STUDYSITE=target/release/studysite
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$STUDYSITE" build . -o "$work/sample" >/dev/null
cp -r tests/fixtures/markdown "$work/markdown"
# The fixture links a missing image on purpose (to test the warning); a
# published page would not.
sed -i '/missing\.png/d' "$work/markdown/notes/all.md"
"$STUDYSITE" build "$work/markdown" >/dev/null 2>&1
cp -r tests/fixtures/book "$work/book"
"$STUDYSITE" build "$work/book" >/dev/null 2>&1

npm install --prefix scripts/lighthouse --no-audit --no-fund >/dev/null
status=0
node scripts/lighthouse/run.mjs "$work/sample" index.html 01-intro.html quiz.html 03-review.html review.html 404.html || status=1
node scripts/lighthouse/run.mjs "$work/markdown/public" all.html || status=1
node scripts/lighthouse/run.mjs "$work/book/public" guide/index.html || status=1
exit $status
