#!/usr/bin/env bash
# The layers of src/ (src/meson.build): every #include "x.h" names a header of the same
# folder or of a folder below it, and no module (a .c and its .h) reaches itself through
# its includes. Prints one line per violation and "layers: N passed, N failed" (a file
# passes when its includes do; each cycle counts as one failure).
set -uo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import os, re, sys
order = ["base", "policy", "request", "log", "volume", "engine", "analysis", "report", "cli"]
rank = {layer: i for i, layer in enumerate(order)}
where = {}  # header name -> layer
files = []
for layer in order:
    for name in sorted(os.listdir(os.path.join("src", layer))):
        if name.endswith((".c", ".h")):
            files.append((layer, name))
            if name.endswith(".h"):
                where[name] = layer
for folder in os.listdir("src"):
    if os.path.isdir(os.path.join("src", folder)) and folder not in rank:
        print(f"src/{folder}: a folder that is not a layer")
        sys.exit(1)
module = lambda name: re.sub(r"_internal$", "", name.rsplit(".", 1)[0])
problems = []
edges = {}
for layer, name in files:
    text = open(os.path.join("src", layer, name), encoding="utf-8").read()
    for inc in re.findall(r'^#include "([^"]+)"', text, re.M):
        if inc not in where:
            problems.append(f"src/{layer}/{name}: includes {inc}, which is in no layer")
        elif rank[where[inc]] > rank[layer]:
            problems.append(f"src/{layer}/{name}: includes {inc} of the higher layer {where[inc]}")
        elif module(inc) != module(name):
            edges.setdefault(module(name), set()).add(module(inc))
# a cycle between modules: depth-first search
state = {}
def visit(node, path):
    state[node] = 1
    for nxt in sorted(edges.get(node, ())):
        if state.get(nxt) == 1:
            problems.append("include cycle: " + " -> ".join(path[path.index(nxt):] + [nxt]))
        elif nxt not in state:
            visit(nxt, path + [nxt])
    state[node] = 2
for node in sorted(edges):
    if node not in state:
        visit(node, [node])
for p in problems:
    print(p)
bad_files = {p.split(":")[0] for p in problems if p.startswith("src/")}
failed = len(bad_files) + sum(1 for p in problems if not p.startswith("src/"))
print(f"\nlayers: {len(files) - len(bad_files)} passed, {failed} failed")
sys.exit(1 if problems else 0)
PY
