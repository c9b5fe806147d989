#!/usr/bin/env bash
# Measures how long `studysite serve` takes from a saved edit to reloaded
# pages, as the server reports it (from the file system event to the new
# build being served), on a copy of a book.
#
#   bench/serve-latency.sh BOOK NOTE [EDITS]
#
# BOOK is a site folder (holding notes/), NOTE a note inside it to edit.
# Needs a release build: cargo build --release.
set -euo pipefail
book=$1 note=$2 edits=${3:-7}
bin=$(cd "$(dirname "$0")/.." && pwd)/target/release/studysite
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$book"/. "$work"/
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve "$work" --port "$port" > "$work/.log" 2>/dev/null &
server=$!
until grep -q "Serving at" "$work/.log" 2>/dev/null; do sleep 0.2; done
for i in $(seq "$edits"); do
  printf '\nEdit %s.\n' "$i" >> "$work/$note"
  sleep 1.5
done
grep -o 'pages reload [0-9]* ms' "$work/.log" | grep -o '[0-9]*' | sort -n > "$work/.times"
count=$(wc -l < "$work/.times")
median=$(sed -n "$(( (count + 1) / 2 ))p" "$work/.times")
echo "$(basename "$book"): $count edits of $note, edit to reload: median ${median} ms (min $(head -1 "$work/.times"), max $(tail -1 "$work/.times"))"
