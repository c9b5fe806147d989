#!/usr/bin/env bash
# Times builds of hostile notes at one size and at twice that size: the
# time must roughly double, not quadruple. Each case is one note:
#   headings   N equal `## Same` headings (ids same, same-1, …)
#   footnotes  N footnotes, each referenced once
#   options    a quiz with N options
#   braces     a formula of N nested braces (refused beyond 100 levels)
#   divs       N unclosed `<div>` lines of raw HTML
#
#   bench/linear.sh            # needs a release build (cargo build --release)
set -euo pipefail
studysite=$(cd "$(dirname "$0")/.." && pwd)/target/release/studysite
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

note() { # case n
  case "$1" in
    headings) printf '# T\n\n'; for ((i = 0; i < $2; i++)); do printf '## Same\n\n'; done ;;
    footnotes) printf '# T\n\n'
      for ((i = 0; i < $2; i++)); do printf 'text[^%d]\n\n' "$i"; done
      for ((i = 0; i < $2; i++)); do printf '[^%d]: note %d\n' "$i" "$i"; done ;;
    options) printf '# T\n\n```quiz\nQ?\n\n- [x] option 0\n'
      for ((i = 1; i < $2; i++)); do printf -- '- [ ] option %d\n' "$i"; done; printf '```\n' ;;
    braces) printf '# T\n\n$$\n'; head -c "$2" /dev/zero | tr '\0' '{'; printf x
      head -c "$2" /dev/zero | tr '\0' '}'; printf '\n$$\n' ;;
    divs) printf '# T\n\n'; for ((i = 0; i < $2; i++)); do printf '<div>\n\n'; done ;;
  esac
}

printf '%-10s %8s %9s %8s %9s %6s\n' case n time 2n time ratio
for spec in headings:40000 footnotes:100000 options:20000 braces:20000 divs:50000; do
  name=${spec%%:*}; n=${spec##*:}
  times=()
  for size in "$n" "$((2 * n))"; do
    site="$work/$name-$size"
    mkdir -p "$site/notes"
    note "$name" "$size" > "$site/notes/a.md"
    start=$(date +%s.%N)
    "$studysite" build "$site" --quiet > /dev/null 2>&1 || true
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  ratio=$(echo "scale=2; ${times[1]} / ${times[0]}" | bc)
  printf '%-10s %8d %8.2fs %8d %8.2fs %6s\n' "$name" "$n" "${times[0]}" "$((2 * n))" "${times[1]}" "$ratio"
done
