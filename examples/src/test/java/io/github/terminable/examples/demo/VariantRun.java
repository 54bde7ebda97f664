package io.github.terminable.examples.demo;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.examples.server.RecordingWebSocketServer;
import io.github.terminable.examples.server.RecordingWebSocketServer.ConnectionEnd;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Runs one demo variant in a child JVM against a server and observes it: did the JVM exit after
 * {@code main} returned (or was it killed after {@code hangTimeout}), how long after, and did the
 * server receive a close frame.
 *
 * @param variant the variant's short name
 * @param reachedMainReturn whether the program printed {@link VariantArgs#MAIN_RETURNS}
 * @param exited whether the JVM exited by itself within {@code hangTimeout} of {@code main} returning
 * @param exitCode the exit code, or -1 if the JVM was killed or never got that far
 * @param afterMainReturned the time from {@code main} returning to the JVM's exit, or to the kill
 * @param end how the server saw the connection end, if it did
 * @param output the child's output
 */
public record VariantRun(String variant, boolean reachedMainReturn, boolean exited, int exitCode,
                         Duration afterMainReturned, Optional<ConnectionEnd> end, String output) {

    /** The bound on a variant's start-up, connect, send and echo. */
    static final Duration STARTUP_BOUND = Duration.ofSeconds(30);

    /** How long the server is given to report the connection's end once the JVM has gone. */
    static final Duration END_REPORT_BOUND = Duration.ofSeconds(5);

    /**
     * Runs {@code program} and observes it.
     *
     * @param variant the variant's short name
     * @param program the variant's main class
     * @param server the server, which must see no other connection meanwhile
     * @param hangTimeout how long after {@code main} returned the JVM may take before it is
     *     called hung and killed
     * @return the observations
     * @throws Exception if the child cannot be started or the wait is interrupted
     */
    public static VariantRun run(String variant, Class<?> program, RecordingWebSocketServer server,
                                 Duration hangTimeout) throws Exception {
        int endsBefore = server.ends().size();
        try (ChildProcess child = ChildJvm.of(program).withoutLightFlags().jvmFlag("-XX:TieredStopAtLevel=1")
                .args(server.uri().toString()).start()) {
            child.closeInput(); // no input: a variant that reads stdin sees end of file
            Predicate<String> mainReturnsLine = line -> line.startsWith(VariantArgs.MAIN_RETURNS);
            if (child.findOutputLine(mainReturnsLine, STARTUP_BOUND).isEmpty()) {
                child.close();
                return new VariantRun(variant, false, false, -1, Duration.ZERO, Optional.empty(), child.describe());
            }
            long mainReturnedAt = child.outputNanos(mainReturnsLine);
            Duration left = hangTimeout.minusNanos(System.nanoTime() - mainReturnedAt);
            boolean exited = !child.staysAliveFor(left.isNegative() ? Duration.ZERO : left);
            Duration after = Duration.ofNanos(System.nanoTime() - mainReturnedAt);
            int exitCode = -1;
            if (exited) {
                exitCode = child.exitValue();
            } else {
                child.close(); // hung: kill it, as a supervisor would
            }
            List<ConnectionEnd> ends = server.awaitEnds(endsBefore + 1, END_REPORT_BOUND);
            Optional<ConnectionEnd> end = ends.size() > endsBefore ? Optional.of(ends.get(endsBefore)) : Optional.empty();
            return new VariantRun(variant, true, exited, exitCode, after, end, child.describe());
        }
    }

    /**
     * Returns whether the server received a close frame.
     *
     * @return {@code true} if a close frame with a status arrived
     */
    public boolean closeFrameReceived() {
        return end.map(ConnectionEnd::closeFrameReceived).orElse(false);
    }

    /**
     * Formats this run as a row of the demo table.
     *
     * @return a Markdown table row
     */
    public String row() {
        String exit = !reachedMainReturn ? "did not reach the end of main (see output)"
                : exited ? "yes, exit code " + exitCode
                : "no, killed after " + afterMainReturned.toMillis() + " ms";
        String time = reachedMainReturn && exited ? afterMainReturned.toMillis() + " ms" : "-";
        String frame = end.map(ConnectionEnd::describe).orElse("not reported");
        return "| " + variant + " | " + exit + " | " + time + " | " + frame + " |";
    }
}
