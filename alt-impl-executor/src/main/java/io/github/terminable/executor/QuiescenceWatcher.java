package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownTrigger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The JVM-wide coordinator's quiescence trigger (rules 4.2 to 4.5).
 *
 * <p><b>Overview.</b> A daemon thread, {@code <name>-quiescence-watcher}, that:
 * <ol>
 *   <li>joins the main thread (which may return or throw, rule 4.3);</li>
 *   <li>lists the live non-daemon platform threads, leaving out itself, {@code DestroyJavaVM}
 *       and the threads registered with the JVM-wide coordinator;</li>
 *   <li>if none is left, begins shutdown with trigger {@code QUIESCENCE} and ends;</li>
 *   <li>otherwise joins one of them and goes back to step 2, so threads started meanwhile are
 *       noticed (rule 4.4).</li>
 * </ol>
 * It stops watching once the coordinator's shutdown has begun by another trigger.
 * It waits only by {@link Thread#join()}, never by sleeping and polling (rule 4.5). Virtual
 * threads are daemon and never listed (rule 6.1). Terminable threads of independent coordinators
 * are <em>not</em> left out: they keep the JVM alive until their own coordinator is shut down
 * (rule 2.5). With {@code reportKeepAliveThreads}, each time the set of blockers changes it is
 * printed as a {@code TERMINABLE-KEEPALIVE} line.
 *
 * <p><b>Thread-safety.</b> All state is confined to the watcher thread.
 */
final class QuiescenceWatcher implements Runnable {

    /** Name of the thread in which the JVM waits for the non-daemon threads after main. */
    static final String DESTROY_JAVA_VM = "DestroyJavaVM";

    private final ExecutorCoordinator coordinator;
    private final Thread mainThread;
    private List<String> lastReported = List.of();

    private QuiescenceWatcher(ExecutorCoordinator coordinator, Thread mainThread) {
        this.coordinator = coordinator;
        this.mainThread = mainThread;
    }

    /**
     * Starts the watcher for {@code coordinator}.
     *
     * @param coordinator the JVM-wide coordinator
     * @return the started watcher thread
     */
    static Thread start(ExecutorCoordinator coordinator) {
        QuiescenceWatcher watcher = new QuiescenceWatcher(coordinator, findMainThread());
        Thread t = InternalThreads.newDaemon(watcher, coordinator.name() + "-quiescence-watcher");
        t.start();
        return t;
    }

    @Override
    public void run() {
        joinUninterruptibly(mainThread);
        while (coordinator.phase() == CoordinatorPhase.OPEN) { // another trigger may have begun it
            List<Thread> blockers = keepAliveThreads();
            if (blockers.isEmpty()) {
                coordinator.beginShutdown(ShutdownTrigger.QUIESCENCE);
                return;
            }
            report(blockers);
            joinUninterruptibly(blockers.get(0));
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
            Diagnostics.report(Diagnostics.KEEPALIVE, "main has ended; " + names.size()
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
                // Nobody has a reason to interrupt the watcher, and it has no one to hand the
                // interrupt to: keep waiting (restoring the flag would make every join throw).
            }
        }
    }

    /**
     * Finds the thread that runs {@code main}: the platform thread named {@code main}, or null if
     * it has already ended (or the launcher had none).
     */
    private static Thread findMainThread() {
        Thread current = Thread.currentThread();
        if ("main".equals(current.getName()) && !current.isDaemon()) {
            return current;
        }
        Thread found = null;
        for (Thread t : allPlatformThreads()) {
            if ("main".equals(t.getName()) && !t.isDaemon() && (found == null || t.getId() < found.getId())) {
                found = t;
            }
        }
        return found;
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
        return Arrays.asList(threads).subList(0, n);
    }
}
