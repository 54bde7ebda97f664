package io.github.terminable.executor;

import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;

/**
 * The global coordinator's one JVM shutdown hook: the path of {@code System.exit}, of the
 * signals SIGTERM, SIGINT and SIGHUP, and of the end of a jshell session (rules 4.6 to 4.10).
 *
 * <p><b>Overview.</b> The hook begins shutdown with trigger {@code JVM_EXIT} (or joins the one
 * already under way, also a quiescence shutdown: from then on the hook path applies), then waits
 * for it at most for the shutdown deadline, measured from the hook's start. If threads are still
 * running then, it prints {@code TERMINABLE-DEADLINE} and the report, naming each of them with its
 * stack, tells the listeners on a daemon thread waiting at most one second
 * ({@link Reporter#deadlineMissedOnExit}), and returns, so the JVM can halt (rule 4.8). If the quiescence
 * watcher has already reported its deadline and called {@code System.exit} (rule 4.12), the hook
 * returns at once; which of the two reports is decided once, by
 * {@link GlobalCoordinator#claimExitPath}. Callbacks never run on the hook thread; they
 * run on the coordinator's terminator threads (rule 1.8), so a callback that calls
 * {@code System.exit} blocks its own terminator thread, overruns its bound, and the hook moves on
 * (rule 4.9). This hook runs concurrently with any other hook of the JVM (rule 4.11).
 *
 * <p><b>Thread-safety.</b> Runs once, on the JVM's hook thread.
 */
final class JvmExitHook implements Runnable {

    private final GlobalCoordinator coordinator;

    private JvmExitHook(GlobalCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    /**
     * Registers the hook, or, if the JVM is already shutting down, begins the shutdown at once.
     *
     * @param coordinator the global coordinator
     * @return whether the hook was registered
     */
    static boolean install(GlobalCoordinator coordinator) {
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
        long start = System.nanoTime();
        if (!coordinator.claimExitPath(GlobalCoordinator.EXIT_PATH_HOOK)) {
            // The quiescence watcher has reported the deadline and called System.exit (rule
            // 4.12): neither wait again nor print a second TERMINABLE-DEADLINE.
            return;
        }
        ShutdownRun run = coordinator.beginShutdown(ShutdownTrigger.JVM_EXIT);
        long deadline = start + Arguments.saturatedNanos(coordinator.settings().shutdownDeadline());
        if (run.awaitUntil(deadline)) {
            return;
        }
        ShutdownReport report = run.currentReport();
        if (!report.completed()) {
            coordinator.reporter().deadlineMissedOnExit(report, "coordinator '" + coordinator.name()
                    + "' missed its shutdown deadline of " + coordinator.settings().shutdownDeadline()
                    + " on JVM exit; the JVM halts anyway.");
        }
    }
}
