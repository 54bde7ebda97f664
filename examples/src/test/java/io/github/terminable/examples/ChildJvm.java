package io.github.terminable.examples;

import io.github.terminable.Terminables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process started by a test or the demo, usually the real {@code java} binary of the
 * running JDK with this JVM's class path: its output (stdout and stderr merged) is collected line
 * by line, lines can be awaited, and every wait is bounded; {@link #close()} kills what is left.
 *
 * <p><b>Thread-safety.</b> Thread-safe: the output is guarded by this object's monitor, written by
 * one daemon pump thread.
 */
public final class ChildJvm implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final long startNanos = System.nanoTime();
    private final List<String> lines = new ArrayList<>(); // guarded by this
    private final List<Long> lineNanos = new ArrayList<>(); // guarded by this; when each line arrived
    private boolean endOfOutput; // guarded by this

    private ChildJvm(List<String> command) throws IOException {
        this.command = List.copyOf(command);
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // no input: a child that reads stdin sees end of file
        Thread pump = new Thread(this::pump, "child-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM of the running JDK, with this JVM's class path and,
     * if set, this JVM's {@value Terminables#PROVIDER_PROPERTY} system property.
     *
     * @param mainClass the program
     * @param jvmOptions extra JVM options, such as {@code -Dname=value}
     * @param args the program's arguments
     * @return the running child
     * @throws IOException if the process cannot be started
     */
    public static ChildJvm java(Class<?> mainClass, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaTool("java"));
        command.add("-XX:TieredStopAtLevel=1"); // faster start; these programs are short
        String provider = System.getProperty(Terminables.PROVIDER_PROPERTY);
        if (provider != null) { // the child uses the same implementation as this JVM (rule 7.1)
            command.add("-D" + Terminables.PROVIDER_PROPERTY + "=" + provider);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(command);
    }

    /**
     * Starts an arbitrary command, such as {@code jshell}.
     *
     * @param command the command and its arguments
     * @return the running child
     * @throws IOException if the process cannot be started
     */
    public static ChildJvm command(List<String> command) throws IOException {
        return new ChildJvm(command);
    }

    /**
     * Returns the path of a tool of the running JDK.
     *
     * @param name such as {@code java} or {@code jshell}
     * @return {@code ${java.home}/bin/name}
     */
    public static String javaTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /**
     * Returns the process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Returns the output so far.
     *
     * @return every line, joined with newlines, after the command line
     */
    public synchronized String output() {
        return "$ " + String.join(" ", command) + "\n" + String.join("\n", lines);
    }

    /**
     * Waits for a line that starts with {@code prefix}.
     *
     * @param prefix the line's beginning
     * @param within the bound
     * @return the line, and when it arrived; empty if none arrived in time or the output ended
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized Optional<Line> awaitLine(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (lines.get(checked).startsWith(prefix)) {
                    return Optional.of(new Line(lines.get(checked), lineNanos.get(checked)));
                }
            }
            long left = deadline - System.nanoTime();
            if (endOfOutput || left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Waits for the process to exit.
     *
     * @param within the bound
     * @return whether it exited in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns the time since the process was started.
     *
     * @return the elapsed time
     */
    public Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Kills the process if it is still running, and waits (bounded) for it to go. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    lines.add(line);
                    lineNanos.add(System.nanoTime());
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                lines.add("<output unreadable: " + e + ">");
                lineNanos.add(System.nanoTime());
            }
        } finally {
            synchronized (this) {
                endOfOutput = true;
                notifyAll();
            }
        }
    }

    /**
     * One line of output.
     *
     * @param text the line
     * @param arrivedNanos {@link System#nanoTime()} when the line was read
     */
    public record Line(String text, long arrivedNanos) {
    }
}
