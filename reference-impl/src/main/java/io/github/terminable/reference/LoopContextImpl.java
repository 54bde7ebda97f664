package io.github.terminable.reference;

import io.github.terminable.LoopContext;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The background side of a loop: what tasks running on the loop thread see (rules 5.5 and 5.6).
 *
 * <p><b>Thread-safety.</b> Confined to the loop thread: every method first checks that it is
 * called there, and throws {@link IllegalStateException} otherwise (rule 5.6). Because of that
 * confinement, the cleanup stack needs no synchronization.
 */
final class LoopContextImpl implements LoopContext {

    private final String loopName;
    private final ReferenceTerminableThread loopThread;
    /** LIFO stack of cleanup actions; loop thread only. */
    private final ArrayDeque<AutoCloseable> cleanups = new ArrayDeque<>();
    /** false -> true when the cleanups start running; loop thread only. */
    private boolean cleaningUp;

    LoopContextImpl(String loopName, ReferenceTerminableThread loopThread) {
        this.loopName = loopName;
        this.loopThread = loopThread;
    }

    @Override
    public void deferCleanup(AutoCloseable action) {
        Objects.requireNonNull(action, "action must not be null"); // a null is named before any state check (rule 1.10)
        checkLoopThread("deferCleanup");
        if (cleaningUp) {
            throw new IllegalStateException("background loop '" + loopName
                    + "' is already running its cleanup actions; no new one can be deferred");
        }
        cleanups.push(action);
    }

    @Override
    public boolean isTerminationRequested() {
        checkLoopThread("isTerminationRequested");
        return loopThread.isTerminationRequested();
    }

    @Override
    public String name() {
        checkLoopThread("loopName");
        return loopName;
    }

    /**
     * Runs every deferred cleanup action once, last deferred first; one that throws is reported
     * on {@code System.err} ({@code TERMINABLE-CLEANUP-FAILED}) and the others still run (rule
     * 5.5). Loop thread only, after the last task.
     */
    void runCleanups() {
        cleaningUp = true;
        AutoCloseable action;
        while ((action = cleanups.poll()) != null) {
            try {
                action.close();
            } catch (Throwable failure) {
                Reporter.cleanupFailed(action, loopName, failure);
            }
        }
    }

    private void checkLoopThread(String method) {
        if (Thread.currentThread() != loopThread.thread()) {
            throw new IllegalStateException("LoopContext." + method + " of background loop '" + loopName
                    + "' called from thread '" + Thread.currentThread().getName()
                    + "'; it may only be used on the loop thread");
        }
    }
}
