package io.github.terminable.tck.property;

import io.github.terminable.CallbackFailure;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.tck.property.ShutdownObservations.Child;
import io.github.terminable.tck.property.ShutdownObservations.Records;
import io.github.terminable.tck.property.ShutdownObservations.Settled;
import io.github.terminable.tck.property.ShutdownObservations.Start;
import io.github.terminable.tck.property.ShutdownObservations.TimedCall;
import io.github.terminable.tck.property.ShutdownObservations.Unit;
import io.github.terminable.tck.property.ShutdownObservations.UnitRecords;
import io.github.terminable.tck.property.ShutdownScenario.BodyKind;
import io.github.terminable.tck.property.ShutdownScenario.CallbackKind;
import io.github.terminable.tck.property.ShutdownScenario.Moment;
import io.github.terminable.tck.property.ShutdownScenario.ThreadPlan;
import io.github.terminable.tck.property.ShutdownScenario.Trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges what {@link ShutdownScenarioRun} saw against the rules: an {@link Oracle} of a {@link
 * ShutdownScenario} and its {@link ShutdownObservations}.
 *
 * <p>The invariants:
 * <ul>
 *   <li><b>exactly once</b>: every started thread's callback runs once (at most once if its
 *       body ends on its own); a rejected thread's never; at most one {@code terminate()} per
 *       thread returns true, and the first request on a NEW thread does (rules 1.2 to 1.4);</li>
 *   <li><b>reverse order</b>: the callbacks of threads registered before {@code shutdown()} and
 *       not requested otherwise start in reverse registration order (rules 2.1 and 3.2),
 *       {@link #checkOrder};</li>
 *   <li><b>completion order</b>: such a callback starts only once every later-registered unit
 *       awaited in its turn has ended, or that unit's turn overran (rules 3.2, 3.3, 3.6 and
 *       3.11), {@link #checkCompletionOrder};</li>
 *   <li><b>nothing lost</b>: every start is either rejected, leaving the thread NEW, or the thread
 *       is terminated and has ended at completion; threads started by callbacks too (rules 2.3
 *       and 2.4); each callback has exactly one record with a fitting outcome (rules 3.5, 8.2),
 *       {@link #checkRecords};</li>
 *   <li><b>no leak</b>: at completion {@code liveThreads()} is empty and the phase is
 *       TERMINATED (rules 2.2, 3.7, 3.10);</li>
 *   <li><b>no deadlock</b>: the shutdown completes, every helper returns, and no
 *       {@code terminate()} or {@code shutdown()} call blocks (rules 1.2, 3.1, 3.9).</li>
 * </ul>
 * Violations are written in this order: completion and helpers (no deadlock), each unit
 * ({@link #checkUnit}), reverse order, completion order, threads started by callbacks, no leak
 * and the records, one handle from every {@code shutdown()} call, calls that blocked, and last
 * the driver's own faults.
 */
final class ShutdownOracle extends Oracle<ShutdownScenario, ShutdownObservations> {

    /** A call that takes longer than this (scaled) waited for a callback or a thread. */
    private static final Duration NON_BLOCKING = Duration.ofSeconds(1);

    /**
     * Creates the oracle of one run; {@link #judge()} then judges it.
     *
     * @param scenario the scenario that was driven
     * @param seen what the driver saw
     */
    ShutdownOracle(ShutdownScenario scenario, ShutdownObservations seen) {
        super(scenario, seen);
    }

    /** The run was not interrupted, and the shutdown completed in time (no deadlock). */
    @Override
    void checkEnd() {
        if (seen.interruptedRunning()) {
            outcome.violation("interrupted while running the scenario");
        }
        checkCompletion();
    }

    @Override
    void checkInvariants() {
        Set<Integer> targeted = new HashSet<>();
        scenario.callers().forEach(c -> targeted.addAll(c.targets()));
        for (int i = 0; i < n(); i++) {
            checkUnit(i);
        }
        checkOrder(targeted);
        checkCompletionOrder(targeted);
        seen.children().forEach(this::checkChild);
        if (seen.settled() != null) {
            checkSettled(seen.settled(), seen.report());
        }
        outcome.check(seen.distinctHandles() <= 1, "shutdown() returned " + seen.distinctHandles() + " different handles");
        Duration nonBlocking = TckTime.scaled(NON_BLOCKING);
        for (TimedCall c : seen.calls()) {
            outcome.check(c.took().compareTo(nonBlocking) <= 0, c.call() + " blocked for " + c.took().toMillis()
                    + " ms (it must not wait for callbacks or threads)");
        }
    }

    private int n() {
        return scenario.threads().size();
    }

    private String name(int i) {
        return seen.name(i);
    }

    private Unit unit(int i) {
        return seen.units().get(i);
    }

    private void checkCompletion() {
        if (seen.interruptedAwaiting()) {
            outcome.violation("interrupted while awaiting completion");
        } else if (!seen.anyShutdownReturned()) {
            outcome.violation("no shutdown() call returned within " + TckTime.awaitWindow().toMillis() + " ms");
        } else if (!seen.report().completed()) {
            outcome.violation("no deadlock: the shutdown did not complete within " + TckTime.awaitWindow().toMillis()
                    + " ms: " + seen.report().describe());
        }
    }

    /** Exactly once and nothing lost for unit {@code i} (rules 1.2 to 1.4, 2.3, 2.4). */
    private void checkUnit(int i) {
        ThreadPlan plan = scenario.threads().get(i);
        Unit u = unit(i);
        boolean loop = plan.isLoop();
        switch (u.start()) {
            case STARTED -> {
                outcome.check(u.state() == ThreadState.ENDED, "nothing lost: " + name(i) + " is " + u.state() + " at completion");
                if (loop) {
                    outcome.check(u.cleanupsRan() == u.cleanupsDeferred(), "exactly once: loop " + name(i) + " ran "
                            + u.cleanupsRan() + " of its " + u.cleanupsDeferred() + " deferred cleanups");
                }
                if (plan.callback() != CallbackKind.DEFAULT_INTERRUPT) {
                    int calls = u.invocations();
                    if (plan.body() != BodyKind.ENDS_AT_ONCE) {
                        outcome.check(calls == 1, "exactly once: the callback of " + name(i) + " ran " + calls + " times");
                    } else {
                        outcome.check(calls <= 1, "at most once: the callback of " + name(i) + " ran " + calls + " times");
                    }
                }
            }
            case REJECTED -> {
                outcome.check(scenario.trigger() != Trigger.AFTER_ALL_STARTS
                        && (scenario.trigger() != Trigger.DURING_STARTS || i >= scenario.startedBeforeTrigger()),
                        "start() of " + name(i) + " was rejected although shutdown() had not been called");
                outcome.check(loop || u.state() == ThreadState.NEW && u.threadState() == Thread.State.NEW,
                        "a rejected thread stays NEW and unstarted: " + name(i) + " is "
                                + (loop ? "" : u.state() + "/" + u.threadState()));
                outcome.check(u.invocations() == 0, "the callback of rejected " + name(i) + " ran");
                outcome.check(u.bodyRan() == 0, "the body of rejected " + name(i) + " ran");
            }
            case NOT_TRIED -> outcome.violation("start() of " + name(i) + " was never attempted (a helper blocked?)");
            default -> {
            }
        }
        if (scenario.trigger() == Trigger.BEFORE_ANY_START) {
            outcome.check(u.start() != Start.STARTED, "start() of " + name(i) + " after shutdown() returned was accepted");
        }
        outcome.check(u.trues() <= 1, "terminate() of " + name(i) + " returned true " + u.trues() + " times");
        boolean requestedBeforeStart = scenario.callers().stream()
                .anyMatch(c -> c.when() == Moment.BEFORE_START && c.targets().contains(i));
        if (requestedBeforeStart) {
            outcome.check(u.beforeStartTrues() == 1, "the first terminate() of NEW " + name(i) + " must return true; "
                    + u.beforeStartTrues() + " calls did");
        }
    }

    /** Whether unit {@code i} started before {@code shutdown()} was first called. */
    private boolean startedBeforeShutdown(int i) {
        return unit(i).start() == Start.STARTED && unit(i).startReturnedAt() < seen.shutdownAt();
    }

    /**
     * Reverse order (rules 2.1 and 3.2): the callbacks of units started before {@code shutdown()},
     * not requested otherwise, whose callbacks are their own and ran, start in reverse
     * registration order.
     */
    private void checkOrder(Set<Integer> targeted) {
        List<Integer> ordered = new ArrayList<>();
        for (int i = 0; i < n(); i++) {
            ThreadPlan plan = scenario.threads().get(i);
            if (startedBeforeShutdown(i) && !targeted.contains(i) && plan.body() != BodyKind.ENDS_AT_ONCE
                    && plan.callback() != CallbackKind.DEFAULT_INTERRUPT && unit(i).invocations() > 0) {
                ordered.add(i);
            }
        }
        List<Integer> expected = new ArrayList<>(ordered);
        Collections.reverse(expected);
        // Each callback must start after the one whose turn precedes it. One exception is allowed
        // (rules 3.3 and 3.4): a turn declared OVERRAN lets the next callback start although the
        // overrun one may not yet have run its first line (its thread was descheduled longer than
        // the bound), so that pair may appear inverted.
        for (int k = 0; k + 1 < expected.size(); k++) {
            int earlier = expected.get(k);
            int later = expected.get(k + 1);
            if (unit(later).firstCallbackAt() < unit(earlier).firstCallbackAt() && !unit(earlier).recordOverran()) {
                List<Integer> byCallback = new ArrayList<>(ordered);
                byCallback.sort((a, b) -> Integer.compare(unit(a).firstCallbackAt(), unit(b).firstCallbackAt()));
                outcome.violation("reverse order: threads " + names(ordered) + " were registered in that order before"
                        + " shutdown(), but their callbacks started in the order " + names(byCallback) + " (" + name(later)
                        + " before " + name(earlier) + ", whose callback was not declared overrun)");
                return;
            }
        }
    }

    /**
     * Completion order (rules 3.2, 3.3 and 3.6): for units registered before {@code shutdown()},
     * the callback of an earlier unit, invoked by its turn, starts only once every later unit
     * built with {@code awaitedInTurn(true)} has ended (its body returned; for a loop, its last
     * cleanup finished), or that later unit's turn was declared overrun. Units requested before
     * their turn are awaited too (rule 3.6). Units with {@code awaitedInTurn(false)} are exempt
     * (rule 3.11), and so is a loop whose cleanups were not all deferred (its end is not observed).
     */
    private void checkCompletionOrder(Set<Integer> targeted) {
        for (int i = 0; i < n(); i++) {
            if (!startedBeforeShutdown(i) || targeted.contains(i)
                    || scenario.threads().get(i).callback() == CallbackKind.DEFAULT_INTERRUPT || unit(i).invocations() == 0) {
                continue;
            }
            for (int j = i + 1; j < n(); j++) {
                ThreadPlan later = scenario.threads().get(j);
                if (!startedBeforeShutdown(j) || !later.awaited() || (later.isLoop() && unit(j).cleanupsDeferred() < 3)) {
                    continue;
                }
                Unit u = unit(j);
                if (u.endedAt() > unit(i).firstCallbackAt() && !u.overrunReported() && !u.recordOverran()) {
                    outcome.violation("completion order: the callback of " + name(i) + " started before the later-registered "
                            + name(j) + " had ended (in the run's event order, the callback began at event "
                            + unit(i).firstCallbackAt() + " and " + name(j) + " ended at event " + u.endedAt()
                            + "), and the turn of " + name(j) + " was not declared overrun");
                    return;
                }
            }
        }
    }

    private String names(List<Integer> indexes) {
        return indexes.stream().map(this::name).toList().toString();
    }

    /** A thread started by a callback is not lost and is called back once (rules 2.3, 2.4). */
    private void checkChild(Child child) {
        if (child.started()) {
            outcome.check(child.state() == ThreadState.ENDED, "nothing lost: " + child.name()
                    + ", started by a callback, is " + child.state() + " at completion");
            outcome.check(child.callbacks() == 1, "exactly once: the callback of " + child.name() + " ran "
                    + child.callbacks() + " times");
        } else if (child.failure() instanceof ShutdownInProgressException) {
            outcome.check(child.state() == ThreadState.NEW, "a rejected thread stays NEW: " + child.name());
        } else {
            outcome.violation("start() of " + child.name() + " from a callback ended with " + child.failure());
        }
    }

    /** No leak after a completed shutdown (rules 2.2, 3.7, 3.10), then the records. */
    private void checkSettled(Settled settled, ShutdownReport report) {
        outcome.check(settled.liveThreads().isEmpty(), "no leak: liveThreads() after completion is " + settled.liveThreads());
        outcome.check(settled.phase() == CoordinatorPhase.TERMINATED, "phase after completion is " + settled.phase());
        outcome.check(report.trigger() == ShutdownTrigger.EXPLICIT, "trigger is " + report.trigger());
        if (settled.records() != null) {
            checkRecords(settled.records(), report);
        }
    }

    /**
     * One record per callback, with a fitting outcome (rules 3.5, 8.2), and a report that lists
     * only callbacks that throw. Callbacks outside the terminate phase may trail completion (rule
     * 3.7): their records, and even their invocations (a request made before start() queued
     * behind an overrunning callback, for a thread whose body has already returned). So the check
     * is in two parts: every invocation counted when the driver's wait ended has its record
     * (unless the wait timed out), and no thread ever has more records than invocations. An
     * invocation that began after the wait was not waited for; its record, when it arrives, still
     * counts against the second.
     */
    private void checkRecords(Records seenRecords, ShutdownReport report) {
        Duration bound = seen.bound();
        for (int i = 0; i < n(); i++) {
            CallbackKind kind = scenario.threads().get(i).callback();
            UnitRecords u = seenRecords.units().get(i);
            List<TerminationRecord> records = u.records();
            if (kind == CallbackKind.DEFAULT_INTERRUPT) {
                outcome.check(records.size() <= 1, name(i) + " has " + records.size() + " termination records");
                continue;
            }
            int calls = u.invocations();
            outcome.check(seenRecords.complete() || records.size() >= calls, "one record per callback: " + name(i) + " has "
                    + records.size() + " records for " + calls + " invocations after " + TckTime.awaitWindow().toMillis()
                    + " ms");
            outcome.check(records.size() <= calls, "one record per callback: " + name(i) + " has " + records.size()
                    + " records for " + calls + " invocations");
            for (TerminationRecord r : records) {
                TerminationOutcome expected = switch (kind) {
                    case THROWS_EXCEPTION, THROWS_ERROR -> TerminationOutcome.FAILED;
                    default -> TerminationOutcome.COMPLETED;
                };
                if (kind == CallbackKind.BLOCKS_PAST_BOUND && u.blockedNanos() > bound.toNanos() * 3 / 2) {
                    expected = TerminationOutcome.OVERRAN; // it blocked well past the bound (a shorter block may go either way)
                }
                outcome.check(r.outcome() == expected || r.outcome() == TerminationOutcome.OVERRAN,
                        "the record of " + name(i) + " says " + r.outcome() + ", expected " + expected
                                + (kind == CallbackKind.BLOCKS_PAST_BOUND ? " (its callback blocked "
                                        + u.blockedNanos() / 1_000_000 + " ms, bound " + bound.toMillis() + " ms)" : ""));
            }
        }
        for (CallbackFailure f : report.failures()) {
            int i = indexOf(f.threadName());
            outcome.check(i >= 0 && (scenario.threads().get(i).callback() == CallbackKind.THROWS_EXCEPTION
                    || scenario.threads().get(i).callback() == CallbackKind.THROWS_ERROR),
                    "the report lists a failure of " + f.threadName() + ", whose callback does not throw");
        }
    }

    private int indexOf(String threadName) {
        for (int i = 0; i < n(); i++) {
            if (name(i).equals(threadName)) {
                return i;
            }
        }
        return -1;
    }
}
