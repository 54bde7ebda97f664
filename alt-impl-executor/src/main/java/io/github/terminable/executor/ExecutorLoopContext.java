package io.github.terminable.executor;

import io.github.terminable.LoopContext;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The background side of an {@link ExecutorLoop} (rules 5.5 and 5.6).
 *
 * <p><b>Overview.</b> Every method first checks that it runs on the loop thread, so all state
 * here is confined to that one thread and needs no synchronization. Cleanup actions are kept on a
 * stack; {@link #runCleanups()} pops them after the loop's last task, so they run once, in LIFO
 * order, on the loop thread. An action that throws is reported on {@code System.err} (a line
 * naming the loop, then the stack trace) and the rest still run.
 *
 * <p>States: {@code ACCEPTING -> CLEANING} ({@link #cleaning}), changed once, on the loop thread.
 *
 * <p><b>Thread-safety.</b> Confined to the loop thread; other threads get
 * {@link IllegalStateException}.
 */
final class ExecutorLoopContext implements LoopContext {

    private final ExecutorLoop loop;
    /** Cleanup actions, most recent first. Confined to the loop thread. */
    private final Deque<AutoCloseable> cleanups = new ArrayDeque<>();
    /** Whether the cleanup actions have started running. Confined to the loop thread. */
    private boolean cleaning;

    ExecutorLoopContext(ExecutorLoop loop) {
        this.loop = loop;
    }

    @Override
    public void deferCleanup(AutoCloseable action) {
        Arguments.notNull(action, "action");
        requireLoopThread("deferCleanup");
        if (cleaning) {
            throw new IllegalStateException("loop '" + loop.name()
                    + "' is already running its cleanup actions; deferCleanup is no longer possible");
        }
        cleanups.push(action);
    }

    @Override
    public boolean isTerminationRequested() {
        requireLoopThread("isTerminationRequested");
        return loop.thread().isTerminationRequested();
    }

    @Override
    public String name() {
        requireLoopThread("loopName");
        return loop.name();
    }

    /** Runs the cleanup actions, LIFO, on the loop thread, once. */
    void runCleanups() {
        cleaning = true;
        while (!cleanups.isEmpty()) {
            AutoCloseable action = cleanups.pop();
            try {
                action.close();
            } catch (Throwable failure) {
                loop.reporter().cleanupFailed(loop.name(), action, failure);
            }
        }
    }

    private void requireLoopThread(String method) {
        if (!loop.onLoopThread()) {
            throw new IllegalStateException("LoopContext." + method + " must be called on the thread of loop '"
                    + loop.name() + "', not on '" + Thread.currentThread().getName() + "'");
        }
    }
}
