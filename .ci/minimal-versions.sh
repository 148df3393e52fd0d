#!/usr/bin/env bash
# The library's declared lower bounds build: with every direct dependency at the oldest version
# its requirement allows (cargo's -Z direct-minimal-versions, nightly), every feature checks.
# Run on a copy of the library alone (no other member, no dev-dependency, no example), so that
# only what users depend on is held to its floor.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
git ls-files -z | tar --null -T - -c | tar -x -C "$copy"
python3 - "$copy/Cargo.toml" "$copy/derive/Cargo.toml" <<'PY'
import re
import sys

for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"\n\[dev-dependencies\]\n(?:(?!\n\[).)*", "\n", text, flags=re.S)
    text = re.sub(r"\n\[\[example\]\]\n(?:(?!\n\[).)*", "\n", text, flags=re.S)
    text = re.sub(r"members = \[[^\]]*\]", "members = []", text)
    text = re.sub(r"default-members = \[[^\]]*\]", 'default-members = ["."]', text)
    open(path, "w", encoding="utf-8").write(text)
PY
cd "$copy"
cargo +nightly update -Z direct-minimal-versions --quiet
CARGO_TARGET_DIR="$root/target/minimal-versions" \
  cargo +nightly check --quiet -p unkey-errors --all-features --lib
echo "the library builds with every direct dependency at its declared minimum"
