#!/usr/bin/env bash
# Prints the hot spots of a JFR recording's execution samples (jdk.ExecutionSample):
#   1. top frames (where the CPU was),
#   2. the first io.github.terminable frame of each sampled stack (which implementation code
#      was responsible, counting its callees in the JDK),
#   3. the threads that were sampled.
# Usage: jfr-hotspots.sh recording.jfr...   (the jfr tool of $JAVA_HOME, else on the PATH;
#        LINES=15 lines per table)
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: $0 recording.jfr..." >&2; exit 2; }
jfr=${JAVA_HOME:+$JAVA_HOME/bin/}jfr
lines=${LINES:-15}
samples=$(mktemp)
trap 'rm -f "$samples"' EXIT
for recording in "$@"; do
  [[ -f $recording ]] || { echo "$0: no such recording: $recording" >&2; exit 2; }
  "$jfr" print --stack-depth 64 --events jdk.ExecutionSample "$recording" >> "$samples"
done

summarize() {
  awk -v mode="$1" '
    /sampledThread = / { thread = $0; sub(/.*sampledThread = "/, "", thread); sub(/".*/, "", thread) }
    /stackTrace = \[/ { inStack = 1; first = ""; own = ""; next }
    inStack && /^[ \t]*\]/ {
      inStack = 0; n++
      if (mode == "top") key = first
      else if (mode == "own") key = (own == "" ? "(no io.github.terminable frame)" : own)
      else { key = thread; gsub(/-?[0-9]+$/, "-N", key) }
      count[key]++
      next
    }
    inStack {
      frame = $0; gsub(/^[ \t]+/, "", frame); sub(/[ \t]+line:.*/, "", frame)
      if (frame == "...") next
      if (first == "") first = frame
      if (own == "" && frame ~ /^io\.github\.terminable\./ && frame !~ /^io\.github\.terminable\.benchmarks\./) own = frame
    }
    END { for (k in count) printf "%7d %5.1f%%  %s\n", count[k], 100 * count[k] / n, k }
  ' "$samples" | sort -rn | head -n "$lines"
}

echo "== $(grep -c 'jdk.ExecutionSample' "$samples") execution samples in $*"
echo "== top frames"
summarize top
echo "== first io.github.terminable frame of each stack"
summarize own
echo "== sampled threads"
summarize thread
