package io.github.terminable.tck.property;

import io.github.terminable.TerminableThread;
import io.github.terminable.tck.property.ShutdownObservations.Start;
import io.github.terminable.tck.property.ShutdownObservations.Unit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * What {@link ShutdownScenarioRun} records about one unit of its scenario (a thread or a loop) as
 * it happens, and the unit's stop signal. Clock values are those of the driver's event clock; a
 * value not recorded yet is 0.
 *
 * <p>Thread-safe. The helper threads, the unit's own thread and the coordinator's threads write
 * it; the driving thread reads it when it takes its snapshots. Every value is an atomic variable,
 * or a volatile field where only one thread writes it, so a read sees the last write made before
 * it; nothing here orders one value against another. A snapshot reads each value once, so it is
 * one fixed reading even while trailing callbacks or cleanups still write.
 */
final class UnitTrace {

    /** Counted down by the unit's callback: tells its body to stop waiting. */
    final CountDownLatch stop = new CountDownLatch(1);
    /** What its {@code start()} did; written by the thread that starts it. */
    volatile Start startResult = Start.NOT_TRIED;
    /** Clock value when its {@code start()} returned; written by the thread that starts it. */
    volatile int startReturnedAt;
    /** Its handle: a thread's from its creation, a loop's thread handle from its start. */
    volatile TerminableThread handle;
    /** How often its callback began. */
    final AtomicInteger invocations = new AtomicInteger();
    /** Clock value when its callback first began; written by that first invocation only. */
    volatile int firstCallbackAt;
    /** How often {@code terminate()} of it returned true. */
    final AtomicInteger trues = new AtomicInteger();
    /** How often {@code terminate()} of it, called before any start, returned true. */
    final AtomicInteger beforeStartTrues = new AtomicInteger();
    /** How often its body began. */
    final AtomicInteger bodyRan = new AtomicInteger();
    /** How long its callback, planned to block past the bound, blocked. */
    final AtomicLong blockedNanos = new AtomicLong();
    /** Clock value when its body returned (a loop: when its last cleanup finished). */
    final AtomicInteger endedAt = new AtomicInteger();
    /** How many cleanups a loop's first task deferred. */
    final AtomicInteger cleanupsDeferred = new AtomicInteger();
    /** How many of a loop's deferred cleanups finished. */
    final AtomicInteger cleanupsRan = new AtomicInteger();

    /**
     * Takes the first snapshot of the unit, once the shutdown was awaited and the helpers joined.
     * Reads each value once, in the order of the record's components; the listener's answers last.
     *
     * @param loop whether the unit is a loop (its handle's thread state is then not read)
     * @param overrunReported whether a listener saw {@code overran(...)} for the unit's name
     * @param recordOverran whether a listener saw a termination record of the unit saying OVERRAN
     * @return the unit as it is now
     */
    Unit atCompletion(boolean loop, BooleanSupplier overrunReported, BooleanSupplier recordOverran) {
        TerminableThread t = handle;
        return new Unit(startResult, startReturnedAt, t == null ? null : t.state(),
                t == null || loop ? null : t.thread().getState(), invocations.get(), firstCallbackAt, trues.get(),
                beforeStartTrues.get(), bodyRan.get(), endedAt.get(), cleanupsDeferred.get(), cleanupsRan.get(),
                overrunReported.getAsBoolean(), recordOverran.getAsBoolean());
    }
}
