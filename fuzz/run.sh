#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 30), with corpora seeded from the
# documented examples. Needs a nightly toolchain; installs cargo-fuzz when it is missing.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(problem_from_slice error_code_from_str api_error_from_parts)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  case "$target" in
    error_code_from_str)
      python3 - "corpus/$target" <<'PY'
import json, sys, os
rows = json.load(open("../tests/data/unkey-error-codes.json"))
for i, r in enumerate(rows):
    for j, form in enumerate([r["path"], r["urn"], r["type_url_documented"], r["docs_url_current"]]):
        open(os.path.join(sys.argv[1], f"seed-{i}-{j}"), "w").write(form)
PY
      ;;
    api_error_from_parts)
      # Structured input (see the target): the documented bodies as raw seeds; libFuzzer
      # finds the structure from there.
      for file in ../tests/data/examples/current/*.json; do
        cp "$file" "corpus/$target/$(basename "$file")"
      done ;;
    *)
      for era in errors-v2 current; do
        for file in ../tests/data/examples/$era/*.json; do
          cp "$file" "corpus/$target/$era-$(basename "$file")"
        done
      done ;;
  esac
  echo "== fuzzing $target for ${seconds}s"
  cargo +nightly fuzz run --debug-assertions "$target" "corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 2>&1 | tail -n "${FUZZ_LOG_LINES:-12}"
done
