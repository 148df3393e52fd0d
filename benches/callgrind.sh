#!/usr/bin/env bash
# Instruction counts per iteration of every case in benches/callgrind.rs, under callgrind:
# (Ir with N=1000 - Ir with N=0) / 1000. Prints a Markdown table.
#   bash benches/callgrind.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }
bin=$(cargo bench -p unkey-errors-benches --bench callgrind --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "callgrind" and m.get("executable"):
        print(m["executable"])')
n=1000
ir() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
echo "| case | instructions per iteration |"
echo "|---|---:|"
"$bin" | while IFS= read -r case; do
  base=$(ir "$case" 0)
  total=$(ir "$case" "$n")
  echo "| $case | $(( (total - base) / n )) |"
done
