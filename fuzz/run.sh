#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 30), with corpora seeded from the
# documented examples. Needs a nightly toolchain; installs cargo-fuzz when it is missing.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
shift || true
targets=("$@")
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if [ ${#targets[@]} -eq 0 ]; then
  targets=(problem_from_slice error_code_from_str api_error_from_parts gateway_from_slice verify_response keyauth_request)
  # Every target in one build, both cores busy, rather than one build per `run`.
  cargo +nightly fuzz build --debug-assertions
fi
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
    gateway_from_slice)
      # Structured input (see the target): the gateway's bodies and principals the tests
      # write, as raw seeds.
      printf '%s' '{"meta":{"requestId":"req_1"},"error":{"code":"err:frontline:client:rate_limited","message":"Rate limit exceeded. Please try again later."}}' > "corpus/$target/gateway"
      printf '%s' '{"version":"v1","subject":"user_42","type":"API_KEY","identity":{"externalId":"user_42","meta":{"org":"acme"}},"source":{"key":{"keyId":"key_1","keySpaceId":"ks_1","name":"ci","expiresAt":1900000000000,"credits":4,"meta":{"plan":"pro","seats":3.5},"roles":["admin"],"permissions":["docs.read"]}}}' > "corpus/$target/principal"
      ;;
    verify_response)
      printf '%s' '{"meta":{"requestId":"req_1"},"data":{"valid":true,"code":"VALID","keyId":"key_1","credits":9,"expires":1900000000000,"identity":{"id":"id_1","externalId":"user_42","meta":{"plan":"pro"}},"meta":{"seats":3},"name":"ci","permissions":["docs.read"],"roles":["reader"],"ratelimits":[{"id":"rl_1","name":"requests","limit":10,"remaining":0,"reset":1700000030000,"exceeded":true,"duration":60000,"autoApply":true}]}}' > "corpus/$target/valid"
      printf '%s' '{"data":{"valid":false,"code":"RATE_LIMITED","ratelimits":[{"name":"a","limit":1,"remaining":0,"reset":18446744073709551615,"exceeded":true}]}}' > "corpus/$target/limited"
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
