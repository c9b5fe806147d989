#!/usr/bin/env bash
# Times whole-process builds of the same book by studysite and, where they
# are installed, mdBook (`cargo install mdbook`) and Hugo (`apt-get install
# hugo`), with hyperfine; prints median wall time, CPU time and peak memory.
#
#   bench/compare.sh BOOK_MARKDOWN_FOLDER [RUNS]
#
# e.g. bench/compare.sh ../shared/corpora/rust-book
#      python3 ../shared/corpora/make-scale.py 1000 /tmp/b1k && bench/compare.sh /tmp/b1k/notes
# Needs a release build (cargo build --release) and hyperfine.
set -euo pipefail
source_dir=$(cd "$1" && pwd)
runs=${2:-5}
studysite=$(cd "$(dirname "$0")/.." && pwd)/target/release/studysite
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# studysite: the folder is the notes of a site.
mkdir -p "$work/studysite"
cp -r "$source_dir" "$work/studysite/notes"

# mdBook: the same files with a SUMMARY.md listing every note.
mkdir -p "$work/mdbook"
cp -r "$source_dir" "$work/mdbook/src"
printf '[book]\ntitle = "Benchmark"\n' > "$work/mdbook/book.toml"
(cd "$work/mdbook/src" && find . -name '*.md' ! -name SUMMARY.md | sort -V |
  sed 's|^\./||' | while read -r f; do printf -- '- [%s](%s)\n' "$f" "$f"; done) > "$work/mdbook/src/SUMMARY.md"

# Hugo: the same files as content, with a minimal layout that lists every
# page on every page (as a sidebar does) and highlights code at build time.
mkdir -p "$work/hugo/layouts/_default"
cp -r "$source_dir" "$work/hugo/content"
# Hugo reads a file that starts with HTML as an HTML document: give every
# note front matter with its title.
find "$work/hugo/content" -name '*.md' | while read -r f; do
  { printf -- '---\ntitle: "%s"\n---\n' "$(basename "$f" .md)"; cat "$f"; } > "$f.tmp" && mv "$f.tmp" "$f"
done
printf 'baseURL = "/"\ntitle = "Benchmark"\n[markup.highlight]\nnoClasses = false\n' > "$work/hugo/hugo.toml"
cat > "$work/hugo/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>
<nav>{{ range .Site.RegularPages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ .Content }}</main></body></html>
HTML
cp "$work/hugo/layouts/_default/single.html" "$work/hugo/layouts/_default/list.html"

# Each entry: a name, a command, and what to run before each timed run.
# studysite is timed twice: a first build (its highlighting cache removed
# before each run) and a build again (the cache kept, as when an author
# builds after an edit).
names=(studysite-first studysite-again)
cmds=("$studysite build $work/studysite -o $work/studysite/out -q" "$studysite build $work/studysite -o $work/studysite/out -q")
prepares=("rm -rf $work/studysite/.studysite-cache" "true")
if command -v mdbook >/dev/null; then
  names+=(mdbook); cmds+=("mdbook build $work/mdbook -d $work/mdbook/out"); prepares+=(true)
fi
if command -v hugo >/dev/null; then
  names+=(hugo); cmds+=("hugo --quiet -s $work/hugo -d $work/hugo/out"); prepares+=(true)
fi
args=()
for i in "${!names[@]}"; do
  args+=(-n "${names[$i]}" --prepare "${prepares[$i]}" "${cmds[$i]}")
done
hyperfine --warmup 1 --runs "$runs" --export-json "$work/times.json" "${args[@]}" >/dev/null 2>&1

echo "| tool | median wall | CPU (user + system) | peak memory |"
echo "| --- | --- | --- | --- |"
python3 - "$work/times.json" <<'PY' > "$work/rows"
import json, sys, statistics
for r in json.load(open(sys.argv[1]))["results"]:
    cpu = [u + s for u, s in zip(r["user"] if isinstance(r["user"], list) else [r["user"]], r["system"] if isinstance(r["system"], list) else [r["system"]])]
    print(r["command"], statistics.median(r["times"]), r["user"] + r["system"] if not isinstance(r["user"], list) else statistics.median(cpu))
PY
i=0
while read -r name wall cpu; do
  sh -c "${prepares[$i]}"
  peak=$( { /usr/bin/time -v sh -c "${cmds[$i]}" >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {print int($2/1024)}')
  printf '| %s | %.2f s | %.2f s | %s MiB |\n' "$name" "$wall" "$cpu" "$peak"
  i=$((i + 1))
done < "$work/rows"
