#!/usr/bin/env python3
"""Turn every ```java block of docs/bindings/java.md into a JUnit test.

Each block is the body of one test method (the page's examples are
statements, not whole classes); the generated class imports io.libwallet.*,
java.util.* and java.nio.charset.StandardCharsets, and the method declares
`throws Exception`. A block that fails to compile fails the build; one that
throws fails the test. Usage: doc_examples.py java.md OUT.java
"""
import os
import re
import sys


def main() -> int:
    src, out = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        text = f.read()
    blocks = re.findall(r"^```java\n(.*?)^```", text, flags=re.M | re.S)
    if not blocks:
        print(f"{src}: no ```java blocks", file=sys.stderr)
        return 1
    lines = [
        "// Generated from docs/bindings/java.md by tools/doc_examples.py: do not edit.",
        "package io.libwallet;",
        "",
        "import java.nio.charset.StandardCharsets;",
        "import java.util.*;",
        "import org.junit.Test;",
        "",
        "public class DocExamplesTest {",
    ]
    for i, body in enumerate(blocks, 1):
        lines.append("    @Test")
        lines.append(f"    public void example{i}() throws Exception {{")
        lines.append("        {")
        for ln in body.rstrip("\n").split("\n"):
            lines.append("            " + ln if ln else "")
        lines.append("        }")
        lines.append("    }")
        lines.append("")
    lines.append("}")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
