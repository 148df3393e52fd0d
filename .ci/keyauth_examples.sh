#!/usr/bin/env bash
# Runs unkey-keyauth's two examples against a stand-in of keys.verifyKey
# (.ci/verify_standin.py) and checks what /whoami answers a valid key, a denied key and none.
set -euo pipefail
cd "$(dirname "$0")/.."
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
get() { python3 - "$@" <<'PY'
import sys, urllib.request, urllib.error
request = urllib.request.Request(sys.argv[1], headers={"accept": "application/json", **({"authorization": sys.argv[2]} if len(sys.argv) > 2 else {})})
try:
    with urllib.request.urlopen(request) as response:
        print(response.status, response.read().decode())
except urllib.error.HTTPError as err:
    print(err.code, err.read().decode())
PY
}
standin_port=$(free_port)
python3 .ci/verify_standin.py "$standin_port" &
standin=$!
pids=("$standin")
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for example in axum actix; do
  feature=$([ "$example" = actix ] && echo actix-web || echo axum)
  cargo build --quiet -p unkey-keyauth --example "$example" --features "$feature"
  port=$(free_port)
  UNKEY_ROOT_KEY=root UNKEY_API_URL="http://127.0.0.1:$standin_port" ADDR="127.0.0.1:$port" \
    "target/debug/examples/$example" >/dev/null &
  pids+=("$!")
  for _ in $(seq 50); do get "http://127.0.0.1:$port/whoami" >/dev/null 2>&1 && break; sleep 0.1; done
  valid=$(get "http://127.0.0.1:$port/whoami" "Bearer sk_good")
  denied=$(get "http://127.0.0.1:$port/whoami" "Bearer sk_other")
  missing=$(get "http://127.0.0.1:$port/whoami")
  echo "$example: $valid | $denied | $missing"
  [ "$valid" = "200 key_123" ]
  [[ "$denied" == '401 {"meta":{"requestId":"req_'*'"},"error":{"code":"err:frontline:client:invalid_key"'* ]]
  [[ "$missing" == *'"code":"err:frontline:client:missing_credentials"'* ]]
done
