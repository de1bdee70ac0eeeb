#!/usr/bin/env bash
# Checks the protocol model (src/executor/model/protocol.pml) exhaustively with SPIN, in every configuration:
# the safe ones must verify (0 errors, the state space fully explored), the unsafe ones must be REJECTED with a
# counterexample that violates the property they are meant to break (so the model is shown able to fail).
# Prints states, memory and time per configuration, and the counterexample of each rejected one.
# Exit status: 0 when every configuration ends as expected, 1 otherwise, 2 when spin or gcc is missing.
# Usage: bash scripts/check-model.sh            (what the model proves: src/executor/model/README.md)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
model="$root/src/executor/model/protocol.pml"
for tool in spin gcc; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "check-model: '$tool' is missing (Debian packages: spin, gcc)" >&2
    exit 2
  fi
done
# pan.c compiles in a few seconds at -O2 and well under one at -O0; the state spaces here are small, so the
# compile dominates. MODEL_CFLAGS=-O2 to trade.
opt="${MODEL_CFLAGS:--O0}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failures=0
started=$(date +%s.%N)
printf '%-30s %-8s %-14s %10s %11s %6s %9s %7s\n' configuration expected result states transitions depth memoryMB timeS

# MODEL_DEFINES is added to every configuration, e.g. MODEL_DEFINES="-DMAXCRASH=3 -DNSEND=3" for larger bounds.
extra="${MODEL_DEFINES:-}"

# check NAME EXPECT MODE DEFINES
#   EXPECT: pass, or fail:P1,P2 (the properties a counterexample may violate)
#   MODE:   safety (assertions + invalid end states, depth-first), shortest (the same, breadth-first: the
#           shortest counterexample), progress (-DNP, pan -l: no cycle at all, i.e. every execution is finite)
check() {
  local name=$1 expect=$2 mode=$3 defines="$4 $extra"
  local dir="$tmp/$name"
  mkdir -p "$dir"
  cp "$model" "$dir/protocol.pml"
  local cflags="$opt -DSAFETY -DMEMLIM=2048" panflags="-m100000 -w22"
  case $mode in
    shortest) cflags="$opt -DSAFETY -DBFS -DMEMLIM=2048" ;;
    progress) cflags="$opt -DNP -DMEMLIM=2048"; panflags="-l -m100000 -w22" ;;
  esac
  local t0; t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  if ! (cd "$dir" && spin $defines -a protocol.pml >spin.log 2>&1 && gcc $cflags -o pan pan.c >gcc.log 2>&1); then
    echo "$name: spin -a or gcc failed:"; cat "$dir/spin.log" "$dir/gcc.log" 2>/dev/null
    failures=$((failures + 1)); return
  fi
  # shellcheck disable=SC2086
  (cd "$dir" && ./pan $panflags >pan.out 2>&1) || true
  local out="$dir/pan.out"
  local errors states transitions depth memory secs result ok=1
  errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$out" | tail -1)
  states=$(awk '/states, stored/ {print $1; exit}' "$out")
  transitions=$(awk '/transitions \(= / {print $1; exit}' "$out")
  depth=$(sed -n 's/.*depth reached \([0-9]*\).*/\1/p' "$out" | tail -1)
  memory=$(awk '/total actual memory usage/ {print $1; exit}' "$out")
  secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  local violated="" property=""
  if [[ -f "$dir/protocol.pml.trail" ]]; then
    # Replay the counterexample: SPIN names the line of the violated assertion; its comment names the property.
    # shellcheck disable=SC2086
    (cd "$dir" && spin $defines -t protocol.pml >trail.txt 2>&1) || true
    local line
    line=$(sed -n 's/^spin: protocol.pml:\([0-9]*\), Error: assertion violated.*/\1/p' "$dir/trail.txt" | head -1)
    [[ -n $line ]] && property=$(sed -n "${line}p" "$dir/protocol.pml" | sed -n 's#.*/\* \(P[0-9A-Za-z]*\)[ :].*#\1#p; s#.*/\* \(P[0-9A-Za-z]*\) \*/.*#\1#p' | head -1)
    violated=$(grep -m1 -o 'assertion violated.*' "$out" || true)
  fi
  if [[ -z $errors ]]; then
    result=NO-RESULT; ok=0
  elif [[ $expect == pass ]]; then
    if [[ $errors != 0 ]]; then
      result=REFUTED; ok=0
    elif grep -qE 'max search depth too small|Search not completed|out of memory|reached -DMEMLIM' "$out"; then
      result=TRUNCATED; ok=0
    elif grep -q "printf('end: effects" "$out"; then
      result=VACUOUS; ok=0 # pan lists the end of the run (where P2/P3 are asserted) as unreached
    else
      result=verified
    fi
  elif [[ $errors -ge 1 ]]; then
    if [[ ",${expect#fail:}," == *",$property,"* ]]; then result="rejected:$property"; else result="WRONG-CEX:${property:-?}"; ok=0; fi
  else
    result=NOT-REJECTED; ok=0
  fi
  printf '%-30s %-8s %-14s %10s %11s %6s %9s %7s\n' "$name" "${expect%%:*}" "$result" "${states:-?}" "${transitions:-?}" "${depth:-?}" "${memory:-?}" "$secs"
  if [[ $ok == 0 ]]; then
    failures=$((failures + 1))
    echo "---- $name: pan output"; cat "$out"
  fi
  if [[ $expect != pass && -f "$dir/trail.txt" ]]; then
    echo "     counterexample, shortest (${violated}):"
    grep -E '^ *(journal|client|exchange|lookup|caller|reconciler|deadline|CRASH|restart|end):?' "$dir/trail.txt" | sed -E 's/^ +/       /'
  fi
}

# Safe: the target protocol (issue 11, deliverables 1-2), for an exchange that dedupes client ids and one that does not.
check safe                        pass         safety   ""
check safe-no-dedupe              pass         safety   "-DDEDUPE=0"
# Liveness: no cycle at all, so every execution ends, where P2 is asserted ("eventually" = "at the end").
check safe-terminates             pass         progress ""
# What deduplication alone buys when `absent` is not proven: no double effect (P1) still holds (one crash is
# enough here: sends come only from the first process, reconcilers never send)...
check dedupe-unproven-absent-p1   pass         safety   "-DPROVEN_ABSENT=0 -DONLY_P1=1 -DMAXCRASH=1"
# ...but an applied order can be reported absent (P3) and never reported applied (P2).
check dedupe-unproven-absent      fail:P2,P3,P2k shortest "-DPROVEN_ABSENT=0"
# Unsafe (a): resend on an ambiguous failure without verifying, at an exchange without dedupe.
check unsafe-blind-resend         fail:P1      shortest "-DBLIND_RESEND=1 -DDEDUPE=0 -DONLY_P1=1"
# Unsafe (b): settle deletes the outcome (no retention), settle before deliver.
check unsafe-no-retention         fail:P2      shortest "-DRETENTION=0"
# Assumption dropped: `absent` not proven and no dedupe: the late first send and the resend both apply.
check unproven-absent-no-dedupe   fail:P1      shortest "-DPROVEN_ABSENT=0 -DDEDUPE=0 -DONLY_P1=1"
# A reconciler running while the operation's owner is alive: safe if it leaves the owner's entry alone...
check reconcile-beside-owner      pass         safety   "-DRECONCILE_LIVE=1"
# ...unsafe if it does not: it proves `absent` before the owner sends, and settles it.
check reconcile-takes-live-entry  fail:P2,P3,P2k shortest "-DRECONCILE_LIVE=1 -DOWNER_CHECK=0"
# ...and unsafe if it judges the deadline by the clock after the lookup answered (a lookup begun before the send).
check reconcile-clock-after-lookup fail:P2,P3,P2k shortest "-DRECONCILE_LIVE=1 -DCLOCK_AFTER_LOOKUP=1"

# profile.dedupes: an ambiguous send resent at once under the exchange's deduplication, in doubt until certain...
check dedupe-resend               pass         safety   "-DRESEND_ON_DEDUPE=1"
# ...unsafe where the exchange does not dedupe (a blind resend)...
check dedupe-resend-no-dedupe     fail:P1      shortest "-DRESEND_ON_DEDUPE=1 -DDEDUPE=0 -DONLY_P1=1"
# ...and unsafe if a refusal of the resend is taken as final while the first send may still land.
check dedupe-refusal-final        fail:P2,P3,P2k shortest "-DRESEND_ON_DEDUPE=1 -DREFUSAL_FINAL=1"

total=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if [[ $failures -gt 0 ]]; then
  echo "check-model: $failures configuration(s) did not end as expected (${total} s)" >&2
  exit 1
fi
echo "check-model: every configuration ended as expected (${total} s, $(spin -V | head -1))"
