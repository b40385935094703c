#!/bin/sh
# Build the libFuzzer targets with clang (build-fuzz/) and run each one for
# SECONDS seconds, FUZZ_JOBS targets at a time (default: the number of CPUs).
#
#   ./scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Each target starts from a scratch copy of its committed corpus
# (build-fuzz/corpus-work/<name>, kept between runs so that local runs
# accumulate coverage; tests/fuzz/corpus/ is never modified). A crash, leak,
# sanitizer report or timeout leaves its input in build-fuzz/artifacts/ and
# makes the script exit non-zero; add such an input to the corpus as
# tests/fuzz/corpus/<name>/regress-<what> once the bug is fixed.
# Prints one summary line per target: executions, coverage, corpus size.
set -eu
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-30}
[ $# -gt 0 ] && shift
ALL_TARGETS="b64url base45 json cbor jws jwk cose_key cose_sign1 x509 pem verify jwe dcql"
TARGETS=${*:-$ALL_TARGETS}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
B=build-fuzz

case "$SECONDS_PER_TARGET" in
  ''|*[!0-9]*) echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
for t in $TARGETS; do
  case " $ALL_TARGETS " in
    *" $t "*) ;;
    *) echo "fuzz.sh: unknown target '$t' (known: $ALL_TARGETS)" >&2; exit 2 ;;
  esac
done

start=$(date +%s)
echo "fuzz: configuring $B (clang, libFuzzer + ASan + UBSan)"
if ! CC=clang CXX=clang++ cmake -S . -B "$B" -DWALLET_FUZZ=ON -DWALLET_TESTS=ON \
     -DWALLET_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$B.configure.log" 2>&1; then
  cat "$B.configure.log" >&2
  exit 2
fi
rm -f "$B.configure.log"
# Only the fuzz targets (and the library): the rest of the tree is not
# needed here and would only cost time under the fuzzer flags.
build_targets=""
for t in $TARGETS; do build_targets="$build_targets fuzz_$t"; done
echo "fuzz: building$build_targets"
# shellcheck disable=SC2086
cmake --build "$B" -j"$JOBS" --target $build_targets >"$B/build.log" 2>&1 || {
  tail -n 60 "$B/build.log" >&2
  exit 2
}

mkdir -p "$B/artifacts" "$B/logs" "$B/corpus-work"

run_target() {
  t=$1
  work="$B/corpus-work/$t"
  mkdir -p "$work"
  # Seed (or refresh) the scratch corpus; inputs found earlier stay.
  cp -p tests/fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  # A status file written only when libFuzzer returns: 0 clean, else its code.
  rc=0
  "$B/tests/fuzz/fuzz_$t" "$work" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -max_len=65536 \
    -timeout=30 -print_final_stats=1 -artifact_prefix="$B/artifacts/$t-" \
    >"$B/logs/$t.log" 2>&1 || rc=$?
  echo "$rc" >"$B/logs/$t.rc"
}

# Run JOBS targets at a time.
pids=""
n=0
for t in $TARGETS; do
  run_target "$t" &
  pids="$pids $!"
  n=$((n + 1))
  if [ "$n" -ge "$JOBS" ]; then
    for p in $pids; do wait "$p" || true; done
    pids=""
    n=0
  fi
done
for p in $pids; do wait "$p" || true; done

failed=""
for t in $TARGETS; do
  log="$B/logs/$t.log"
  rc=$(cat "$B/logs/$t.rc" 2>/dev/null || echo 99)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -E '^#[0-9]+' "$log" | grep -o 'cov: [0-9]*' | tail -n 1 | cut -d' ' -f2)
  ft=$(grep -E '^#[0-9]+' "$log" | grep -o 'ft: [0-9]*' | tail -n 1 | cut -d' ' -f2)
  corp=$(grep -E '^#[0-9]+' "$log" | grep -o 'corp: [0-9]*' | tail -n 1 | cut -d' ' -f2)
  if [ "$rc" = 0 ]; then
    status=ok
  else
    status="FAILED (exit $rc)"
    failed="$failed $t"
  fi
  printf 'fuzz_%-11s %-16s execs %-10s cov %-6s ft %-6s corpus %-6s\n' \
    "$t" "$status" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
done

for t in $failed; do
  echo "---- fuzz_$t: end of $B/logs/$t.log" >&2
  tail -n 40 "$B/logs/$t.log" >&2
done
echo "fuzz: $(echo "$TARGETS" | wc -w) targets x ${SECONDS_PER_TARGET}s in $(( $(date +%s) - start ))s"
if [ -n "$failed" ]; then
  echo "fuzz: FAILED:$failed (inputs in $B/artifacts/)" >&2
  exit 1
fi
