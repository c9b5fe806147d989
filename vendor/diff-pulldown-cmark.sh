#!/usr/bin/env bash
# Shows how vendor/pulldown-cmark differs from the crates.io release of the
# same version: fetches that release with cargo and prints `diff -ruN`
# (release first, fork second). Exits 0 whether or not they differ.
#
#   vendor/diff-pulldown-cmark.sh            # from anywhere in the repository
set -euo pipefail

fork="$(cd "$(dirname "${BASH_SOURCE[0]}")/pulldown-cmark" && pwd)"
# The `version` of the [package] table.
version="$(awk '
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && /^version *=/ { gsub(/^version *= *"|".*$/, ""); print; exit }
' "$fork/Cargo.toml")"
if [[ -z "$version" ]]; then
    echo "no version in $fork/Cargo.toml" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A throwaway crate that depends on exactly that release; cargo downloads it
# and `cargo metadata` says where its source was unpacked.
cargo new --quiet --lib --vcs none --name probe "$work/probe"
cd "$work/probe"
cargo add --quiet "pulldown-cmark@=$version" >&2
cargo fetch --quiet >&2
release="$(
    cargo metadata --format-version 1 --offline |
        python3 -c '
import json, os, sys
meta = json.load(sys.stdin)
version = sys.argv[1]
for pkg in meta["packages"]:
    if pkg["name"] == "pulldown-cmark" and pkg["version"] == version and pkg["source"]:
        print(os.path.dirname(pkg["manifest_path"]))
        break
' "$version"
)"
if [[ -z "$release" || ! -d "$release" ]]; then
    echo "could not locate the pulldown-cmark $version source" >&2
    exit 2
fi

echo "# diff -ruN crates.io pulldown-cmark $version ($release) vendor/pulldown-cmark" >&2
status=0
diff -ruN \
    --exclude=.cargo_vcs_info.json \
    --exclude=.cargo-ok \
    --exclude=Cargo.toml.orig \
    --exclude=Cargo.lock \
    --exclude=target \
    "$release" "$fork" || status=$?
# diff exits 1 when the trees differ, which is expected; 2 is a real error.
if [[ $status -gt 1 ]]; then
    exit "$status"
fi
exit 0
