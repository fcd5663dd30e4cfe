#!/usr/bin/env python3
"""Writes baseline_builtin.c: each data/baselines/NAME.yaml as a C string with its name,
so `auditsim suggest --baseline NAME` works from the build directory without installing.
Usage: baseline_builtin_gen.py OUT.c IN.yaml... (run by src/policy/meson.build)."""
import os
import sys


def c_string(text):
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append('\\n"\n\t"')
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            out.extend("\\%03o" % b for b in ch.encode("utf-8"))
    return '\t"' + "".join(out) + '"'


def main(target, sources):
    entries = []
    for source in sorted(sources, key=os.path.basename):
        name = os.path.basename(source)[: -len(".yaml")]
        with open(source, encoding="utf-8") as f:
            entries.append("\t{ \"%s\",\n%s },\n" % (name, c_string(f.read())))
    with open(target, "w", encoding="utf-8") as f:
        f.write("/* Generated from data/baselines/ by src/policy/baseline_builtin_gen.py: "
                "edit those files. */\n#include \"baseline.h\"\n\n"
                "const baseline baseline_builtin[] = {\n" + "".join(entries) + "};\n"
                "const size_t baseline_builtin_count = sizeof baseline_builtin / "
                "sizeof baseline_builtin[0];\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
