# Shared by the tests/cli/*.sh scripts (sourced after they cd into their
# scratch directory): pass/fail counters and the expect helper.
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# expect STATUS DESCRIPTION command...: runs the command (stdin from
# /dev/null, so a prompt can never hang a test), stdout to out.txt and stderr
# to err.txt, and counts whether it exited with STATUS.
expect() {
    want=$1; shift
    what=$1; shift
    "$@" >out.txt 2>err.txt </dev/null
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want ($(head -c 300 err.txt))"; fi
}
