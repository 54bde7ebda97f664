package io.github.terminable.reference;

import io.github.terminable.spi.TerminableProvider;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running one scenario program with the real {@code java} binary of this JDK. Its
 * output is pumped into line lists as it comes, so a test can wait for a line (such as
 * {@code READY}) before it acts. Every wait is bounded; a child that does not exit in time is
 * killed and the test fails.
 */
final class ChildJvm {

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outPump;
    private final Thread errPump;
    private final long startNanos = System.nanoTime();

    private final List<String> command;

    private ChildJvm(Process process, List<String> command) {
        this.process = process;
        this.command = command;
        this.outPump = pump(process.getInputStream(), out, "stdout");
        this.errPump = pump(process.getErrorStream(), err, "stderr");
    }

    /** The class path a child needs: this module's classes, its test classes, and the API. */
    static String classPath() {
        return String.join(File.pathSeparator, location(ReferenceProvider.class), location(ChildJvm.class),
                location(TerminableProvider.class));
    }

    static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code main} on the class path, with the JVM options given. */
    static ChildJvm start(Class<?> main, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xshare:auto");
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        return start(command);
    }

    static ChildJvm start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        return new ChildJvm(pb.start(), List.copyOf(command));
    }

    private static Thread pump(InputStream in, List<String> lines, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child died; what was read is kept
            }
        }, "child-" + name + "-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Writes {@code line} to the child's standard input. */
    void send(String line) throws IOException {
        process.getOutputStream().write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits for an output line (stdout or stderr) matching {@code line}. */
    ChildJvm awaitLine(Predicate<String> line, long seconds) {
        Waits.upTo(seconds).alias("a matching line in the child's output; so far: stdout=" + out + " stderr=" + err)
                .until(() -> out.stream().anyMatch(line) || err.stream().anyMatch(line) || !process.isAlive());
        if (out.stream().noneMatch(line) && err.stream().noneMatch(line)) {
            throw new AssertionError("child exited (" + process.exitValue() + ") without the line; stdout=" + out
                    + " stderr=" + err);
        }
        return this;
    }

    /** Returns the first output line (stdout, then stderr) matching {@code line}, or null. */
    String firstLine(Predicate<String> line) {
        return out.stream().filter(line).findFirst().orElseGet(() -> err.stream().filter(line).findFirst().orElse(null));
    }

    /**
     * Sends SIGTERM, through the process handle: unlike {@link Process#destroy()}, it leaves our
     * ends of the child's output pipes open, so the cleanup output is not lost.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /** Sends a named signal with the {@code kill} command. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(TimeFactor.seconds(10).toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /**
     * Waits for the child to exit, killing it if it has not within {@code seconds} (scaled).
     *
     * @return the result
     */
    Result awaitExit(long seconds) throws InterruptedException {
        Duration bound = TimeFactor.seconds(seconds);
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(TimeFactor.seconds(10).toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("child did not exit within " + bound + "; stdout=" + out + " stderr=" + err);
        }
        outPump.join(TimeFactor.seconds(10).toMillis());
        errPump.join(TimeFactor.seconds(10).toMillis());
        return new Result(command, process.exitValue(), List.copyOf(out), List.copyOf(err),
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** What a child did. */
    record Result(List<String> command, int exitCode, List<String> out, List<String> err, Duration took) {

        String stderrText() {
            return String.join("\n", err);
        }

        /** The stdout lines starting with {@code prefix}, in order. */
        List<String> linesStartingWith(String prefix) {
            List<String> found = new ArrayList<>();
            for (String line : out) {
                if (line.startsWith(prefix)) {
                    found.add(line);
                }
            }
            return found;
        }

        int indexOf(String line) {
            return out.indexOf(line);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exitCode + " after " + took.toMillis() + " ms\nstdout:\n" + String.join("\n", out)
                    + "\nstderr:\n" + String.join("\n", err);
        }
    }
}
