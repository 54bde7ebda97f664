package io.github.terminable.reference;

import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;

/**
 * The JVM-exit trigger of the JVM-wide coordinator: its one JVM shutdown hook (rules 4.6 to 4.8
 * and 4.10).
 *
 * <p>{@code System.exit}, SIGTERM, SIGINT, SIGHUP and the end of a jshell session all run JVM
 * shutdown hooks. This hook begins the coordinator's shutdown with trigger
 * {@link ShutdownTrigger#JVM_EXIT}, unless a shutdown has already begun, and waits for it at most
 * the shutdown deadline. If the deadline passes first it writes {@code TERMINABLE-DEADLINE} and
 * the report (unfinished threads with their stacks) to {@code System.err}, then returns so that
 * the JVM can halt. No callback runs on the hook's thread: they run on the coordinator's
 * terminator, so a callback that calls {@code System.exit} cannot deadlock the hook (rule 4.9).
 *
 * <p>This hook runs concurrently with the JVM's other shutdown hooks (rule 4.11).
 *
 * <p><b>Thread-safety.</b> Runs once, on the hook thread the JVM starts.
 */
final class JvmExitHook implements Runnable {

    /** Name of the hook's thread. */
    static final String THREAD_NAME = "terminable-jvm-exit-hook";

    private final ReferenceCoordinator coordinator;

    JvmExitHook(ReferenceCoordinator coordinator) {
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
        ReferenceShutdownCompletion completion = coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT);
        ShutdownReport report;
        try {
            report = completion.await(coordinator.settings().shutdownDeadline());
        } catch (InterruptedException e) {
            Diagnostics.report(Diagnostics.DEADLINE, "the JVM exit hook was interrupted while waiting for '"
                    + coordinator.name() + "'; the JVM halts now", null);
            return;
        }
        if (!report.completed()) {
            Diagnostics.report(Diagnostics.DEADLINE, "terminable threads did not end within the shutdown deadline of "
                    + coordinator.settings().shutdownDeadline() + "; the JVM halts anyway. " + report.describe(), null);
        }
    }
}
