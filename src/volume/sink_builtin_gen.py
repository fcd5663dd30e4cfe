#!/usr/bin/env python3
"""Writes sink_builtin.c: data/sinks.yaml as a C string, so the default sink table is in
the binary and auditsim prices sinks from the build directory without installing.
Usage: sink_builtin_gen.py IN.yaml OUT.c (run by src/volume/meson.build)."""
import sys


def c_line(line):
    out = []
    for ch in line:
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            out.extend("\\%03o" % b for b in ch.encode("utf-8"))
    return '"' + "".join(out) + '"'


def main(source, target):
    with open(source, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    body = "\n".join("\t" + c_line(line) for line in lines) or '\t""'
    with open(target, "w", encoding="utf-8") as f:
        f.write("/* Generated from data/sinks.yaml by src/volume/sink_builtin_gen.py: edit "
                "that file. */\n#include \"sink_table.h\"\n\n"
                "const char sink_builtin_yaml[] =\n" + body + ";\n"
                "const size_t sink_builtin_yaml_len = sizeof sink_builtin_yaml - 1;\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
