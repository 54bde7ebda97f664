package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownTrigger;

import io.github.terminable.spi.DiagnosticCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The quiescence trigger of the JVM-wide coordinator (rules 4.2 to 4.5).
 *
 * <p>Runs on one daemon thread. It first joins the main thread (rule 4.13: the non-daemon thread
 * named {@code main} in the thread group {@code main}, looked up when the coordinator is
 * installed; if none is alive then, it prints {@code TERMINABLE-NO-MAIN} once and judges
 * quiescence on the live non-daemon threads from then on). Then it repeatedly lists the live
 * non-daemon platform threads, leaving out itself, {@code DestroyJavaVM} (the launcher's thread
 * waiting for the others) and the threads registered with the coordinator or with a coordinator
 * attached to it, transitively (rule 2.7). If none is left, the program is over: it begins
 * shutdown with trigger {@link ShutdownTrigger#QUIESCENCE}. Otherwise it joins one of them, with
 * no timeout, and looks again: only the end of a thread it waits for can change its verdict,
 * since a thread started meanwhile is non-terminable (and then keeps the program alive anyway) or
 * terminable (and then does not count). The one other event that changes the verdict, an
 * independent coordinator being attached under the JVM-wide one (its running threads stop
 * counting), interrupts the watcher ({@link #recheck()}), which then looks again. It never sleeps
 * to poll.
 *
 * <p>After it has begun the shutdown, it waits for completion until {@code shutdownDeadline} after
 * the shutdown began (rule 4.12). If the deadline passes first, and the JVM exit hook has not
 * started meanwhile (then the hook path applies), it reports {@code TERMINABLE-DEADLINE} with the
 * report, tells the listeners (bounded to one second), releases the hold of rule 4.11, and then,
 * unless {@code deadlineExitStatus} is {@code none}, calls {@code System.exit(status)} on its own
 * thread.
 *
 * <p>Virtual threads are daemon threads and never counted (rule 6.1). Threads of independent
 * coordinators not attached under the JVM-wide one count as ordinary non-daemon threads.
 *
 * <p>With {@code reportKeepAliveThreads}, each time the set of threads keeping the JVM alive
 * changes, it writes {@code TERMINABLE-KEEPALIVE} and their names to {@code System.err}.
 *
 * <p><b>Thread-safety.</b> Confined to its own thread.
 */
final class QuiescenceWatcher implements Runnable {

    /** Name of the watcher's thread. */
    static final String THREAD_NAME = "terminable-quiescence-watcher";

    private final GlobalCoordinator coordinator;
    private final boolean reportKeepAlive;
    /** The main thread found at installation (rule 4.13), or null. */
    private final Thread main;
    private volatile Thread thread;

    QuiescenceWatcher(GlobalCoordinator coordinator, boolean reportKeepAlive) {
        this.coordinator = coordinator;
        this.reportKeepAlive = reportKeepAlive;
        this.main = findMainThread();
    }

    /**
     * Starts the watcher on a new daemon thread.
     *
     * @return the watcher's thread
     */
    Thread start() {
        Thread t = Terminator.newDaemon(THREAD_NAME, this);
        thread = t;
        t.start();
        return t;
    }

    /**
     * Makes the watcher look at the threads again: a coordinator was attached under the JVM-wide
     * one, so threads it counted may no longer count (rule 2.7). Safe from any thread.
     */
    void recheck() {
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // the watcher's joins treat an interrupt as "look again"
        }
    }

    @Override
    public void run() {
        if (main != null) {
            joinIgnoringInterrupts(main);
        } else {
            DiagnosticCode.NO_MAIN.report("no main thread (non-daemon thread 'main' in thread group 'main')"
                    + " was alive when the JVM-wide coordinator '" + coordinator.name() + "' was installed;"
                    + " quiescence is judged on the live non-daemon threads from now on", null);
        }
        List<Thread> reported = List.of();
        while (coordinator.phase() == CoordinatorPhase.OPEN) {
            Thread.interrupted(); // a recheck() that arrives from here on is seen by the next join
            List<Thread> blockers = keepAliveThreads();
            if (blockers.isEmpty()) {
                ReferenceShutdownCompletion c = coordinator.beginShutdown(ShutdownTrigger.QUIESCENCE);
                if (c.trigger() == ShutdownTrigger.QUIESCENCE) {
                    awaitDeadline(c);
                }
                return;
            }
            if (reportKeepAlive && !sameThreads(blockers, reported)) {
                reported = blockers;
                reportKeepAlive(blockers);
            }
            try {
                blockers.get(0).join();
            } catch (InterruptedException recheck) {
                // look again
            }
        }
    }

    /**
     * Rule 4.12: waits for completion until {@code shutdownDeadline} after the shutdown began;
     * if missed, reports it and, unless configured otherwise, ends the JVM.
     */
    private void awaitDeadline(ReferenceShutdownCompletion c) {
        long deadlineNanos = Arguments.toNanosSaturated(coordinator.settings().shutdownDeadline());
        long deadline = deadlineNanos > Long.MAX_VALUE - c.startNanos() ? Long.MAX_VALUE : c.startNanos() + deadlineNanos;
        c.awaitHoldRelease(deadline); // completion, or a deadline report by the hook
        if (c.isDone() || coordinator.jvmExiting || !c.claimDeadlineReport()) {
            return; // completed; or the hook path applies from the hook's start
        }
        OptionalInt status = coordinator.settings().deadlineExitStatus();
        coordinator.reportMissedDeadline(c, status.isPresent()
                ? "the JVM is ended with System.exit(" + status.getAsInt() + ")"
                : "the unfinished threads keep the JVM alive (" + CoordinatorSettings.DEADLINE_EXIT_STATUS_PROPERTY
                + "=" + CoordinatorSettings.NO_EXIT + ")");
        if (status.isPresent() && !coordinator.jvmExiting) {
            System.exit(status.getAsInt()); // the hook then sees the report and returns at once
        }
    }

    /**
     * Returns the live non-daemon threads that are neither this watcher, nor
     * {@code DestroyJavaVM}, nor registered with the coordinator.
     *
     * @return the threads keeping the JVM alive, oldest id first
     */
    List<Thread> keepAliveThreads() {
        Thread self = Thread.currentThread();
        Thread[] all = allThreads();
        // Registered after listing: a listed terminable thread is registered already (registration
        // precedes start), unless it has just ended, and then joining it returns at once.
        Set<Thread> terminable = coordinator.registeredThreads();
        List<Thread> out = new ArrayList<>();
        for (Thread t : all) {
            if (t != self && t.isAlive() && !t.isDaemon() && !"DestroyJavaVM".equals(t.getName())
                    && !terminable.contains(t)) {
                out.add(t);
            }
        }
        if (out.size() > 1) {
            out.sort(new ById()); // only then: at a quiet exit the list is empty
        }
        return out;
    }

    private static Thread findMainThread() {
        for (Thread t : allThreads()) {
            ThreadGroup group = t.getThreadGroup();
            if ("main".equals(t.getName()) && group != null && "main".equals(group.getName()) && t.isAlive()
                    && !t.isDaemon()) {
                return t;
            }
        }
        return null;
    }

    /** Lists every live platform thread, through the root thread group. */
    static Thread[] allThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[Math.max(16, root.activeCount() * 2)];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return Arrays.copyOf(threads, n);
    }

    /** Joins {@code t}; a recheck() meanwhile changes nothing, main is a blocker regardless. */
    private static void joinIgnoringInterrupts(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException recheck) {
                // main is never terminable: keep waiting for it
            }
        }
    }

    private static boolean sameThreads(List<Thread> a, List<Thread> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private void reportKeepAlive(List<Thread> blockers) {
        StringBuilder names = new StringBuilder();
        for (Thread t : blockers) {
            if (names.length() > 0) {
                names.append(", ");
            }
            names.append('"').append(t.getName()).append("\" #").append(t.getId());
        }
        DiagnosticCode.KEEPALIVE.report("main has ended, but " + blockers.size()
                + " non-daemon thread(s) that are not terminable keep the JVM alive: " + names
                + "; the terminable threads of '" + coordinator.name() + "' keep running until they end", null);
    }

    /** Orders threads by id; a named class, loaded only when two threads keep the JVM alive. */
    private static final class ById implements java.util.Comparator<Thread> {
        @Override
        public int compare(Thread a, Thread b) {
            return Long.compare(a.getId(), b.getId());
        }
    }
}
