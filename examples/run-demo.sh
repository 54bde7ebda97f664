#!/usr/bin/env bash
# Side-by-side demo: the same forgetful WebSocket program (connect, send, return from main without
# close()) on a daemon thread, on a plain non-daemon thread, and on a terminable loop, each in a
# child JVM against a Jetty server started by the driver. Prints one table row per variant.
#
#   examples/run-demo.sh                # all three variants
#   examples/run-demo.sh daemon         # one of: daemon, plain, terminable
#
# Uses the JDK on PATH, or JAVA_HOME when it is set (Maven and the demo JVM both use it).
set -euo pipefail
cd "$(dirname "$0")/.."
variant="${1:-all}"
mvn -B -q -pl examples -am verify -DskipTests -Pdemo
java_bin="java"
if [[ -n "${JAVA_HOME:-}" ]]; then java_bin="$JAVA_HOME/bin/java"; fi
exec "$java_bin" -cp "examples/target/classes:examples/target/test-classes:$(cat examples/target/demo.classpath)" \
  io.github.terminable.examples.demo.SideBySide "$variant"
