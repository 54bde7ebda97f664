package io.github.terminable.tck.property;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationRecord;
import io.github.terminable.ThreadState;

import java.time.Duration;
import java.util.List;

/**
 * What {@link ShutdownScenarioRun} saw while it drove one {@link ShutdownScenario}: the values
 * {@link ShutdownOracle} judges, and nothing else. The driver takes them in three snapshots, in
 * this order, each after the wait that precedes it:
 * <ol>
 *   <li><b>at completion</b>, once the shutdown was awaited and the helper threads were joined:
 *       {@link #units()}, {@link #shutdownAt()}, {@link #stuckHelpers()};</li>
 *   <li><b>once callbacks stopped registering</b> threads (or the await window passed):
 *       {@link #children()};</li>
 *   <li><b>once every counted callback invocation had its record</b> (or the window passed), only
 *       if the shutdown completed: {@link #settled()}; then {@link #distinctHandles()}.</li>
 * </ol>
 * {@link #calls()} and {@link #faults()} are gathered throughout, in the order they happened.
 *
 * <p>Immutable: lists are copied, and every component is a value (thread handles are not kept;
 * their states are). The oracle may read it on any thread.
 *
 * @param prefix the prefix of the units' names; unit {@code i} is named {@link #name(int) name(i)}
 * @param bound the callback bound the coordinator was built with
 * @param interruptedRunning whether the driving thread was interrupted while driving the scenario
 * @param anyShutdownReturned whether some {@code shutdown()} call returned within the await window
 * @param interruptedAwaiting whether the driving thread was interrupted while awaiting completion
 * @param report the report the first returned handle gave within the await window, or null if
 *     none returned or the wait was interrupted
 * @param stuckHelpers the helper threads still alive when the driver stopped joining them
 * @param shutdownAt the clock value the first {@code shutdown()} caller took just before its call
 *     ({@link Integer#MAX_VALUE} if none did)
 * @param units per unit, in registration order: what it did, at completion
 * @param children the threads callbacks tried to register, in the order the callbacks ran
 * @param settled what the coordinator and its listener showed after completion, or null if the
 *     shutdown did not complete
 * @param distinctHandles how many different completion handles the {@code shutdown()} calls
 *     returned
 * @param calls every {@code terminate()} and {@code shutdown()} call, with how long it took
 * @param faults what went wrong in the driver itself (a helper that threw, a {@code start()} that
 *     threw something other than {@code ShutdownInProgressException}, a loop's failed setup task),
 *     in words
 */
record ShutdownObservations(String prefix, Duration bound, boolean interruptedRunning, boolean anyShutdownReturned,
                            boolean interruptedAwaiting, ShutdownReport report, List<StuckHelper> stuckHelpers,
                            int shutdownAt, List<Unit> units, List<Child> children, Settled settled,
                            long distinctHandles, List<TimedCall> calls, List<String> faults) implements Observations {

    /**
     * Copies the lists.
     *
     * @param prefix see the record component
     * @param bound see the record component
     * @param interruptedRunning see the record component
     * @param anyShutdownReturned see the record component
     * @param interruptedAwaiting see the record component
     * @param report see the record component
     * @param stuckHelpers see the record component
     * @param shutdownAt see the record component
     * @param units see the record component
     * @param children see the record component
     * @param settled see the record component
     * @param distinctHandles see the record component
     * @param calls see the record component
     * @param faults see the record component
     */
    ShutdownObservations {
        stuckHelpers = List.copyOf(stuckHelpers);
        units = List.copyOf(units);
        children = List.copyOf(children);
        calls = List.copyOf(calls);
        faults = List.copyOf(faults);
    }

    /**
     * Returns the name of unit {@code i} in a run whose names start with {@code prefix}.
     *
     * @param prefix the run's prefix
     * @param i the unit's index in the scenario
     * @return the unit's thread (or loop) name
     */
    static String unitName(String prefix, int i) {
        return prefix + "t" + i;
    }

    /**
     * Returns the name of unit {@code i}.
     *
     * @param i the unit's index in the scenario
     * @return the unit's thread (or loop) name
     */
    String name(int i) {
        return unitName(prefix, i);
    }

    /** How the driver's {@code start()} of a unit ended. */
    enum Start {
        /** Never attempted (a helper blocked before it). */
        NOT_TRIED,
        /** Returned normally. */
        STARTED,
        /** Threw {@code ShutdownInProgressException}. */
        REJECTED,
        /** Threw something else (also recorded as a fault). */
        FAILED
    }

    /**
     * One unit (a thread or a loop), at completion. Clock values come from the run's event clock,
     * which every recorded event increments; 0 means the event was not seen.
     *
     * @param start how its {@code start()} ended
     * @param startReturnedAt when its {@code start()} returned
     * @param state its {@code TerminableThread} state, or null if it has no handle (a loop whose
     *     start was rejected or never tried)
     * @param threadState the state of its underlying {@code java.lang.Thread}, or null for a loop
     * @param invocations how often its callback ran
     * @param firstCallbackAt when its callback first began
     * @param trues how many {@code terminate()} calls on it returned true
     * @param beforeStartTrues how many of those were made before its start
     * @param bodyRan how often its body began
     * @param endedAt when its body returned (a loop: when its last cleanup finished)
     * @param cleanupsDeferred a loop's cleanups its first task deferred
     * @param cleanupsRan a loop's cleanups that ran
     * @param overrunReported whether a listener saw {@code overran(...)} for its name
     * @param recordOverran whether a listener saw a termination record of it saying OVERRAN
     */
    record Unit(Start start, int startReturnedAt, ThreadState state, Thread.State threadState, int invocations,
                int firstCallbackAt, int trues, int beforeStartTrues, int bodyRan, int endedAt, int cleanupsDeferred,
                int cleanupsRan, boolean overrunReported, boolean recordOverran) {
    }

    /**
     * A thread a callback tried to register and start, once callbacks stopped registering.
     *
     * @param name its name
     * @param started whether its {@code start()} returned normally
     * @param failure what building or starting it threw, or null
     * @param state its state, or null if it was never built
     * @param callbacks how often its callback ran
     */
    record Child(String name, boolean started, Throwable failure, ThreadState state, int callbacks) {
    }

    /**
     * After a completed shutdown: the coordinator's state, then the listener's records.
     *
     * @param liveThreads the names {@code liveThreads()} returned
     * @param phase the coordinator's phase
     * @param records the records, or null if the driving thread was interrupted while waiting
     *     for them
     */
    record Settled(List<String> liveThreads, CoordinatorPhase phase, Records records) {

        /**
         * Copies the list.
         *
         * @param liveThreads see the record component
         * @param phase see the record component
         * @param records see the record component
         */
        Settled {
            liveThreads = List.copyOf(liveThreads);
        }
    }

    /**
     * The termination records, read once every callback invocation counted so far had its record
     * or the await window passed.
     *
     * @param complete whether every counted invocation had its record within the window
     * @param units per unit, in registration order
     */
    record Records(boolean complete, List<UnitRecords> units) {

        /**
         * Copies the list.
         *
         * @param complete see the record component
         * @param units see the record component
         */
        Records {
            units = List.copyOf(units);
        }
    }

    /**
     * One unit's termination records, and what its callback did, read after them (a record
     * follows its invocation, so the count is never behind the records).
     *
     * @param records the records a listener received for the unit's name
     * @param invocations how often its callback had run
     * @param blockedNanos how long a blocking callback blocked, or 0
     */
    record UnitRecords(List<TerminationRecord> records, int invocations, long blockedNanos) {

        /**
         * Copies the list.
         *
         * @param records see the record component
         * @param invocations see the record component
         * @param blockedNanos see the record component
         */
        UnitRecords {
            records = List.copyOf(records);
        }
    }

    /**
     * A {@code terminate()} or {@code shutdown()} call and how long it took.
     *
     * @param call what was called, for the message
     * @param took how long it took to return
     */
    record TimedCall(String call, Duration took) {
    }
}
