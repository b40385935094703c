"""pytest set-up: the package from this source tree, the vectors directory,
and helpers shared by the test files.

ctest sets LIBWALLET_PATH (the built libwallet.so) and WALLET_VECTORS_DIR.
"""

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import libwallet  # noqa: E402

VECTORS = os.environ.get("WALLET_VECTORS_DIR") or os.path.join(HERE, "..", "..", "..", "vectors")


def vpath(rel: str) -> str:
    return os.path.join(VECTORS, rel)


def vtext(rel: str) -> str:
    with open(vpath(rel), encoding="utf-8") as f:
        return f.read().strip()


def vjson(rel: str):
    with open(vpath(rel), encoding="utf-8") as f:
        return json.load(f)


def vhex(rel: str) -> bytes:
    return bytes.fromhex("".join(vtext(rel).split()))


def raises_code(code, fn, *args, **kwargs):
    """Call fn and assert it raises a WalletError with ``code``; return it."""
    with pytest.raises(libwallet.WalletError) as ei:
        fn(*args, **kwargs)
    assert ei.value.code == code, f"expected {code!r}, got {ei.value!r}"
    return ei.value


@pytest.fixture
def ctx():
    c = libwallet.Context()
    yield c
    c.close()
