package io.github.terminable.executor;

import io.github.terminable.TerminationOutcome;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs termination callbacks one at a time, each bounded by the callback timeout (rules 1.8,
 * 3.3 and 3.4).
 *
 * <p><b>Overview.</b> Two kinds of helper thread work together:
 * <ul>
 *   <li>the <em>sequencer</em>, a single-thread executor whose FIFO queue holds jobs; a job calls
 *       {@link #invoke} for each callback it wants run, one after the other;</li>
 *   <li>the <em>terminator</em> ({@code <name>-terminator-<n>}), a single-thread executor that
 *       actually runs the callback. The sequencer submits the callback to it and waits with
 *       {@link Future#get(long, TimeUnit)}, bounded by the callback timeout.</li>
 * </ul>
 * If the bound elapses, the callback is declared {@code OVERRAN}; its terminator is shut down (so
 * its thread ends whenever the stuck callback returns; it is neither stopped nor interrupted) and
 * abandoned, and the next callback runs on a fresh terminator. So one blocked callback delays the
 * next by at most the bound, and callbacks of one sequencer never overlap except an abandoned one
 * with its successors.
 *
 * <p>Listener deliveries made by a sequencer ({@code phaseChanged}, {@code callbackOverran},
 * {@code terminated}) run the same way, one listener call at a time on the terminator, each bounded
 * by the callback timeout ({@link #runBounded}), so a blocked listener cannot stall the shutdown
 * either.
 *
 * <p>A coordinator has two sequencers: one for requests made outside the terminate phase
 * ({@code terminate()}, owners, pre-start requests), one for the terminate phase itself, so that
 * neither waits behind the other (rules 1.2 and 3.3). Because callbacks run on neither the caller
 * nor the sequencer, a callback may call {@code terminate()}, {@code shutdown()}, await the
 * completion handle, or even {@code System.exit}, without deadlock (rules 3.9 and 4.9): at worst
 * it overruns.
 *
 * <p><b>Thread-safety.</b> {@link #execute} may be called from any thread. {@link #invoke} must be
 * called on the sequencer thread; the {@link #terminator} field is confined to it.
 *
 * <p><b>Memory consistency.</b> Actions before {@link #execute} <i>happen-before</i> the job, and
 * so every callback the job invokes (two executor hand-offs).
 */
final class CallbackSequencer {

    private final ExecutorCoordinator coordinator;
    private final ThreadPoolExecutor sequence;
    /** The terminator in use; confined to the sequencer thread. Null until the first callback. */
    private ThreadPoolExecutor terminator;

    /**
     * Creates a sequencer; its thread starts with its first job.
     *
     * @param coordinator whose callbacks it runs
     * @param threadName the sequencer thread's name
     */
    CallbackSequencer(ExecutorCoordinator coordinator, String threadName) {
        this.coordinator = coordinator;
        this.sequence = InternalThreads.singleDaemon(threadName);
    }

    /**
     * Queues a job for the sequencer thread.
     *
     * @param job what to run; it may call {@link #invoke}
     * @return whether the job was queued ({@code false} only after {@link #close()})
     */
    boolean execute(Runnable job) {
        try {
            sequence.execute(job);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** Lets the helper threads end once the queued jobs are done; later jobs are refused. */
    void close() {
        if (execute(this::retireTerminator)) {
            sequence.shutdown();
        }
    }

    /**
     * Runs the callback of {@code thread} on the terminator, waits for it at most for the bound,
     * and reports the outcome. Must be called on the sequencer thread.
     *
     * @param thread whose callback to run
     * @param shutdown the shutdown under way when the callback is invoked, or {@code null}
     */
    void invoke(ExecutorThread thread, ShutdownRun shutdown) {
        Duration bound = coordinator.settings().callbackTimeout();
        long start = System.nanoTime();
        Future<?> running = terminator().submit(() -> {
            thread.invokeCallback();
            return null;
        });
        TerminationOutcome outcome;
        Throwable failure = null;
        try {
            running.get(Arguments.saturatedNanos(bound), TimeUnit.NANOSECONDS);
            outcome = TerminationOutcome.COMPLETED;
        } catch (ExecutionException thrown) {
            outcome = TerminationOutcome.FAILED;
            failure = thrown.getCause();
        } catch (TimeoutException | InterruptedException stuck) {
            // Interrupting a sequencer is not part of any protocol; if it happens, treat the
            // callback as overrun rather than wait without a bound.
            Thread.interrupted();
            outcome = TerminationOutcome.OVERRAN;
            retireTerminator();
        }
        Duration took = outcome == TerminationOutcome.OVERRAN ? bound : Duration.ofNanos(System.nanoTime() - start);
        coordinator.callbackFinished(thread, outcome, failure, took, shutdown, this);
    }

    /**
     * Runs {@code action} (a listener delivery that catches its own failures) on the terminator
     * and waits for it at most for the callback timeout. Must be called on the sequencer thread.
     *
     * @param action what to run
     * @return {@code false} if it did not return in time; it is then left running, abandoned
     */
    boolean runBounded(Runnable action) {
        Future<?> running = terminator().submit(action);
        try {
            running.get(Arguments.saturatedNanos(coordinator.settings().callbackTimeout()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException impossible) {
            return true; // the action reports its own failures
        } catch (TimeoutException | InterruptedException stuck) {
            Thread.interrupted();
            retireTerminator();
            return false;
        }
    }

    private ThreadPoolExecutor terminator() {
        if (terminator == null) {
            terminator = InternalThreads.singleDaemon(coordinator.nextTerminatorName());
        }
        return terminator;
    }

    /** A stuck callback keeps its thread; that thread ends when the callback returns. */
    private void retireTerminator() {
        if (terminator != null) {
            terminator.shutdown();
            terminator = null;
        }
    }
}
