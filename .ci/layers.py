#!/usr/bin/env python3
"""Dependencies point down only: the core (`src/code.rs`, `src/problem/`) and `src/ratelimit.rs`
import nothing of the layers above them (answer, report, server, client, verify, testing,
schema). Code lines are checked, doc comments too (a doc link is a dependency of the docs);
a failure names the file, the line and the layer.

    python3 .ci/layers.py
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = [ROOT / "src" / "code.rs", ROOT / "src" / "ratelimit.rs", *sorted((ROOT / "src" / "problem").glob("*.rs"))]
ABOVE = ("answer", "report", "server", "client", "verify", "testing", "schema")
USE = re.compile(r"\bcrate::(" + "|".join(ABOVE) + r")\b|\bsuper::super::(" + "|".join(ABOVE) + r")\b")

failures = []
for path in CORE:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = USE.search(line)
        if match:
            layer = match.group(1) or match.group(2)
            failures.append(f"{path.relative_to(ROOT)}:{number}: the core names `{layer}`: {line.strip()}")

for failure in failures:
    print(failure, file=sys.stderr)
print(f"layers: {len(CORE)} core files, {len(failures)} references upward")
sys.exit(1 if failures else 0)
