#!/usr/bin/env python3
"""A library's public surface, read from rustdoc's JSON (nightly), checked three ways:

- one path per item: no item of the crate is reachable at two public paths (a module, a
  type, a function, a macro; a re-export is a second path), but for the root's map: an item
  the root re-exports (`unkey_errors::Problem`) has its home in one module too
  (`unkey_errors::problem::Problem`), as `serde_json::Value` has `serde_json::value::Value`;
  a module is never re-exported;
- the root is a short map: at most 20 entries in rustdoc (modules, re-exports and items);
- every public type is `Send + Sync` (rustdoc's synthetic auto-trait impls), but for the
  exceptions named in PACKAGES with their reason;
- the surface is pinned: every public path, with the inherent methods and the fields of
  every public type, is listed in the package's tests/public-api.txt; a new item, a removed
  one or a moved one fails the check until the list is written again (UPDATE_PUBLIC_API=1).

Nothing is listed by hand: the list is what rustdoc documents with every feature on (for
unkey-keyauth, every feature but `rustls`, which adds TLS to reqwest and no item).

    python3 .ci/public_api.py [PACKAGE]                      # check (unkey-errors, unkey-keyauth)
    UPDATE_PUBLIC_API=1 python3 .ci/public_api.py [PACKAGE]  # write its public-api.txt
"""

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "target" / "rustdoc-json"
MAX_ROOT_ENTRIES = 20
# Each package: its library's name, the features rustdoc documents, where its list is pinned,
# and its public types that are not Send + Sync, each with why. A future is sent, never
# shared: `Send` is what a runtime needs (axum's body is not `Sync`). actix-web runs a service
# on one thread: its services hold an `Rc`.
PACKAGES = {
    "unkey-errors": {
        "crate": "unkey_errors",
        "features": ["--all-features"],
        "pinned": ROOT / "tests" / "public-api.txt",
        "not_sync": {
            "ProblemFuture": ("Send",),
            "UnkeyFuture": ("Send",),
            "UnkeyMiddlewareService": (),
        },
    },
    "unkey-keyauth": {
        "crate": "unkey_keyauth",
        "features": ["--no-default-features", "--features", "axum,actix-web,tracing"],
        "pinned": ROOT / "keyauth" / "tests" / "public-api.txt",
        "not_sync": {"KeyAuthMiddlewareService": ()},
    },
}


def rustdoc_json(package):
    config = PACKAGES[package]
    subprocess.run(
        [
            "cargo", "+nightly", "rustdoc", "--quiet", "-p", package, *config["features"],
            "--lib", "--target-dir", str(TARGET), "--",
            "-Z", "unstable-options", "--output-format", "json", "--cap-lints", "allow",
        ],
        cwd=ROOT,
        check=True,
    )
    return json.loads((TARGET / "doc" / f"{config['crate']}.json").read_text())


def kind_of(item):
    return next(iter(item["inner"]))


def main():
    package = sys.argv[1] if len(sys.argv) > 1 else "unkey-errors"
    if package not in PACKAGES:
        print(f"unknown package {package!r}: one of {', '.join(PACKAGES)}", file=sys.stderr)
        return 2
    config = PACKAGES[package]
    PINNED, NOT_SYNC = config["pinned"], config["not_sync"]
    doc = rustdoc_json(package)
    index = doc["index"]
    item = lambda id_: index.get(str(id_))
    root = item(doc["root"])

    paths = defaultdict(list)  # item id -> every public path it is reachable at
    lines = set()

    def describe(id_, path):
        """Lines for a type's inherent methods and public fields, and enum variants."""
        it = item(id_)
        kind = kind_of(it)
        inner = it["inner"][kind]
        if kind == "enum":
            for variant in inner["variants"]:
                lines.add(f"{path}::{item(variant)['name']} variant")
        if kind == "struct":
            fields = inner["kind"].get("plain", {}).get("fields", []) if isinstance(inner["kind"], dict) else []
            for field in fields:
                lines.add(f"{path}.{item(field)['name']} field")
        for impl_id in inner.get("impls", []):
            impl = item(impl_id)
            if impl is None or impl["inner"]["impl"]["trait"] is not None:
                continue
            for assoc in impl["inner"]["impl"]["items"]:
                a = item(assoc)
                if a is not None and a["visibility"] == "public":
                    lines.add(f"{path}::{a['name']} {kind_of(a)}")

    def walk(module_id, prefix, seen):
        module = item(module_id)
        for child_id in module["inner"]["module"]["items"]:
            child = item(child_id)
            if child is None or child["visibility"] != "public":
                continue
            kind = kind_of(child)
            if kind == "use":
                use = child["inner"]["use"]
                target = item(use["id"]) if use["id"] is not None else None
                if use["is_glob"]:
                    if target is not None:
                        walk(use["id"], prefix, seen)
                    continue
                name = use["name"]
                path = f"{prefix}::{name}"
                if target is None:
                    # An item of another crate, re-exported here.
                    lines.add(f"{path} re-export of {use['source']}")
                    continue
                child_id, child, kind = use["id"], target, kind_of(target)
            else:
                path = f"{prefix}::{child['name']}"
            if kind == "impl":
                continue
            paths[child_id].append(path)
            lines.add(f"{path} {kind}")
            if kind == "module" and child_id not in seen:
                walk(child_id, path, seen | {child_id})
            elif kind in ("struct", "enum", "union"):
                describe(child_id, path)
                types[child_id] = path
            elif kind == "trait":
                for assoc in child["inner"]["trait"]["items"]:
                    lines.add(f"{path}::{item(assoc)['name']} {kind_of(item(assoc))}")

    types = {}
    walk(doc["root"], config["crate"], {doc["root"]})

    failures = []
    for id_, path in sorted(types.items(), key=lambda kv: kv[1]):
        it = item(id_)
        auto = {}
        for impl_id in it["inner"][kind_of(it)].get("impls", []):
            impl = item(impl_id)["inner"]["impl"]
            trait = (impl["trait"] or {}).get("path")
            if trait in ("Send", "Sync"):
                auto[trait] = not impl["is_negative"]
        wanted = NOT_SYNC.get(it["name"], ("Send", "Sync"))
        for trait in ("Send", "Sync"):
            if auto.get(trait, False) != (trait in wanted):
                failures.append(f"{path}: Send {auto.get('Send')}, Sync {auto.get('Sync')}; expected {' + '.join(wanted) or 'neither'}")
                break
    def root_alias(p):
        """Two paths of which one is the root's re-export of the other's item."""
        if len(p) != 2:
            return False
        at_root = [x for x in p if x.count("::") == 1]
        return len(at_root) == 1 and kind_of(item(id_of[p[0]])) != "module"

    id_of = {path: id_ for id_, ps in paths.items() for path in ps}
    twice = {id_: p for id_, p in paths.items() if len(p) > 1 and not root_alias(p)}
    for id_, p in sorted(twice.items(), key=lambda kv: kv[1]):
        failures.append(f"one item at {len(p)} paths: {', '.join(sorted(p))}")

    root_entries = [
        index[str(i)] for i in root["inner"]["module"]["items"]
        if index.get(str(i)) and index[str(i)]["visibility"] == "public"
        and kind_of(index[str(i)]) != "impl"
    ]
    print(f"root entries: {len(root_entries)} (at most {MAX_ROOT_ENTRIES})")
    if len(root_entries) > MAX_ROOT_ENTRIES:
        failures.append(f"the root has {len(root_entries)} entries, more than {MAX_ROOT_ENTRIES}")

    surface = "\n".join(sorted(lines)) + "\n"
    if os.environ.get("UPDATE_PUBLIC_API"):
        PINNED.write_text(surface)
        print(f"wrote {PINNED.relative_to(ROOT)}: {len(lines)} lines")
    elif not PINNED.exists() or PINNED.read_text() != surface:
        old = set(PINNED.read_text().splitlines()) if PINNED.exists() else set()
        new = set(surface.splitlines())
        for line in sorted(new - old):
            failures.append(f"new in the public surface: {line}")
        for line in sorted(old - new):
            failures.append(f"gone from the public surface: {line}")
        failures.append(f"if that is meant, write the list again: UPDATE_PUBLIC_API=1 python3 .ci/public_api.py {package}")
    else:
        print(f"public surface: {len(lines)} lines, as pinned in {PINNED.relative_to(ROOT)}")

    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
