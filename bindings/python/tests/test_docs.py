"""Every ```python example of docs/bindings/python.md runs, each as its own
program (a fresh interpreter, in an empty temporary directory), and exits 0."""

import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "..", "..", "docs", "bindings", "python.md")


def examples():
    out, block, start = [], None, 0
    with open(DOC, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if block is None and re.match(r"^```python\s*$", line):
                block, start = [], n
            elif block is not None and line.startswith("```"):
                out.append(pytest.param("".join(block), id=f"python.md:{start}"))
                block = None
            elif block is not None:
                block.append(line)
    assert block is None, f"unterminated example at line {start}"
    return out


def test_doc_has_examples():
    assert len(examples()) >= 8


@pytest.mark.parametrize("code", examples())
def test_example_runs(code, tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.dirname(HERE) + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, f"example failed:\n{p.stdout}\n{p.stderr}"
