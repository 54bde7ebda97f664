package io.github.terminable.tck.property;

import io.github.terminable.tck.harness.TckTime;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The helper threads of one scenario run (producers, terminators, shutdown callers, ...): daemon
 * threads named after the run, each of which records what it threw as a fault of the driver
 * rather than of the implementation, and which the driver joins at the end within one shared
 * window, reporting those still alive as stuck.
 *
 * <p>Thread-safe: a helper may start further helpers.
 */
final class Helpers {

    private final String namePrefix;
    private final Queue<String> faults;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /**
     * Creates the helpers of one run.
     *
     * @param namePrefix what each helper thread's name begins with, before its label
     * @param faults where a helper that throws records it, as {@code helper <label> failed: <e>}
     */
    Helpers(String namePrefix, Queue<String> faults) {
        this.namePrefix = namePrefix;
        this.faults = faults;
    }

    /**
     * Starts a helper.
     *
     * @param label names the helper (in its thread name and in a fault)
     * @param step what it runs
     * @return its thread, started
     */
    Thread start(String label, Step step) {
        Thread t = new Thread(() -> {
            try {
                step.run();
            } catch (Throwable e) {
                faults.add("helper " + label + " failed: " + e);
            }
        }, namePrefix + label);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    /**
     * Joins the helpers within one shared await window.
     *
     * @return those still alive then (on an interrupt: those found alive so far)
     */
    List<StuckHelper> join() {
        List<StuckHelper> stuck = new ArrayList<>();
        long deadline = System.nanoTime() + TckTime.awaitWindow().toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return stuck;
            }
            if (t.isAlive()) {
                stuck.add(StuckHelper.of(t));
            }
        }
        return stuck;
    }

    /** What a helper runs. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }
}
