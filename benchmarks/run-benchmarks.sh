#!/usr/bin/env bash
# Runs every row of the benchmark table on one JDK and writes the raw results and the ratio
# tables under target/results/jdk<N>/ (see README.md; the numbers of RESULTS.md come from it),
# then draws the chart of every row against its target from every JDK's results so far:
# target/results/ratios.svg, copied to benchmarks/ratios.svg (the committed chart).
#
#   row 1  ThreadLifecycleBenchmark   (virtual threads too on Java 21+)
#   row 2  ShutdownBenchmark          (100, 1k, 10k threads; forked JVM with -Xss256k; both orders,
#                                      completion and request, each with its own JDK baseline)
#   row 3  LoopBenchmark              (throughput and sampled latency)
#   row 4  RetainedMemory             (10k live threads, 1M cycles, exact-heap JVM flags)
#   row 5  process-exit.sh            (whole processes, hyperfine or a bash loop: floor, daemon,
#                                      closing, guava, reference, executor, with class counts;
#                                      then again with APPCDS=1)
#   row i  Interleaved                (rows 1 and 3 again, paired and interleaved round by round:
#                                      ratios that resist the drift of a shared machine's load)
#
# Environment (all optional):
#   JAVA_HOME / JAVA   the java to run (default: $JAVA_HOME/bin/java, else java on the PATH)
#   ROWS="1 2 3 4 5 i" which rows to run
#   JMH_OPTS           JMH options for rows 1 and 3 (default: -f 1 -wi 3 -i 5 -w 1s -r 1s)
#   ROUNDS=1           JMH runs of rows 1 and 3, and of row 2 at 100 and 1k threads; with several,
#                      RatioReport reports the median of the per-run ratios (each run pairs every
#                      implementation with its own baseline), which resists the drift of a shared
#                      machine's load
#   ROUNDS_10K=1       JMH runs of row 2 at 10k threads (each takes minutes)
#   SHUTDOWN_OPTS      JMH options for row 2 at 100 and 1k threads (default: -f 1 -wi 5 -i 15)
#   SHUTDOWN_10K_OPTS  JMH options for row 2 at 10k threads (default: -f 1 -wi 2 -i 6)
#   MEMORY_OPTS        options of RetainedMemory (default: --threads 10000 --cycles 1000000 on Java
#                      21+, where the cycles run virtual threads; --cycles 250000 on Java 17, where
#                      they run platform threads at about 0.2 ms each: 1M would take 7 minutes)
#   EXIT_RUNS=30       timed runs per variant of row 5
#   EXIT_WARMUP=3      untimed runs per variant of row 5 before the timed ones
#   EXIT_TOOL=loop     how row 5 times its runs (process-exit.sh's TOOL): the bash loop runs the
#                      variants round-robin and reports medians of per-round (paired) ratios;
#                      hyperfine runs each variant's runs one after the other
#   OUT                result directory (default: target/results/jdk<N>)
#   CHART=1            0: do not draw the chart
# Total time with the defaults on 2 cores: about 15 minutes per JDK (see README.md).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar=$here/target/terminable-benchmarks.jar
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java=${java:-java}
rows=${ROWS:-1 2 3 4 5 i}
jmh_opts=${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s}
shutdown_opts=${SHUTDOWN_OPTS:--f 1 -wi 5 -i 15}
shutdown_10k_opts=${SHUTDOWN_10K_OPTS:--f 1 -wi 2 -i 6}
rounds=${ROUNDS:-1}
rounds_10k=${ROUNDS_10K:-1}
exit_runs=${EXIT_RUNS:-30}
exit_warmup=${EXIT_WARMUP:-3}
exit_tool=${EXIT_TOOL:-loop}
chart=${CHART:-1}
for n in "$rounds" "$rounds_10k" "$exit_runs"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "run-benchmarks.sh: ROUNDS, ROUNDS_10K and EXIT_RUNS must be positive integers" >&2; exit 2; }
done

[[ -f $jar ]] || { echo "run-benchmarks.sh: $jar not found; build it with: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
feature=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')
memory_opts=${MEMORY_OPTS:---threads 10000 --cycles $( ((feature >= 21)) && echo 1000000 || echo 250000)}
out=${OUT:-$here/target/results/jdk$feature}
mkdir -p "$out"

note() { echo "# $(date -u +%H:%M:%S) jdk$feature $* (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$out/log.txt"; }
csvs=()

note "start: $("$java" -version 2>&1 | sed -n 2p)"
for row in $rows; do
  # A row's earlier results in this directory go first: the ratio tables and the chart read
  # every file of a row, and a stale round would count as one of this run's.
  case $row in
    [1-5]) rm -f "$out/row$row".* "$out/row$row"-*.csv "$out/row$row"-*.txt ;;
  esac
  case $row in
    1)
      kinds=platform
      if ((feature >= 21)); then kinds=platform,virtual; fi
      for ((k = 1; k <= rounds; k++)); do
        note "row 1 (round $k of $rounds): ThreadLifecycleBenchmark -p kind=$kinds $jmh_opts"
        # shellcheck disable=SC2086
        "$java" -jar "$jar" ThreadLifecycleBenchmark -p kind=$kinds $jmh_opts -rf csv -rff "$out/row1-$k.csv" > "$out/row1-$k.txt"
        csvs+=("$out/row1-$k.csv")
      done
      ;;
    2)
      # Both orders run in each invocation (the order parameter), so every ratio pairs an
      # implementation with its order's baseline from the same run. One shot at 10k threads takes
      # seconds (starting the threads, untimed, and in completion order the shutdown too): fewer
      # shots, and its own number of rounds.
      for ((k = 1; k <= rounds; k++)); do
        note "row 2 (round $k of $rounds): ShutdownBenchmark -p threads=100,1000 $shutdown_opts"
        # shellcheck disable=SC2086
        "$java" -jar "$jar" ShutdownBenchmark -p threads=100,1000 $shutdown_opts -rf csv -rff "$out/row2-$k.csv" > "$out/row2-$k.txt"
        csvs+=("$out/row2-$k.csv")
      done
      for ((k = 1; k <= rounds_10k; k++)); do
        note "row 2 (round $k of $rounds_10k): ShutdownBenchmark -p threads=10000 $shutdown_10k_opts"
        # shellcheck disable=SC2086
        "$java" -jar "$jar" ShutdownBenchmark -p threads=10000 $shutdown_10k_opts -rf csv -rff "$out/row2-10k-$k.csv" > "$out/row2-10k-$k.txt"
        csvs+=("$out/row2-10k-$k.csv")
      done
      ;;
    3)
      for ((k = 1; k <= rounds; k++)); do
        note "row 3 (round $k of $rounds): LoopBenchmark $jmh_opts"
        # shellcheck disable=SC2086
        "$java" -jar "$jar" LoopBenchmark $jmh_opts -rf csv -rff "$out/row3-$k.csv" > "$out/row3-$k.txt"
        csvs+=("$out/row3-$k.csv")
      done
      ;;
    4)
      note "row 4: RetainedMemory $memory_opts"
      # shellcheck disable=SC2086
      "$java" -XX:+UseSerialGC -XX:MarkSweepDeadRatio=0 -XX:-UseTLAB -cp "$jar" \
        io.github.terminable.benchmarks.memory.RetainedMemory $memory_opts | tee "$out/row4.txt"
      ;;
    5)
      note "row 5: process-exit.sh TOOL=$exit_tool RUNS=$exit_runs WARMUP=$exit_warmup"
      TOOL=$exit_tool RUNS=$exit_runs WARMUP=$exit_warmup JAVA=$java OUT=$out/row5 "$here/process-exit.sh" | tee "$out/row5.txt"
      note "row 5: process-exit.sh TOOL=$exit_tool RUNS=$exit_runs WARMUP=$exit_warmup APPCDS=1"
      APPCDS=1 TOOL=$exit_tool RUNS=$exit_runs WARMUP=$exit_warmup JAVA=$java OUT=$out/row5-appcds "$here/process-exit.sh" | tee "$out/row5-appcds.txt"
      ;;
    i)
      workloads="lifecycle-platform:1000:20 round-trip:1000:200 burst:1000:10"
      if ((feature >= 21)); then workloads="lifecycle-platform:1000:20 lifecycle-virtual:1000:100 round-trip:1000:200 burst:1000:10"; fi
      : > "$out/interleaved.txt"
      for w in $workloads; do
        IFS=: read -r name count batch <<< "$w"
        note "row i: Interleaved $name $count $batch"
        "$java" -cp "$jar" io.github.terminable.benchmarks.interleaved.Interleaved "$name" "$count" "$batch" | tee -a "$out/interleaved.txt"
      done
      ;;
    *)
      echo "run-benchmarks.sh: unknown row '$row' (rows are 1 to 5 and i)" >&2
      exit 2
      ;;
  esac
done
note "end"

if ((${#csvs[@]} > 0)); then
  "$java" -cp "$jar" io.github.terminable.benchmarks.RatioReport "${csvs[@]}" | tee "$out/ratios.md"
fi

if [[ $chart == 1 ]]; then
  # Every JDK's results so far (the directories jdk<N>*, oldest first, so that where two share a
  # JDK the newer one's marks win), one chart.
  results=$(dirname "$out")
  mapfile -t dirs < <(cd "$results" && ls -dtr jdk*/ 2>/dev/null | sed "s|^|$results/|; s|/$||")
  commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if ((${#dirs[@]} > 0)); then
    "$java" -cp "$jar" io.github.terminable.benchmarks.RatioChart --out "$results/ratios.svg" \
      --title "terminable $commit: every row against its target, $(date -u +%Y-%m-%d)" "${dirs[@]}"
    cp "$results/ratios.svg" "$here/ratios.svg"
    note "chart: $results/ratios.svg, copied to $here/ratios.svg"
    # The same marks as a table: RESULTS.md's summary, pasted with the commit and the date.
    "$java" -cp "$jar" io.github.terminable.benchmarks.SummaryTable "${dirs[@]}" > "$results/summary.md"
    note "summary table ($commit): $results/summary.md"
    cat "$results/summary.md"
  fi
fi
