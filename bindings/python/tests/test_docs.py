"""Every example of docs/bindings/python.md runs and exits 0: each ```python
block as its own program (a fresh interpreter, in an empty temporary
directory), each ```sh block with /bin/sh from the repository root."""

import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DOC = os.path.join(ROOT, "docs", "bindings", "python.md")


def examples(lang="python"):
    out, block, start = [], None, 0
    with open(DOC, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if block is None and re.match(rf"^```{lang}\s*$", line):
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


@pytest.mark.parametrize("script", examples("sh"))
def test_shell_example_runs(script):
    p = subprocess.run(["/bin/sh", "-eu", "-c", script], cwd=ROOT, env=dict(os.environ),
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, f"example failed:\n{p.stdout}\n{p.stderr}"
    assert p.stdout.strip().count(".") == 2  # the version it prints
