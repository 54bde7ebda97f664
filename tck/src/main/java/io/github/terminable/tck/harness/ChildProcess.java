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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

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
 * <p>Thread-safe: the log of lines read is guarded by this object's monitor. Closing frees the
 * child's slot (see {@link ChildJvm}); so does a successful {@link #awaitExit}.
 */
public final class ChildProcess implements AutoCloseable {

    /** Which of the child's output streams a line came from, with the word failure messages use for it. */
    private enum Stream {
        OUT("stdout"),
        ERR("stderr");

        private final String word;

        Stream(String word) {
            this.word = word;
        }
    }

    /** One line as read: the stream it came from, its text, and when this JVM read it ({@link System#nanoTime()}). */
    private record ReadLine(Stream stream, String text, long nanos) {
    }

    /** Standard output alone. */
    private static final List<Stream> STDOUT = List.of(Stream.OUT);
    /** Standard error alone. */
    private static final List<Stream> STDERR = List.of(Stream.ERR);
    /** Either stream, standard output first (the order failure messages name them in). */
    private static final List<Stream> EITHER = List.of(Stream.OUT, Stream.ERR);

    private final List<String> command;
    private final Process process;
    private final Runnable releaseSlot;
    private final AtomicBoolean released = new AtomicBoolean();
    /** Every line read from either stream, in the order this JVM read them; guarded by this object's monitor. */
    private final List<ReadLine> log = new ArrayList<>();
    private volatile long exitNanos;
    private final Thread outReader;
    private final Thread errReader;
    private final long startNanos = System.nanoTime();

    ChildProcess(List<String> command, Process process, Runnable releaseSlot) {
        this.command = command;
        this.process = process;
        this.releaseSlot = releaseSlot;
        this.outReader = reader(Stream.OUT, process.getInputStream());
        this.errReader = reader(Stream.ERR, process.getErrorStream());
    }

    private Thread reader(Stream stream, InputStream pipe) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        log.add(new ReadLine(stream, line, System.nanoTime()));
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the stream closes when the process is destroyed; nothing more to read
            }
        }, "tck-child-io-" + stream.name().toLowerCase(Locale.ROOT) + "-" + process.pid());
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
        return texts(STDOUT);
    }

    /**
     * Returns the standard error lines read so far.
     *
     * @return a snapshot
     */
    public synchronized List<String> stderr() {
        return texts(STDERR);
    }

    /**
     * Returns the standard output lines read so far that start with {@code prefix}, in order.
     *
     * @param prefix the lines' beginning
     * @return a snapshot
     */
    public synchronized List<String> stdoutStartingWith(String prefix) {
        return texts(STDOUT).stream().filter(line -> line.startsWith(prefix)).toList();
    }

    /**
     * Returns the lines of both streams read so far, in the order they were read.
     *
     * @return a snapshot
     */
    public synchronized List<String> output() {
        return texts(EITHER);
    }

    /** Returns the texts of the lines read from {@code streams}, in reading order; the caller holds the monitor. */
    private List<String> texts(List<Stream> streams) {
        List<String> texts = new ArrayList<>();
        for (ReadLine line : log) {
            if (streams.contains(line.stream())) {
                texts.add(line.text());
            }
        }
        return List.copyOf(texts);
    }

    /**
     * Returns the first line read from one of {@code streams} whose text matches {@code matcher};
     * the caller holds the monitor.
     */
    private Optional<ReadLine> first(List<Stream> streams, Predicate<String> matcher) {
        for (ReadLine line : log) {
            if (streams.contains(line.stream()) && matcher.test(line.text())) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** Returns whether the reader of every one of {@code streams} has ended. */
    private boolean ended(List<Stream> streams) {
        return streams.stream().noneMatch(stream -> (stream == Stream.OUT ? outReader : errReader).isAlive());
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
        return awaitLine(EITHER, what, matcher, timeout);
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
        return waitForLine(EITHER, matcher, System.nanoTime() + timeout.toNanos(), () -> ended(EITHER))
                .map(ReadLine::text);
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
        return awaitLine(STDOUT, what, matcher, timeout);
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
        return awaitLine(STDERR, what, matcher, timeout);
    }

    private String awaitLine(List<Stream> streams, String what, Predicate<String> matcher, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<ReadLine> found = waitForLine(streams, matcher, deadline,
                () -> !process.isAlive() && ended(streams));
        if (found.isPresent()) {
            return found.get().text();
        }
        if (deadline - System.nanoTime() <= 0) {
            throw new AssertionError("child never printed " + what + " within " + timeout.toMillis() + " ms"
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + describe());
        }
        throw new AssertionError("child exited with " + process.exitValue() + " without printing " + what + describe());
    }

    /**
     * Waits until a line read from one of {@code streams} matches {@code matcher}, the
     * {@link System#nanoTime()} {@code deadline} passes, or {@code hopeless} holds (checked under
     * the monitor, after each new line and at least every 50 ms).
     *
     * @return the first matching line, or empty if the deadline passed or it became hopeless first
     */
    private Optional<ReadLine> waitForLine(List<Stream> streams, Predicate<String> matcher, long deadline,
            BooleanSupplier hopeless) throws InterruptedException {
        synchronized (this) {
            while (true) {
                Optional<ReadLine> found = first(streams, matcher);
                long left = deadline - System.nanoTime();
                if (found.isPresent() || left <= 0 || hopeless.getAsBoolean()) {
                    return found;
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
        Optional<ReadLine> read = first(STDOUT, text -> text.equals(line));
        if (read.isEmpty() || exitNanos == 0) {
            throw new AssertionError("no line '" + line + "' or no exit seen" + describe());
        }
        return Duration.ofNanos(exitNanos - read.get().nanos());
    }

    /**
     * Returns when the parent read the first standard-output line matching {@code matcher}.
     *
     * @param matcher which line
     * @return the reading time, in {@link System#nanoTime()} units
     * @throws AssertionError if there is no such line
     */
    public synchronized long stdoutNanos(Predicate<String> matcher) {
        return nanosOf(STDOUT, matcher);
    }

    /**
     * Returns when the parent read the first standard-error line matching {@code matcher}.
     *
     * @param matcher which line
     * @return the reading time, in {@link System#nanoTime()} units
     * @throws AssertionError if there is no such line
     */
    public synchronized long stderrNanos(Predicate<String> matcher) {
        return nanosOf(STDERR, matcher);
    }

    private long nanosOf(List<Stream> streams, Predicate<String> matcher) {
        Optional<ReadLine> read = first(streams, matcher);
        if (read.isEmpty()) {
            String words = streams.stream().map(stream -> stream.word).collect(Collectors.joining(" or "));
            throw new AssertionError("no matching line on " + words + describe());
        }
        return read.get().nanos();
    }

    /**
     * Returns when the parent read the first line on either stream matching {@code matcher}.
     *
     * @param matcher which line
     * @return the reading time, in {@link System#nanoTime()} units
     * @throws AssertionError if there is no such line
     */
    public synchronized long outputNanos(Predicate<String> matcher) {
        return nanosOf(EITHER, matcher);
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
