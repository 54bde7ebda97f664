package io.github.terminable.executor;

import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;

/**
 * The JVM-wide coordinator's one JVM shutdown hook: the path of {@code System.exit}, of the
 * signals SIGTERM, SIGINT and SIGHUP, and of the end of a jshell session (rules 4.6 to 4.10).
 *
 * <p><b>Overview.</b> The hook begins shutdown with trigger {@code JVM_EXIT} (or joins the one
 * already under way), then waits for it at most for the shutdown deadline. If threads are still
 * running then, it prints {@code TERMINABLE-DEADLINE} and the report, naming each of them with its
 * stack, and returns, so the JVM can halt (rule 4.8). Callbacks never run on the hook thread; they
 * run on the coordinator's terminator threads (rule 1.8), so a callback that calls
 * {@code System.exit} blocks its own terminator thread, overruns its bound, and the hook moves on
 * (rule 4.9). This hook runs concurrently with any other hook of the JVM (rule 4.11).
 *
 * <p><b>Thread-safety.</b> Runs once, on the JVM's hook thread.
 */
final class JvmExitHook implements Runnable {

    private final ExecutorCoordinator coordinator;

    private JvmExitHook(ExecutorCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Registers the hook, or, if the JVM is already shutting down, begins the shutdown at once.
     *
     * @param coordinator the JVM-wide coordinator
     * @return whether the hook was registered
     */
    static boolean install(ExecutorCoordinator coordinator) {
        // Implementation-owned threads are daemon (rule 1.8); the JVM joins its hooks anyway.
        Thread hook = InternalThreads.newDaemon(new JvmExitHook(coordinator), coordinator.name() + "-jvm-exit-hook");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException jvmAlreadyExiting) {
            // Installed from another hook: no terminable thread may start from now on.
            coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT);
            return false;
        }
    }

    @Override
    public void run() {
        ShutdownReport report;
        try {
            report = coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT).await(coordinator.settings().shutdownDeadline());
        } catch (InterruptedException interrupted) {
            Diagnostics.report(Diagnostics.DEADLINE, "the JVM exit hook of coordinator '" + coordinator.name()
                    + "' was interrupted while waiting for terminable threads", interrupted);
            return;
        }
        if (!report.completed()) {
            Diagnostics.report(Diagnostics.DEADLINE, "coordinator '" + coordinator.name() + "' missed its shutdown deadline of "
                    + coordinator.settings().shutdownDeadline() + "; the JVM halts anyway."
                    + System.lineSeparator() + report.describe(), null);
        }
    }
}
