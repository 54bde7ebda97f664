package io.github.terminable.benchmarks.exit;

import jdk.jfr.Event;
import jdk.jfr.Name;

/**
 * A diagnostic for {@link TerminableLoopsMain} (option {@code --jfr-warm-up}): initialises the
 * flight recorder's event metadata before {@code main} does anything else, by creating one event
 * of a class owned by the benchmarks. No recording is started. Comparing the exit timeline with
 * and without it shows what the first use of an event class costs a program. Never used in timed
 * runs.
 */
final class JfrWarmUp {

    /** An event that is never committed. */
    @Name("io.github.terminable.benchmarks.WarmUp")
    static final class WarmUpEvent extends Event {
    }

    private JfrWarmUp() {
    }

    /**
     * Creates one event, which registers the event class and so initialises the recorder's
     * metadata repository.
     *
     * @return the time it took, in nanoseconds
     */
    static long run() {
        long start = System.nanoTime();
        new WarmUpEvent().shouldCommit();
        return System.nanoTime() - start;
    }
}
