package io.github.terminable.reference;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The quiescence trigger of the JVM-wide coordinator (rules 4.2 to 4.5).
 *
 * <p>Runs on one daemon thread. It first joins the main thread (the thread named {@code main} in
 * the thread group {@code main}; if none is alive, main has already ended). Then it repeatedly
 * lists the live non-daemon platform threads, leaving out itself, {@code DestroyJavaVM} (the
 * launcher's thread waiting for the others) and the threads registered with the coordinator. If
 * none is left, the program is over: it begins shutdown with trigger
 * {@link ShutdownTrigger#QUIESCENCE} and ends. Otherwise it joins one of them, with no timeout,
 * and looks again: only the end of a thread it waits for can change its verdict, since a thread
 * started meanwhile is non-terminable (and then keeps the program alive anyway) or terminable
 * (and then does not count). It never sleeps to poll.
 *
 * <p>Virtual threads are daemon threads and never counted (rule 6.1). Threads of independent
 * coordinators are not registered with the JVM-wide one, so they count as ordinary non-daemon
 * threads.
 *
 * <p>With {@code reportKeepAliveThreads}, each time the set of threads keeping the JVM alive
 * changes, it writes {@code TERMINABLE-KEEPALIVE} and their names to {@code System.err}.
 *
 * <p><b>Thread-safety.</b> Confined to its own thread.
 */
final class QuiescenceWatcher implements Runnable {

    /** Name of the watcher's thread. */
    static final String THREAD_NAME = "terminable-quiescence-watcher";

    private final ReferenceCoordinator coordinator;
    private final boolean reportKeepAlive;

    QuiescenceWatcher(ReferenceCoordinator coordinator, boolean reportKeepAlive) {
        this.coordinator = coordinator;
        this.reportKeepAlive = reportKeepAlive;
    }

    /**
     * Starts the watcher on a new daemon thread.
     *
     * @return the watcher's thread
     */
    Thread start() {
        Thread t = Terminator.newDaemon(THREAD_NAME, this);
        t.start();
        return t;
    }

    @Override
    public void run() {
        Thread main = findMainThread();
        if (main != null) {
            joinUninterruptibly(main);
        }
        List<Thread> reported = List.of();
        while (coordinator.phase() == CoordinatorPhase.OPEN) {
            List<Thread> blockers = keepAliveThreads();
            if (blockers.isEmpty()) {
                coordinator.beginShutdown(ShutdownTrigger.QUIESCENCE);
                return;
            }
            if (reportKeepAlive && !sameThreads(blockers, reported)) {
                reported = blockers;
                reportKeepAlive(blockers);
            }
            joinUninterruptibly(blockers.get(0));
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
        out.sort((a, b) -> Long.compare(a.getId(), b.getId()));
        return out;
    }

    private static Thread findMainThread() {
        for (Thread t : allThreads()) {
            ThreadGroup group = t.getThreadGroup();
            if ("main".equals(t.getName()) && group != null && "main".equals(group.getName()) && t.isAlive()) {
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

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
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
        Diagnostics.report(Diagnostics.KEEPALIVE, "main has ended, but " + blockers.size()
                + " non-daemon thread(s) that are not terminable keep the JVM alive: " + names
                + "; the terminable threads of '" + coordinator.name() + "' keep running until they end", null);
    }
}
