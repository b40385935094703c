#!/bin/sh
# check-exports.sh LIBRARY.so INCLUDE_DIR
# The shared library must export only wallet_* symbols, and every exported
# function must be declared in a public header (and vice versa: every
# WALLET_EXPORT declaration must be exported).
set -eu
lib=$1
inc=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sort -u)
bad=$(printf '%s\n' "$exported" | grep -v '^wallet_' || true)
if [ -n "$bad" ]; then
    echo "symbols exported without the wallet_ prefix:" >&2
    printf '%s\n' "$bad" >&2
    exit 1
fi
declared=$(cat "$inc"/*.h | tr '\n' ' ' | grep -o 'WALLET_EXPORT[^;]*;' |
           grep -o 'wallet_[a-z0-9_]*[[:space:]]*(' | tr -d ' (' | sort -u)
missing=$(printf '%s\n' "$declared" | while read -r s; do
    printf '%s\n' "$exported" | grep -qx "$s" || echo "$s"; done)
undeclared=$(printf '%s\n' "$exported" | while read -r s; do
    printf '%s\n' "$declared" | grep -qx "$s" || echo "$s"; done)
if [ -n "$missing" ]; then
    echo "declared WALLET_EXPORT but not exported (missing definition?):" >&2
    printf '%s\n' "$missing" >&2
    exit 1
fi
if [ -n "$undeclared" ]; then
    echo "exported but not declared in a public header:" >&2
    printf '%s\n' "$undeclared" >&2
    exit 1
fi
echo "exported symbols: $(printf '%s\n' "$exported" | wc -l), all wallet_* and all declared"
