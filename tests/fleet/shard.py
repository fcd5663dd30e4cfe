#!/usr/bin/env python3
"""Shard helpers for the merge tests: split LOG into N shards at record boundaries, and
compare a merged summary with one replay's on every exact field.

  shard.py split LOG N DIR      writes DIR/shard-000.jsonl ... (N files, none empty)
  shard.py same REPLAY MERGED [IGNORED...]
                                exit 0 when equal on every exact field (but the top-level
                                members IGNORED), else the differences
"""
import json
import sys

# Not exact after a merge: the compressed size (a sum of the shards' streams) and what
# is computed from it; the merge's own notes.
def approximate(key):
    return "gzip" in key.lower() or key == "merge"


def exact_fields(doc):
    if isinstance(doc, dict):
        return {k: exact_fields(v) for k, v in doc.items() if not approximate(k)}
    if isinstance(doc, list):
        return [exact_fields(v) for v in doc]
    return doc


def split(log, n, out):
    with open(log, "rb") as f:
        records = [line for line in f if line.strip()]
    n = max(1, min(n, len(records)))
    at = 0
    for i in range(n):
        take = len(records) // n + (1 if i < len(records) % n else 0)
        with open("%s/shard-%03d.jsonl" % (out, i), "wb") as f:
            f.writelines(records[at:at + take])
        at += take


def diffs(a, b, path=""):
    if type(a) != type(b):
        yield "%s: %r != %r" % (path, a, b)
    elif isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                yield "%s.%s: only in %s" % (path, k, "replay" if k in a else "merge")
            else:
                yield from diffs(a[k], b[k], path + "." + k)
    elif isinstance(a, list):
        if len(a) != len(b):
            yield "%s: %d items != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            yield from diffs(x, y, "%s[%d]" % (path, i))
    elif a != b:
        yield "%s: %r != %r" % (path, a, b)


def same(replay, merged, ignored=()):
    with open(replay) as f:
        a = exact_fields(json.load(f))
    with open(merged) as f:
        b = exact_fields(json.load(f))
    for key in ignored:
        a.pop(key, None)
        b.pop(key, None)
    found = list(diffs(a, b))
    for d in found[:20]:
        print(d)
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1] == "split":
        split(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        sys.exit(0)
    sys.exit(same(sys.argv[2], sys.argv[3], sys.argv[4:]))
