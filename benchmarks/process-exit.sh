#!/usr/bin/env bash
# Row 5 of the benchmark table: whole-process wall time of a program whose main starts 100
# background loops and returns.
#
#   floor      EmptyMain: the JVM's own start and exit, from the same jar
#   daemon     DaemonLoopsMain: 100 daemon single-thread executors (the lower bound: the JVM
#              exits at once and nothing is cleaned up)
#   closing    ClosingLoopsMain: 100 non-daemon single-thread executors that main shuts down
#              newest first, waiting for each, each thread running its cleanup: the same work as
#              the terminable variants, written by hand with java.util.concurrent
#   guava      GuavaExitingLoopsMain: 100 of Guava's exiting executors
#              (MoreExecutors.getExitingExecutorService: daemon threads, a shutdown hook per pool
#              that shuts it down and waits), each pool running the same cleanup when it has
#              terminated: the status-quo library a user would pick instead
#   reference  TerminableLoopsMain on the reference implementation (Terminables.global())
#   executor   TerminableLoopsMain on the executor implementation
#
# Targets (from the same run): reference and executor at most 1.10x closing and at most 1.0x
# guava, read from the benchmark jar's Targets class (the one place every row's target lives). The ratio to daemon is reported as well, without a target. With the bash loop (TOOL=loop)
# a ratio is the median of the per-round ratios (every round runs each variant once, back to
# back, so a ratio pairs runs under the same load); with hyperfine it is the ratio of the medians.
#
# Before timing, each variant runs once with --verbose (every loop must print that it was
# cleaned up) and once with -Xlog:class+load, untimed, to count the classes it loads: from the
# class path (jars), from the runtime image outside the CDS archive ("source: jrt:/"), generated
# at run time (hidden classes: lambda proxies, lambda forms, "__JVM_LookupDefineClass__"), and
# from the CDS archive ("shared objects file").
#
# Uses hyperfine when present. When it is missing and the script runs as root with apt-get, it
# installs the Debian package once; otherwise (or with TOOL=loop) it times the runs itself with
# `date +%s%N`, round-robin over the variants so that drift in the machine's load hits them all.
#
# Environment (all optional):
#   JAVA_HOME / JAVA  the java to run (default: $JAVA_HOME/bin/java, else java on the PATH)
#   RUNS=30 WARMUP=3  timed and untimed runs per variant
#   LOOPS=100         loops per program
#   TOOL=auto         auto | hyperfine | loop
#   JAVA_OPTS         extra JVM options for every variant (no spaces inside one option)
#   PROGRAMS_CP       class path of the exit programs (default: the small jar that
#                     `mvn package` writes to target/exit-classpath/, holding only them)
#   GUAVA_CP          what the guava variant adds to it (default: guava.jar and failureaccess.jar
#                     in target/exit-classpath/)
#   REFERENCE_CP      what the reference variant adds to it: the API and the reference
#                     implementation (default: their jars in target/exit-classpath/)
#   EXECUTOR_CP       the same for the executor variant
#                     Each variant thus runs as an application would, with only what it needs on
#                     the class path: the terminable ones the API and one implementation, found
#                     by ServiceLoader, no property set.
#   BENCH_CP          one class path for every variant instead (for example the shaded
#                     target/terminable-benchmarks.jar, which holds both implementations and
#                     Guava); each terminable variant then names its provider with
#                     -Dio.github.terminable.provider
#   OUT               where to write the results (default: target/process-exit): summary.md and
#                     summary.csv (times, ratios, class counts), the raw timings, the class logs
#   APPCDS=0          1: give every variant its own dynamic AppCDS archive (one training run with
#                     -XX:ArchiveClassesAtExit, then timed with -XX:SharedArchiveFile), to show what
#                     loading classes that the JDK's default CDS archive lacks costs each variant
# Paths must not contain spaces.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lib=$here/target/exit-classpath
if [[ -n ${BENCH_CP:-} ]]; then
  programs_cp=$BENCH_CP
  guava_cp=$BENCH_CP
  reference_cp=$BENCH_CP
  executor_cp=$BENCH_CP
  choose_reference=-Dio.github.terminable.provider=io.github.terminable.reference.ReferenceProvider
  choose_executor=-Dio.github.terminable.provider=io.github.terminable.executor.ExecutorProvider
else
  programs_cp=${PROGRAMS_CP:-$(compgen -G "$lib/*-exit-programs.jar" | head -1 || true)}
  guava_cp=$programs_cp:${GUAVA_CP:-$lib/guava.jar:$lib/failureaccess.jar}
  reference_cp=$programs_cp:${REFERENCE_CP:-$lib/terminable-api.jar:$lib/terminable-reference.jar}
  executor_cp=$programs_cp:${EXECUTOR_CP:-$lib/terminable-api.jar:$lib/terminable-executor.jar}
  choose_reference=
  choose_executor=
fi
java=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/java}}
java=${java:-java}
runs=${RUNS:-30}
warmup=${WARMUP:-3}
loops=${LOOPS:-100}
tool=${TOOL:-auto}
out=${OUT:-$here/target/process-exit}
opts=${JAVA_OPTS:-}
appcds=${APPCDS:-0}

for e in ${programs_cp//:/ } ${guava_cp//:/ } ${reference_cp//:/ } ${executor_cp//:/ }; do
  [[ -e $e ]] || { echo "process-exit.sh: class path entry '$e' not found; build it with: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
done
[[ -n $programs_cp ]] || { echo "process-exit.sh: no exit-programs jar in $lib; build it with: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
for n in "$runs" "$loops"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "process-exit.sh: RUNS and LOOPS must be positive integers" >&2; exit 2; }
done
[[ $warmup =~ ^[0-9]+$ ]] || { echo "process-exit.sh: WARMUP must be a non-negative integer" >&2; exit 2; }
[[ $appcds == 0 || $appcds == 1 ]] || { echo "process-exit.sh: APPCDS must be 0 or 1, got '$appcds'" >&2; exit 2; }
if [[ $appcds == 1 ]]; then
  IFS=: read -ra entries <<< "$guava_cp:$reference_cp:$executor_cp"
  for e in "${entries[@]}"; do
    [[ -f $e ]] || { echo "process-exit.sh: APPCDS=1 needs a class path of jar files (the JVM archives no directory): '$e' is not a file" >&2; exit 2; }
  done
fi
# Row 5's bounds, from the one table of targets: the module's compiled classes (present from
# `mvn compile` on, so the smoke tests can run this script before the jar is packaged), else the jar.
targets_cp=$here/target/classes
[[ -f $targets_cp/io/github/terminable/benchmarks/Targets.class ]] || targets_cp=$here/target/terminable-benchmarks.jar
[[ -e $targets_cp ]] || { echo "process-exit.sh: neither $here/target/classes nor $targets_cp holds the Targets class; build it with: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
{ read -r bound_closing; read -r bound_guava; } < <("$java" -cp "$targets_cp" io.github.terminable.benchmarks.Targets row5-vs-closing row5-vs-guava)
[[ $bound_closing =~ ^[0-9.]+$ && $bound_guava =~ ^[0-9.]+$ ]] || { echo "process-exit.sh: could not read row 5's targets from $targets_cp" >&2; exit 2; }
mkdir -p "$out"

pkg=io.github.terminable.benchmarks.exit
names=(floor daemon closing guava reference executor)
# What follows `java [JAVA_OPTS] [AppCDS option]` for each variant.
args=(
  "-cp $programs_cp $pkg.EmptyMain"
  "-cp $programs_cp $pkg.DaemonLoopsMain $loops"
  "-cp $programs_cp $pkg.ClosingLoopsMain $loops"
  "-cp $guava_cp $pkg.GuavaExitingLoopsMain $loops"
  "$choose_reference -cp $reference_cp $pkg.TerminableLoopsMain $loops"
  "$choose_executor -cp $executor_cp $pkg.TerminableLoopsMain $loops"
)

echo "# process-exit: $("$java" -version 2>&1 | head -1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n ${BENCH_CP:-} ]]; then
  echo "# class path: $BENCH_CP for every variant; each terminable variant names its provider"
else
  echo "# class paths: programs $programs_cp; guava adds ${guava_cp#"$programs_cp":}; reference adds ${reference_cp#"$programs_cp":}; executor adds ${executor_cp#"$programs_cp":}"
fi

cmds=()
for i in "${!names[@]}"; do
  cds=
  if [[ $appcds == 1 ]]; then
    # One training run per variant writes its archive; the timed command then maps it.
    archive=$out/${names[$i]}.jsa
    rm -f "$archive"
    # shellcheck disable=SC2086 # the command is a word list on purpose
    $java $opts -XX:ArchiveClassesAtExit=$archive ${args[$i]} >/dev/null 2>&1 \
      || { echo "process-exit.sh: AppCDS training run of ${names[$i]} failed" >&2; exit 1; }
    [[ -f $archive ]] || { echo "process-exit.sh: no AppCDS archive written for ${names[$i]}" >&2; exit 1; }
    cds="-XX:SharedArchiveFile=$archive -Xshare:on"
  fi
  cmds[$i]="$java $opts $cds ${args[$i]}"
done
if [[ $appcds == 1 ]]; then
  echo "# AppCDS: every variant runs with its own dynamic archive in $out"
fi

# Each program once, verbose, to check that it does what it claims before it is timed.
for i in "${!names[@]}"; do
  # shellcheck disable=SC2086 # the command is a word list on purpose
  said=$(${cmds[$i]} --verbose 2>&1) || { echo "process-exit.sh: ${names[$i]} failed: $said" >&2; exit 1; }
  echo "# check ${names[$i]}: $(echo "$said" | tr '\n' ' ')"
done

# Each program once more, quiet as when timed, logging every class it loads (untimed). The log
# goes to a file, so the program's own output cannot mix with it.
classes=$out/classes.csv
echo "variant,jar,jrt,generated,cds,total" > "$classes"
for i in "${!names[@]}"; do
  log=$out/${names[$i]}.classes.log
  # shellcheck disable=SC2086 # the command is a word list on purpose
  ${cmds[$i]/ -cp / -Xlog:class+load=info:file=$log -cp } >/dev/null 2>&1 \
    || { echo "process-exit.sh: class-load run of ${names[$i]} failed" >&2; exit 1; }
  awk -v name="${names[$i]}" '
    /\[class,load\]/ {
      total++
      if (/ source: shared objects file/) cds++
      else if (/ source: jrt:\//) jrt++
      else if (/ source: (file|jar):/) jar++
      else generated++
    }
    END { printf "%s,%d,%d,%d,%d,%d\n", name, jar, jrt, generated, cds, total }' "$log" >> "$classes"
done

if [[ $tool == auto ]]; then
  if ! command -v hyperfine >/dev/null 2>&1 && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "# hyperfine missing: installing the Debian package"
    apt-get install -y -q hyperfine >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q hyperfine >/dev/null 2>&1; } \
      || echo "# could not install hyperfine; timing with a bash loop"
  fi
  if command -v hyperfine >/dev/null 2>&1; then tool=hyperfine; else tool=loop; fi
fi

csv=$out/results.csv
if [[ $tool == hyperfine ]]; then
  args=()
  for i in "${!names[@]}"; do
    args+=(-n "${names[$i]}" "${cmds[$i]}")
  done
  hyperfine -N --style basic --warmup "$warmup" --runs "$runs" \
    --export-csv "$csv" --export-markdown "$out/results.md" "${args[@]}"
else
  echo "# timing with a bash loop: $runs runs per variant, round-robin, after $warmup warm-up rounds"
  for i in "${!names[@]}"; do : > "$out/${names[$i]}.ns"; done
  for ((r = 0; r < warmup + runs; r++)); do
    for i in "${!names[@]}"; do
      t0=$(date +%s%N)
      # shellcheck disable=SC2086
      ${cmds[$i]} >/dev/null 2>&1 || { echo "process-exit.sh: ${names[$i]} exited with $?" >&2; exit 1; }
      t1=$(date +%s%N)
      if ((r >= warmup)); then echo $((t1 - t0)) >> "$out/${names[$i]}.ns"; fi
    done
  done
  echo "command,mean,stddev,median,user,system,min,max" > "$csv"
  for i in "${!names[@]}"; do
    sort -n "$out/${names[$i]}.ns" | awk -v name="${names[$i]}" '
      { v[NR] = $1 / 1e9; sum += v[NR]; sq += v[NR] * v[NR] }
      END {
        mean = sum / NR; sd = NR > 1 ? sqrt((sq - NR * mean * mean) / (NR - 1)) : 0
        median = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%s,%.6f,%.6f,%.6f,,,%.6f,%.6f\n", name, mean, sd, median, v[1], v[NR]
      }' >> "$csv"
  done
  # Paired ratios: each round ran every variant once, back to back, so two variants' times in one
  # round share that round's load; the median of the per-round ratios resists drift in the load.
  echo "variant,vs_daemon,vs_closing,vs_guava" > "$out/paired.csv"
  for i in "${!names[@]}"; do
    line=${names[$i]}
    for base in daemon closing guava; do
      line+=,$(paste -d' ' "$out/${names[$i]}.ns" "$out/$base.ns" | awk '{ printf "%.6f\n", $1 / $2 }' | sort -g \
        | awk '{ v[NR] = $1 } END { printf "%.6f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    done
    echo "$line" >> "$out/paired.csv"
  done
fi

# The summary: times, the ratios of medians (the targets' figures), and the class counts.
# With the bash loop the ratios are medians of per-round ratios (paired.csv); with hyperfine, which
# runs each variant's runs one after the other, ratios of the median times.
paired=
if [[ $tool == loop ]]; then paired=$out/paired.csv; fi
awk -F, -v classes="$classes" -v summary="$out/summary.csv" -v paired="$paired" -v bc="$bound_closing" -v bg="$bound_guava" '
  BEGIN {
    while ((getline line < classes) > 0) {
      split(line, c, ",")
      if (c[1] != "variant") counts[c[1]] = c[2] "," c[3] "," c[4] "," c[5] "," c[6]
    }
    if (paired != "") {
      while ((getline line < paired) > 0) {
        split(line, p, ",")
        if (p[1] != "variant") { pd[p[1]] = p[2]; pc[p[1]] = p[3]; pg[p[1]] = p[4] }
      }
    }
  }
  NR == 1 { next }
  {
    n++; name[n] = $1; mean[n] = $2; sd[n] = $3; median[n] = $4; min[n] = $7
    if ($1 == "daemon") dmed = $4
    if ($1 == "closing") cmed = $4
    if ($1 == "guava") gmed = $4
  }
  function verdict(r, bound) { return sprintf("%.2f %s", r, r <= bound + 0 ? "MET" : "MISSED") }
  END {
    print "| variant | mean ms | stddev ms | median ms | min ms | / daemon | / closing | / guava | vs closing <= " bc " | vs guava <= " bg " | classes: jar | jrt (not CDS) | generated | CDS |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|"
    print "variant,mean_ms,stddev_ms,median_ms,min_ms,median_vs_daemon,median_vs_closing,median_vs_guava,target_vs_closing,target_vs_guava,classes_jar,classes_jrt,classes_generated,classes_cds,classes_total" > summary
    for (i = 1; i <= n; i++) {
      rd = median[i] / dmed; rc = cmed > 0 ? median[i] / cmed : 0; rg = gmed > 0 ? median[i] / gmed : 0
      if (name[i] in pd) { rd = pd[name[i]]; rc = pc[name[i]]; rg = pg[name[i]] }
      tc = "-"; tg = "-"; mc = ""; mg = ""
      if (name[i] == "reference" || name[i] == "executor") {
        tc = cmed > 0 ? verdict(rc, bc) : "no closing run"; mc = cmed > 0 ? (rc <= bc + 0 ? "MET" : "MISSED") : ""
        tg = gmed > 0 ? verdict(rg, bg) : "no guava run"; mg = gmed > 0 ? (rg <= bg + 0 ? "MET" : "MISSED") : ""
      }
      split(counts[name[i]], k, ",")
      printf "| %s | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %s | %s | %d | %d | %d | %d |\n", name[i],
        mean[i] * 1000, sd[i] * 1000, median[i] * 1000, min[i] * 1000, rd, rc, rg, tc, tg, k[1], k[2], k[3], k[4]
      printf "%s,%.3f,%.3f,%.3f,%.3f,%.4f,%.4f,%.4f,%s,%s,%s\n", name[i], mean[i] * 1000, sd[i] * 1000,
        median[i] * 1000, min[i] * 1000, rd, rc, rg, mc, mg, counts[name[i]] > summary
    }
  }' "$csv" > "$out/summary.md"
echo
cat "$out/summary.md"
echo
if [[ $tool == loop ]]; then how="medians of the per-round ratios (paired runs, round-robin)"; else how="ratios of median wall times"; fi
echo "# ratios: $how; classes from one untimed run per variant (-Xlog:class+load, logs in $out)"
echo "# raw results: $csv (tool: $tool); summary: $out/summary.md, $out/summary.csv"
