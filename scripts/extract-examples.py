#!/usr/bin/env python3
"""Extract the runnable C examples from Markdown documentation.

Every fenced block whose info string is exactly "c example" is a complete
program (it has a main) that uses only the public libwallet API. Each is
written to OUTDIR/<doc>_<n>.c; the list of written files is printed, one per
line, for CMake to register them as tests.

usage: extract-examples.py OUTDIR DOC.md...
"""
import os
import re
import sys


def main():
    outdir, docs = sys.argv[1], sys.argv[2:]
    os.makedirs(outdir, exist_ok=True)
    fence = re.compile(r"^```c example\s*$")
    for doc in sorted(docs):
        base = os.path.splitext(os.path.basename(doc))[0].replace("-", "_")
        n = 0
        block = None
        with open(doc, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if block is None and fence.match(line):
                    block, start = [], lineno
                elif block is not None and line.startswith("```"):
                    n += 1
                    path = os.path.join(outdir, f"{base}_{n}.c")
                    text = f"/* extracted from {os.path.basename(doc)}:{start} */\n" + "".join(block)
                    if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
                        with open(path, "w", encoding="utf-8") as out:
                            out.write(text)
                    print(path)
                    block = None
                elif block is not None:
                    block.append(line)
        if block is not None:
            sys.exit(f"{doc}: unterminated example starting at line {start}")


if __name__ == "__main__":
    main()
