package io.github.terminable.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The timeline of one row 2 shutdown, seen from the threads being shut down: when each thread's
 * sleep was interrupted and when its body ended, relative to the trigger, plus the garbage
 * collections that fell inside the window. It needs no hook in either implementation, so the
 * baseline and both implementations are timed the same way, by the same bodies.
 *
 * <p>A round is read in four phases:
 * <ol>
 *   <li><b>hand-off</b>: trigger to the first thread woken (the terminator's start for an
 *       implementation, one {@code interrupt()} for the baseline);</li>
 *   <li><b>requests</b>: first to last thread woken (issuing every {@code interrupt()});</li>
 *   <li><b>drain</b>: last thread woken to last body ended;</li>
 *   <li><b>completion</b>: last body ended to the end of the window ({@code Thread.exit} of the last
 *       threads, the implementation's bookkeeping, the waiter's wake-up).</li>
 * </ol>
 *
 * <p><b>Thread-safety.</b> {@link #woke} and {@link #ended} may be called by the N threads at once,
 * each with its own index; every other method by the one measuring thread, after every thread has
 * ended. The slots are an {@link AtomicLongArray}, so a slot written by a thread is visible to the
 * measuring thread however the end of the window was observed.
 */
public final class ShutdownTimeline {

    private final AtomicLongArray woke;
    private final AtomicLongArray ended;
    private long trigger;
    private long windowEnd;
    private long collectionsBefore;
    private long collectionMillisBefore;
    private long collections;
    private long collectionMillis;
    private long cpuBefore;
    private long cpu;

    /**
     * A timeline for {@code threads} threads.
     *
     * @param threads how many threads the shutdown ends
     * @throws IllegalArgumentException if {@code threads} is not positive
     */
    public ShutdownTimeline(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        woke = new AtomicLongArray(threads);
        ended = new AtomicLongArray(threads);
    }

    /** Called by the measuring thread right before it triggers the shutdown. */
    public void triggered() {
        collectionsBefore = collections();
        collectionMillisBefore = collectionMillis();
        cpuBefore = processCpuNanos();
        trigger = System.nanoTime();
    }

    /** Called by the measuring thread once every thread has ended. */
    public void windowEnded() {
        windowEnd = System.nanoTime();
        cpu = processCpuNanos() - cpuBefore;
        collections = collections() - collectionsBefore;
        collectionMillis = collectionMillis() - collectionMillisBefore;
    }

    /**
     * Called by thread {@code index} when its sleep was interrupted.
     *
     * @param index the thread's index, from 0
     */
    public void woke(int index) {
        woke.set(index, System.nanoTime());
    }

    /**
     * Called by thread {@code index} as the last thing its body does.
     *
     * @param index the thread's index, from 0
     */
    public void ended(int index) {
        ended.set(index, System.nanoTime());
    }

    /**
     * One line with the four phases in ms, the median time from a thread's wake-up to its body's
     * end, and the collections in the window, as {@code key=value} pairs.
     *
     * @return the summary line
     * @throws IllegalStateException if a thread never recorded its wake-up or end, or the window
     *     was not closed
     */
    public String summary() {
        if (windowEnd == 0) {
            throw new IllegalStateException("windowEnded() was not called");
        }
        int n = woke.length();
        long firstWoke = Long.MAX_VALUE;
        long lastWoke = Long.MIN_VALUE;
        long lastEnded = Long.MIN_VALUE;
        long[] wokeToEnded = new long[n];
        for (int i = 0; i < n; i++) {
            long w = woke.get(i);
            long e = ended.get(i);
            if (w == 0 || e == 0) {
                throw new IllegalStateException("thread " + i + " recorded no " + (w == 0 ? "wake-up" : "end"));
            }
            firstWoke = Math.min(firstWoke, w);
            lastWoke = Math.max(lastWoke, w);
            lastEnded = Math.max(lastEnded, e);
            wokeToEnded[i] = e - w;
        }
        Arrays.sort(wokeToEnded);
        return String.format(Locale.ROOT,
                "hand-off-ms=%.2f requests-ms=%.2f drain-ms=%.2f completion-ms=%.2f window-ms=%.2f"
                        + " median-woke-to-ended-us=%.1f cpu-ms=%.0f busy-cores=%.2f collections=%d collection-ms=%d",
                ms(firstWoke - trigger), ms(lastWoke - firstWoke), ms(lastEnded - lastWoke), ms(windowEnd - lastEnded),
                ms(windowEnd - trigger), wokeToEnded[n / 2] / 1e3, ms(cpu), (double) cpu / (windowEnd - trigger), collections,
                collectionMillis);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** CPU time of every thread of this JVM so far, the JVM's own (compiler, collector) included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long collections() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }

    private static long collectionMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
