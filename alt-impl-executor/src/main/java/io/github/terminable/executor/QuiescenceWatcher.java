package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;

import io.github.terminable.spi.DiagnosticCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The global coordinator's quiescence trigger (rules 4.2 to 4.5).
 *
 * <p><b>Overview.</b> A daemon thread, {@code <name>-quiescence-watcher}, that:
 * <ol>
 *   <li>joins the main thread (which may return or throw, rule 4.3);</li>
 *   <li>lists the live non-daemon platform threads, leaving out itself, {@code DestroyJavaVM}
 *       and the threads registered with the global coordinator;</li>
 *   <li>if none is left, begins shutdown with trigger {@code QUIESCENCE} and ends;</li>
 *   <li>otherwise joins one of them and goes back to step 2, so threads started meanwhile are
 *       noticed (rule 4.4).</li>
 * </ol>
 * After beginning the shutdown it waits for its completion until the shutdown deadline and, if
 * that passes, reports it and ends the JVM with the configured status (rule 4.12, see
 * {@link #awaitDeadline}). If no main thread is found at install, it says so once with
 * {@code TERMINABLE-NO-MAIN} (rule 4.13).
 * It stops watching once the coordinator's shutdown has begun by another trigger.
 * It waits only by {@link Thread#join()}, never by sleeping and polling (rule 4.5). Virtual
 * threads are daemon and never listed (rule 6.1). Terminable threads of independent coordinators
 * that are not attached to it are <em>not</em> left out: they keep the JVM alive until their own coordinator is shut down
 * (rule 2.5). With {@code reportKeepAliveThreads}, each time the set of blockers changes it is
 * printed as a {@code TERMINABLE-KEEPALIVE} line. Threads of coordinators attached (transitively)
 * to the global one are left out like its own (rules 2.7 and 4.4).
 *
 * <p><b>Thread-safety.</b> All state is confined to the watcher thread.
 */
final class QuiescenceWatcher implements Runnable {

    /** Name of the thread in which the JVM waits for the non-daemon threads after main. */
    static final String DESTROY_JAVA_VM = "DestroyJavaVM";

    private final GlobalCoordinator coordinator;
    private final Thread mainThread;
    private List<String> lastReported = List.of();

    private QuiescenceWatcher(GlobalCoordinator coordinator, Thread mainThread) {
        this.coordinator = coordinator;
        this.mainThread = mainThread;
    }

    /**
     * Starts the watcher for {@code coordinator}.
     *
     * @param coordinator the global coordinator
     * @return the started watcher thread
     */
    static Thread start(GlobalCoordinator coordinator) {
        QuiescenceWatcher watcher = new QuiescenceWatcher(coordinator, findMainThread());
        Thread t = InternalThreads.newDaemon(watcher, coordinator.name() + "-quiescence-watcher");
        t.start();
        return t;
    }

    @Override
    public void run() {
        if (mainThread == null) {
            DiagnosticCode.NO_MAIN.report("coordinator '" + coordinator.name() + "' found no main thread"
                    + " (non-daemon thread 'main' of thread group 'main') when it was installed; quiescence is judged"
                    + " on the live non-daemon threads from now on", null);
        }
        joinUninterruptibly(mainThread);
        while (coordinator.phase() == CoordinatorPhase.OPEN) { // another trigger may have begun it
            List<Thread> blockers = keepAliveThreads();
            if (blockers.isEmpty()) {
                ShutdownRun run = coordinator.beginShutdown(ShutdownTrigger.QUIESCENCE);
                if (run.trigger() == ShutdownTrigger.QUIESCENCE) {
                    awaitDeadline(run);
                }
                return;
            }
            report(blockers);
            joinOrRecheck(blockers.get(0));
        }
    }

    /**
     * Joins a blocker. An interrupt means a coordinator was attached to the global one (rule
     * 2.7), which may have turned this blocker into a terminable thread: return, so that the
     * caller enumerates the threads afresh (rule 4.5 still holds: the only wait is a join).
     */
    private static void joinOrRecheck(Thread blocker) {
        try {
            blocker.join();
        } catch (InterruptedException attached) {
            // look again
        }
    }

    /**
     * Rule 4.12: waits for the quiescence shutdown until {@code shutdownDeadline} after its
     * beginning. If it misses it, and the hook has not taken over (application code called
     * {@code System.exit}), reports it as the hook would, then ends the JVM with
     * {@code deadlineExitStatus}; with no status, releases the hold of the last thread (rule
     * 4.11) and lets the unfinished threads keep the JVM alive. With a status the hold is not
     * released: {@code System.exit} does not return, and a released last thread could let the
     * JVM begin its own shutdown sequence, with status 0, first.
     */
    private void awaitDeadline(ShutdownRun run) {
        long deadline = run.startNanos() + Arguments.saturatedNanos(coordinator.settings().shutdownDeadline());
        if (run.awaitUntil(deadline)
                || !coordinator.claimExitPath(GlobalCoordinator.EXIT_PATH_DEADLINE_REPORTED)) {
            return;
        }
        ShutdownReport report = run.currentReport();
        if (report.completed()) {
            return; // completed right at the deadline; the hook returns at once, nothing to report
        }
        OptionalInt status = coordinator.settings().deadlineExitStatus();
        coordinator.reporter().deadlineMissedOnExit(report, "coordinator '" + coordinator.name()
                + "' missed its shutdown deadline of " + coordinator.settings().shutdownDeadline()
                + " after quiescence; " + (status.isPresent() ? "the JVM exits with status " + status.getAsInt()
                : "the unfinished threads keep the JVM alive") + ".");
        try {
            if (status.isPresent()) {
                System.exit(status.getAsInt());
            }
        } finally {
            run.releaseHold(); // reached only without a status (or if exit was refused)
        }
    }

    /** The live non-daemon threads that are neither terminable, nor this watcher, nor DestroyJavaVM. */
    private List<Thread> keepAliveThreads() {
        Set<Thread> terminable = coordinator.registeredThreads();
        Thread self = Thread.currentThread();
        List<Thread> blockers = new ArrayList<>();
        for (Thread t : allPlatformThreads()) {
            if (t != self && t.isAlive() && !t.isDaemon() && !terminable.contains(t)
                    && !DESTROY_JAVA_VM.equals(t.getName())) {
                blockers.add(t);
            }
        }
        return blockers;
    }

    private void report(List<Thread> blockers) {
        if (!coordinator.settings().reportKeepAliveThreads()) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (Thread t : blockers) {
            names.add("'" + t.getName() + "' #" + t.getId());
        }
        if (!names.equals(lastReported)) {
            lastReported = names;
            DiagnosticCode.KEEPALIVE.report("main has ended; " + names.size()
                    + " non-terminable non-daemon thread(s) keep the JVM alive, so nothing is terminated yet: "
                    + names, null);
        }
    }

    private static void joinUninterruptibly(Thread t) {
        if (t == null) {
            return;
        }
        for (;;) {
            try {
                t.join();
                return;
            } catch (InterruptedException ignored) {
                // An attach (rule 2.7) interrupts the watcher so that it looks again; while main
                // lives it is a blocker anyway, so keep waiting for it (restoring the flag would
                // make every join throw).
            }
        }
    }

    /**
     * Finds the main thread (rule 4.13): the live non-daemon thread named {@code main} in thread
     * group {@code main}, or null if it has already ended (or the launcher had none).
     */
    private static Thread findMainThread() {
        Thread current = Thread.currentThread();
        if (isMainThread(current)) {
            return current;
        }
        Thread found = null;
        for (Thread t : allPlatformThreads()) {
            if (isMainThread(t) && (found == null || t.getId() < found.getId())) {
                found = t;
            }
        }
        return found;
    }

    private static boolean isMainThread(Thread t) {
        ThreadGroup group = t.getThreadGroup(); // null once the thread has ended
        return "main".equals(t.getName()) && !t.isDaemon() && t.isAlive() && group != null
                && "main".equals(group.getName());
    }

    /** Every live platform thread, through the root thread group. */
    static List<Thread> allPlatformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.asList(n == threads.length ? threads : Arrays.copyOf(threads, n));
    }
}
