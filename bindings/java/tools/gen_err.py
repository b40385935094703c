#!/usr/bin/env python3
"""Regenerate src/main/java/io/libwallet/Err.java from the wallet_err enum
of libwallet/include/wallet/common.h. ErrTest checks at run time that every
constant's name is what wallet_err_name() says, so a stale Err.java fails
the tests. Usage: gen_err.py common.h Err.java"""
import re
import sys

src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
body = text[text.index("typedef enum wallet_err {"):text.index("} wallet_err;")]
codes = re.findall(r"WALLET_(OK|ERR_[A-Z0-9_]+)\s*=\s*(\d+)", body)
lines = [
    "// Generated from libwallet/include/wallet/common.h by tools/gen_err.py: do not edit.",
    "package io.libwallet;",
    "",
    "/** The wallet_err codes (WalletException.code(), Result.error()). */",
    "public final class Err {",
    "    private Err() {}",
    "",
]
for name, num in codes:
    jname = "OK" if name == "OK" else name[len("ERR_"):]
    lines.append(f"    public static final int {jname} = {num};")
lines += ["", "    /** Every constant above, for checks. */", "    static final int[] ALL = {"]
lines += [f"        {'OK' if n == 'OK' else n[4:]}," for n, _ in codes]
lines += ["    };", "}", ""]
open(out, "w", encoding="utf-8").write("\n".join(lines))
