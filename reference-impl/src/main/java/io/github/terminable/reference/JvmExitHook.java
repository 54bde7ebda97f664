package io.github.terminable.reference;

import io.github.terminable.ShutdownTrigger;

/**
 * The JVM-exit trigger of the JVM-wide coordinator: its one JVM shutdown hook (rules 4.6 to 4.8,
 * 4.10 and 4.12).
 *
 * <p>{@code System.exit}, SIGTERM, SIGINT, SIGHUP and the end of a jshell session all run JVM
 * shutdown hooks. This hook marks the coordinator as exiting (from then on the hook path applies
 * and the quiescence watcher no longer reports a missed deadline), begins the coordinator's
 * shutdown with trigger {@link ShutdownTrigger#JVM_EXIT}, unless a shutdown has already begun, and
 * waits for it at most the shutdown deadline, measured from the hook's start. If the deadline
 * passes first it writes {@code TERMINABLE-DEADLINE} and the report (unfinished threads with their
 * stacks) to {@code System.err}, tells the listeners on a daemon thread waited for at most one
 * second, then returns so that the JVM can halt.
 *
 * <p>If the quiescence watcher has already reported a missed deadline (rule 4.12: it then calls
 * {@code System.exit}, which runs this hook), the hook returns at once: no second wait, no second
 * report. It also stops waiting when the watcher reports while it waits.
 *
 * <p>No callback runs on the hook's thread: they run on the coordinator's terminators, so a
 * callback that calls {@code System.exit} cannot deadlock the hook (rule 4.9). This hook runs
 * concurrently with the JVM's other shutdown hooks (rule 4.11).
 *
 * <p><b>Thread-safety.</b> Runs once, on the hook thread the JVM starts.
 */
final class JvmExitHook implements Runnable {

    /** Name of the hook's thread. */
    static final String THREAD_NAME = "terminable-jvm-exit-hook";

    private final GlobalCoordinator coordinator;

    JvmExitHook(GlobalCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Returns the unstarted thread to register with {@link Runtime#addShutdownHook(Thread)}.
     *
     * @return the hook thread
     */
    Thread thread() {
        Thread t = new Thread(null, this, THREAD_NAME, 0, false);
        t.setContextClassLoader(ClassLoader.getSystemClassLoader());
        return t;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        coordinator.jvmExiting = true; // the watcher stands down from now on (rule 4.12)
        ReferenceShutdownCompletion completion = coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT);
        if (completion.deadlineReported()) {
            return; // the watcher reported the missed deadline and called System.exit
        }
        long deadlineNanos = Arguments.toNanosSaturated(coordinator.settings().shutdownDeadline());
        long deadline = deadlineNanos > Long.MAX_VALUE - start ? Long.MAX_VALUE : start + deadlineNanos;
        completion.awaitHoldRelease(deadline); // completion, or a deadline report by the watcher
        if (completion.isDone() || !completion.claimDeadlineReport()) {
            return;
        }
        coordinator.reportMissedDeadline(completion, "the JVM halts anyway");
    }
}
