package io.github.terminable.tck.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A running child started by {@link ChildJvm}: its output, line by line, and bounded waits for
 * lines and for exit. A child that outlives {@link #awaitExit} is destroyed forcibly and the
 * failure message carries its whole output ({@link #describe()}).
 *
 * <p>Standard output and standard error are read by two daemon threads as they come, so a test
 * can wait for a line (such as {@code READY}) before it acts. Each stream's lines are kept
 * ({@link #stdout()}, {@link #stderr()}), and both together in the order this JVM read them
 * ({@link #output()}); a line's reading time is an upper bound on when the child printed it.
 *
 * <p>Thread-safe: the lines are guarded by this object's monitor. Closing frees the child's slot
 * (see {@link ChildJvm}); so does a successful {@link #awaitExit}.
 */
public final class ChildProcess implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final Runnable releaseSlot;
    private final AtomicBoolean released = new AtomicBoolean();
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final List<Long> outNanos = new ArrayList<>();
    private final List<Long> errNanos = new ArrayList<>();
    private final List<String> both = new ArrayList<>();
    private final List<Long> bothNanos = new ArrayList<>();
    private volatile long exitNanos;
    private final Thread outReader;
    private final Thread errReader;
    private final long startNanos = System.nanoTime();

    ChildProcess(List<String> command, Process process, Runnable releaseSlot) {
        this.command = command;
        this.process = process;
        this.releaseSlot = releaseSlot;
        this.outReader = reader("out", process.getInputStream(), out, outNanos);
        this.errReader = reader("err", process.getErrorStream(), err, errNanos);
    }

    private Thread reader(String which, InputStream stream, List<String> sink, List<Long> times) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        long now = System.nanoTime();
                        sink.add(line);
                        times.add(now);
                        both.add(line);
                        bothNanos.add(now);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is destroyed; nothing more to read
            }
        }, "tck-child-io-" + which + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Returns the child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns how long ago the child was started.
     *
     * @return the elapsed time
     */
    public Duration age() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Returns the standard output lines read so far.
     *
     * @return a snapshot
     */
    public synchronized List<String> stdout() {
        return List.copyOf(out);
    }

    /**
     * Returns the standard error lines read so far.
     *
     * @return a snapshot
     */
    public synchronized List<String> stderr() {
        return List.copyOf(err);
    }

    /**
     * Returns the standard output lines read so far that start with {@code prefix}, in order.
     *
     * @param prefix the lines' beginning
     * @return a snapshot
     */
    public synchronized List<String> stdoutStartingWith(String prefix) {
        return out.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /**
     * Returns the lines of both streams read so far, in the order they were read.
     *
     * @return a snapshot
     */
    public synchronized List<String> output() {
        return List.copyOf(both);
    }

    /**
     * Waits for a line on either stream matching {@code matcher}.
     *
     * @param what a description for the failure message
     * @param matcher which line
     * @param timeout how long to wait
     * @return the first matching line
     * @throws InterruptedException if interrupted
     * @throws AssertionError if no such line appeared in time or the child exited without it
     */
    public String awaitOutputLine(String what, Predicate<String> matcher, Duration timeout) throws InterruptedException {
        return awaitLine(both, null, what, matcher, timeout);
    }

    /**
     * Waits for a line on either stream matching {@code matcher}, without failing.
     *
     * @param matcher which line
     * @param timeout how long to wait
     * @return the first matching line, or empty if none came in time or both streams ended
     *     without one
     * @throws InterruptedException if interrupted
     */
    public Optional<String> findOutputLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (String line : both) {
                    if (matcher.test(line)) {
                        return Optional.of(line);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !outReader.isAlive() && !errReader.isAlive()) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /**
     * Waits for a standard-output line matching {@code matcher}.
     *
     * @param what a description for the failure message
     * @param matcher which line
     * @param timeout how long to wait
     * @return the first matching line
     * @throws InterruptedException if interrupted
     * @throws AssertionError if no such line appeared in time or the child exited without it
     */
    public String awaitLine(String what, Predicate<String> matcher, Duration timeout) throws InterruptedException {
        return awaitLine(out, outReader, what, matcher, timeout);
    }

    /**
     * Waits for a standard-error line matching {@code matcher}.
     *
     * @param what a description for the failure message
     * @param matcher which line
     * @param timeout how long to wait
     * @return the first matching line
     * @throws InterruptedException if interrupted
     * @throws AssertionError if no such line appeared in time or the child exited without it
     */
    public String awaitErrLine(String what, Predicate<String> matcher, Duration timeout) throws InterruptedException {
        return awaitLine(err, errReader, what, matcher, timeout);
    }

    private String awaitLine(List<String> lines, Thread reader, String what, Predicate<String> matcher, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                for (String line : lines) {
                    if (matcher.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("child never printed " + what + " within " + timeout.toMillis() + " ms"
                            + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + describe());
                }
                boolean ended = reader == null ? !outReader.isAlive() && !errReader.isAlive() : !reader.isAlive();
                if (!process.isAlive() && ended) {
                    throw new AssertionError("child exited with " + process.exitValue() + " without printing " + what
                            + describe());
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    /**
     * Waits for the line {@code READY} that every scenario prints once it is set up.
     *
     * @throws InterruptedException if interrupted
     */
    public void awaitReady() throws InterruptedException {
        awaitLine("READY", "READY"::equals, TckTime.awaitWindow());
    }

    /**
     * Writes one line to the child's standard input.
     *
     * @param line the line
     */
    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to child " + pid() + describe(), e);
        }
    }

    /**
     * Closes the child's standard input.
     */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends a real POSIX signal with {@code kill -<signal> <pid>}.
     *
     * @param signal the signal name without {@code SIG}, such as {@code TERM}, {@code INT} or
     *     {@code HUP}
     * @throws IOException if {@code kill} cannot be run
     * @throws InterruptedException if interrupted
     */
    public void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new AssertionError("kill -" + signal + " " + pid() + " did not finish");
        }
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " " + pid() + " failed with " + kill.exitValue() + ": " + output);
        }
    }

    /**
     * Waits for the child to exit; destroys it forcibly if it does not.
     *
     * @param timeout how long to wait
     * @return the exit code
     * @throws InterruptedException if interrupted
     * @throws AssertionError if it did not exit in time (it is then killed)
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            String dump = describe();
            process.destroyForcibly();
            process.waitFor(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
            release();
            throw new AssertionError("child did not exit within " + timeout.toMillis() + " ms; it was killed" + dump);
        }
        exitNanos = System.nanoTime();
        outReader.join(TckTime.awaitWindow().toMillis());
        errReader.join(TckTime.awaitWindow().toMillis());
        release();
        return process.exitValue();
    }

    /**
     * Returns how long after the first standard-output line equal to {@code line} the parent saw
     * the child exit (an upper bound: lines are read asynchronously, exit is polled).
     *
     * @param line the line
     * @return the elapsed time
     * @throws AssertionError if there was no such line or the child has not been awaited
     */
    public synchronized Duration exitedAfter(String line) {
        int i = out.indexOf(line);
        if (i < 0 || exitNanos == 0) {
            throw new AssertionError("no line '" + line + "' or no exit seen" + describe());
        }
        return Duration.ofNanos(exitNanos - outNanos.get(i));
    }

    /**
     * Returns when the parent read the first standard-output line matching {@code matcher}.
     *
     * @param matcher which line
     * @return the reading time, in {@link System#nanoTime()} units
     * @throws AssertionError if there is no such line
     */
    public synchronized long stdoutNanos(Predicate<String> matcher) {
        return nanosOf(out, outNanos, matcher, "stdout");
    }

    /**
     * Returns when the parent read the first standard-error line matching {@code matcher}.
     *
     * @param matcher which line
     * @return the reading time, in {@link System#nanoTime()} units
     * @throws AssertionError if there is no such line
     */
    public synchronized long stderrNanos(Predicate<String> matcher) {
        return nanosOf(err, errNanos, matcher, "stderr");
    }

    private long nanosOf(List<String> lines, List<Long> times, Predicate<String> matcher, String stream) {
        for (int i = 0; i < lines.size(); i++) {
            if (matcher.test(lines.get(i))) {
                return times.get(i);
            }
        }
        throw new AssertionError("no matching line on " + stream + describe());
    }

    /**
     * Returns when the parent read the first line on either stream matching {@code matcher}.
     *
     * @param matcher which line
     * @return the reading time, in {@link System#nanoTime()} units
     * @throws AssertionError if there is no such line
     */
    public synchronized long outputNanos(Predicate<String> matcher) {
        return nanosOf(both, bothNanos, matcher, "stdout or stderr");
    }

    /**
     * Returns the exit code of a child that has exited.
     *
     * @return the exit code
     * @throws AssertionError if the child is still running
     */
    public int exitValue() {
        if (process.isAlive()) {
            throw new AssertionError("the child is still running" + describe());
        }
        return process.exitValue();
    }

    /**
     * Asks the child to terminate (SIGTERM on Linux and macOS) through its process handle.
     * Unlike {@link Process#destroy()}, this leaves this JVM's ends of the child's output pipes
     * open, so what the child prints while it shuts down is still read.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Returns when the parent saw the child exit (an upper bound: exit is observed by waiting).
     *
     * @return the time, in {@link System#nanoTime()} units
     * @throws AssertionError if the child has not been awaited
     */
    public long exitNanos() {
        long at = exitNanos;
        if (at == 0) {
            throw new AssertionError("the child's exit has not been awaited" + describe());
        }
        return at;
    }

    /**
     * Waits {@code period} and returns whether the child was still running all that time.
     *
     * @param period how long to watch
     * @return true if it did not exit within {@code period}
     * @throws InterruptedException if interrupted
     */
    public boolean staysAliveFor(Duration period) throws InterruptedException {
        return !process.waitFor(period.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns whether the child is still running.
     *
     * @return true while alive
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Renders the command and every output line, for failure messages.
     *
     * @return a multi-line description
     */
    public String describe() {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder(nl).append("--- child pid ").append(pid()).append(": ")
                .append(String.join(" ", command)).append(nl).append("--- stdout:").append(nl);
        stdout().forEach(l -> b.append("  ").append(l).append(nl));
        b.append("--- stderr:").append(nl);
        stderr().forEach(l -> b.append("  ").append(l).append(nl));
        return b.toString();
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            releaseSlot.run();
        }
    }

    /** Destroys the child if still running and frees its slot. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
            }
            outReader.join(TckTime.awaitWindow().toMillis());
            errReader.join(TckTime.awaitWindow().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            release();
        }
    }
}
