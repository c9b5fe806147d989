#!/usr/bin/env bash
# Peak memory and wall time of builds that once took gigabytes: many tiny
# notes (in folders of 1,000) at N and 2N, and one big note near the
# 16 MB limit at half and full size. Memory must follow the book, not the
# site written (every page repeats the navigation).
#
#   bench/memory.sh            # needs a release build (cargo build --release)
set -euo pipefail
studysite=$(cd "$(dirname "$0")/.." && pwd)/target/release/studysite
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tiny() { # site n
  python3 - "$1" "$2" <<'PY'
import os, sys
site, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    folder = os.path.join(site, "notes", "p%02d" % (i // 1000))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "n%05d.md" % i), "w") as note:
        note.write("# Note %d\n\nA tiny note number %d.\n" % (i, i))
PY
}

big() { # site megabytes
  mkdir -p "$1/notes"
  python3 - "$1/notes/big.md" "$2" <<'PY'
import sys
path, megabytes = sys.argv[1], float(sys.argv[2])
paragraph = "A paragraph of a long note, with **bold** and `code`, 中文的句子也在这里。\n\n"
with open(path, "w") as note:
    note.write("# Big\n\n")
    written, n = 0, 0
    while written < megabytes * 1000 * 1000:
        chunk = "## Section %d\n\n%s" % (n, paragraph * 20)
        note.write(chunk)
        written += len(chunk.encode())
        n += 1
PY
}

measure() { # label site
  /usr/bin/time -f '%e %M' -o "$work/time" "$studysite" build "$2" --quiet > /dev/null 2>&1
  read -r seconds kilobytes < "$work/time"
  printf '%-22s %8s s %8d MiB  output %s\n' "$1" "$seconds" "$((kilobytes / 1024))" \
    "$(du -sh "$2/public" | cut -f1)"
}

for n in 25000 50000; do
  tiny "$work/tiny-$n" "$n"
  measure "$n tiny notes" "$work/tiny-$n"
  rm -rf "$work/tiny-$n"
done
for megabytes in 7.5 15; do
  big "$work/big-$megabytes" "$megabytes"
  measure "one $megabytes MB note" "$work/big-$megabytes"
done
