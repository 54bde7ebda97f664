package io.github.terminable.executor;

import io.github.terminable.TerminationOutcome;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a coordinator's termination callbacks one at a time, each bounded by the callback timeout
 * (rules 1.8, 3.2 to 3.5).
 *
 * <p><b>Overview.</b> Two kinds of helper thread work together:
 * <ul>
 *   <li>the <em>sequencer</em> ({@code <name>-sequencer}), a single-thread executor whose FIFO
 *       queue holds callback jobs: single dispatches from {@code terminate()} and whole shutdown
 *       batches, already in reverse registration order;</li>
 *   <li>the <em>terminator</em> ({@code <name>-terminator-<n>}), a single-thread executor that
 *       actually runs each callback. The sequencer submits one callback to it and waits with
 *       {@link Future#get(long, TimeUnit)} bounded by the callback timeout.</li>
 * </ul>
 * If the bound elapses, the callback is reported as {@code OVERRAN}; its terminator is shut down
 * (so its thread ends whenever the stuck callback returns) and abandoned, and the next callback
 * runs on a fresh terminator (rule 3.4). Thus one blocked callback delays the others by at most
 * the bound, and callbacks never overlap except an abandoned one with its successors.
 *
 * <p>Because callbacks run on neither the caller nor the sequencer, a callback may call
 * {@code terminate()}, {@code shutdown()}, await the completion handle, or even
 * {@code System.exit}, without deadlock (rules 3.9 and 4.9): at worst it overruns.
 *
 * <p><b>Thread-safety.</b> {@link #dispatch} and {@link #dispatchBatch} may be called from any
 * thread. The {@link #terminator} field is confined to the sequencer thread.
 *
 * <p><b>Memory consistency.</b> Actions before a dispatch <i>happen-before</i> the callback
 * (two executor hand-offs).
 */
final class CallbackSequencer {

    private final ExecutorCoordinator coordinator;
    private final ThreadPoolExecutor sequence;
    /** The terminator in use; confined to the sequencer thread. Null until the first callback. */
    private ThreadPoolExecutor terminator;
    /** Number of terminators created; confined to the sequencer thread. */
    private int generation;

    CallbackSequencer(ExecutorCoordinator coordinator) {
        this.coordinator = coordinator;
        this.sequence = InternalThreads.singleDaemon(coordinator.name() + "-sequencer");
    }

    /**
     * Queues the callback of one thread (an explicit or owner-triggered request).
     *
     * @param thread the thread whose callback is due
     */
    void dispatch(ExecutorThread thread) {
        try {
            sequence.execute(() -> invoke(thread));
        } catch (RejectedExecutionException closed) {
            // Only after the coordinator reached TERMINATED: every registered thread has ended,
            // so the request is for an ended thread, which is a no-op (rule 1.5).
        }
    }

    /**
     * Queues a shutdown batch: the callbacks in the given order, then {@code whenDone}.
     *
     * @param batch threads in reverse registration order
     * @param whenDone run on the sequencer after the last callback returned, failed or overran
     */
    void dispatchBatch(List<ExecutorThread> batch, Runnable whenDone) {
        sequence.execute(() -> {
            for (ExecutorThread t : batch) {
                invoke(t);
            }
            whenDone.run();
        });
    }

    /** Lets the helper threads end once queued work is done; called after TERMINATED. */
    void close() {
        try {
            sequence.execute(() -> {
                if (terminator != null) {
                    terminator.shutdown();
                    terminator = null;
                }
            });
        } catch (RejectedExecutionException alreadyClosed) {
            return;
        }
        sequence.shutdown();
    }

    /** Runs one callback on the terminator and waits for it, at most for the bound. */
    private void invoke(ExecutorThread thread) {
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
            // Interrupting the sequencer is not part of any protocol; if it happens, treat the
            // callback as overrun rather than wait without a bound.
            Thread.interrupted();
            outcome = TerminationOutcome.OVERRAN;
            abandonTerminator();
        }
        Duration took = outcome == TerminationOutcome.OVERRAN ? bound : Duration.ofNanos(System.nanoTime() - start);
        coordinator.callbackFinished(thread, outcome, failure, took);
    }

    private ThreadPoolExecutor terminator() {
        if (terminator == null) {
            generation++;
            terminator = InternalThreads.singleDaemon(coordinator.name() + "-terminator-" + generation);
        }
        return terminator;
    }

    /** The stuck callback keeps its thread; that thread ends when the callback returns. */
    private void abandonTerminator() {
        terminator.shutdown();
        terminator = null;
    }
}
