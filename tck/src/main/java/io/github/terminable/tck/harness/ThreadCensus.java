package io.github.terminable.tck.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds threads a test left behind: every live platform thread that did not exist when the
 * test began, except the JVM's and the test framework's own housekeeping threads.
 *
 * <p>An implementation may own a few JVM-wide daemon threads that live for the rest of the JVM
 * once created (such as the thread of a shared {@code java.lang.ref.Cleaner}). A daemon thread
 * still alive after a test is therefore admitted as a <i>resident</i>, with a notice on
 * {@code System.err}, up to {@value #RESIDENT_BUDGET} residents per JVM; beyond that, daemon
 * leftovers are leaks too. Non-daemon leftovers are always leaks. An implementation that leaks a
 * thread per coordinator or per thread exceeds the budget within a few tests.
 *
 * <p>Virtual threads are not visible here ({@link Thread#getAllStackTraces()} omits them); the
 * virtual-thread tests check those through the coordinator and the thread handles instead.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class ThreadCensus {

    /** Name prefixes of threads the JDK, JUnit, build tools or this harness start on their own. */
    private static final List<String> INFRASTRUCTURE = List.of(
            "tck-test-", "tck-watchdog", "tck-child-io-",
            "process reaper", "ForkJoinPool.commonPool-worker-", "Attach Listener", "Common-Cleaner",
            "Signal Dispatcher", "Reference Handler", "Finalizer", "Notification Thread", "JFR ",
            "VirtualThread-unparker", "VirtualThread-unblocker", "Read-Poller", "Write-Poller", "surefire-",
            "junit-", "RMI ", "Monitor Deflation Thread", "Service Thread", "Sweeper thread", "C1 CompilerThread",
            "C2 CompilerThread");

    /**
     * Classes of threads only the JDK or JUnit start, whatever their names: the virtual-thread
     * scheduler's workers, (since Java 25) the thread behind a pool's timed waits, which virtual
     * threads' timed parks start, and the workers of JUnit's parallel execution, which start as
     * child-JVM tests run beside the in-process ones ({@link InChildJvms}).
     */
    private static final Set<String> INFRASTRUCTURE_CLASSES = Set.of(
            "jdk.internal.misc.CarrierThread", "java.util.concurrent.DelayScheduler",
            "org.junit.platform.engine.support.hierarchical.ForkJoinPoolHierarchicalTestExecutorService$WorkerThread",
            "org.junit.platform.engine.support.hierarchical.WorkerThreadPoolHierarchicalTestExecutorService$WorkerThread");

    /** How many long-lived implementation daemon threads one JVM may accumulate. */
    static final int RESIDENT_BUDGET = 4;

    private static final Set<Thread> RESIDENTS = Collections.newSetFromMap(new IdentityHashMap<>());

    private final Set<Thread> before;

    private ThreadCensus(Set<Thread> before) {
        this.before = before;
    }

    /**
     * Takes a census of the threads alive now.
     *
     * @return the census
     */
    static ThreadCensus now() {
        Set<Thread> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(Thread.getAllStackTraces().keySet());
        return new ThreadCensus(live);
    }

    /**
     * Returns the threads alive now that were not alive at the census, minus infrastructure.
     *
     * @return the newcomers still alive
     */
    List<Thread> newcomers() {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !before.contains(t) && !isInfrastructure(t) && !isResident(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Admits daemon leftovers as residents while the budget lasts.
     *
     * @param leftovers threads still alive after a test
     * @return the leftovers that are leaks: non-daemon ones, and daemon ones beyond the budget
     */
    static List<Thread> admitResidents(List<Thread> leftovers) {
        List<Thread> leaks = new ArrayList<>();
        synchronized (RESIDENTS) {
            RESIDENTS.removeIf(t -> !t.isAlive());
            for (Thread t : leftovers) {
                if (RESIDENTS.contains(t)) {
                    continue;
                }
                if (t.isDaemon() && RESIDENTS.size() < RESIDENT_BUDGET) {
                    RESIDENTS.add(t);
                    System.err.println("TCK: admitted long-lived implementation daemon thread '" + t.getName()
                            + "' as a JVM-wide resident (" + RESIDENTS.size() + " of at most " + RESIDENT_BUDGET + ")");
                } else {
                    leaks.add(t);
                }
            }
        }
        return leaks;
    }

    static boolean isResident(Thread t) {
        synchronized (RESIDENTS) {
            return RESIDENTS.contains(t);
        }
    }

    static boolean isInfrastructure(Thread t) {
        if (INFRASTRUCTURE_CLASSES.contains(t.getClass().getName())) {
            return true;
        }
        String name = t.getName();
        for (String prefix : INFRASTRUCTURE) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
