package io.github.terminable.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process for the smoke tests: output captured, bounded by a timeout that scales
 * with the project's time multiplier, destroyed forcibly on expiry.
 */
final class ChildProcess {

    /** The exit code and combined output of a finished child process. */
    record Result(int exitCode, String output, Duration took) {
    }

    private ChildProcess() {
    }

    /**
     * The time multiplier: system property {@code terminable.tck.timeFactor}, else the environment
     * variable {@code TERMINABLE_TCK_TIME_FACTOR}, else 1.
     *
     * @return a positive multiplier
     */
    static double timeFactor() {
        String value = System.getProperty("terminable.tck.timeFactor");
        if (value == null || value.isBlank()) {
            value = System.getenv("TERMINABLE_TCK_TIME_FACTOR");
        }
        if (value == null || value.isBlank()) {
            return 1;
        }
        double factor = Double.parseDouble(value.trim());
        if (!(factor > 0)) {
            throw new IllegalArgumentException("the time factor must be positive, got " + value);
        }
        return factor;
    }

    /** Returns the {@code java} binary of the running JDK. */
    static String javaBinary() {
        return System.getProperty("java.home") + "/bin/java";
    }

    /** Returns a {@code java} command line on this test's class path. */
    static List<String> java(List<String> jvmOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Runs {@code command} and waits for it.
     *
     * @param command the command line
     * @param environment extra environment variables
     * @param timeout the timeout before the time multiplier
     * @return what it did
     * @throws AssertionError if it does not finish in time (it is then destroyed)
     */
    static Result run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "child-output-reader");
        reader.setDaemon(true);
        reader.start();
        long millis = (long) (timeout.toMillis() * timeFactor());
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            reader.join(1000);
            throw new AssertionError("child process did not finish within " + millis + " ms: " + command
                    + "\noutput so far:\n" + text(output));
        }
        reader.join(10_000);
        return new Result(process.exitValue(), text(output), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
