#!/usr/bin/env python3
"""Fails when a package of the resolved tree (every feature, every member, dev-dependencies
too) needs a newer Rust than the workspace's `rust-version` claims: the claim stays true."""
import json
import re
import subprocess
import sys


def version(text):
    return tuple(int(part) for part in (text.split(".") + ["0", "0"])[:3])


metadata = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
)
manifest = open("Cargo.toml", encoding="utf-8").read()
claim = re.search(r'^rust-version = "([0-9.]+)"', manifest, re.MULTILINE).group(1)
resolved = {node["id"] for node in metadata["resolve"]["nodes"]}
too_new = [
    (package["name"], package["version"], package["rust_version"])
    for package in metadata["packages"]
    if package["id"] in resolved
    and package.get("rust_version")
    and version(package["rust_version"]) > version(claim)
]
if too_new:
    for name, ver, needs in too_new:
        print(f"{name} {ver} needs Rust {needs}, above the claimed {claim}", file=sys.stderr)
    sys.exit(1)
print(f"every package of the tree builds with Rust {claim}, as claimed")
