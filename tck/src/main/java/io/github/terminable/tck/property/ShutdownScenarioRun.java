package io.github.terminable.tck.property;

import io.github.terminable.CallbackFailure;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.tck.property.ShutdownScenario.BodyKind;
import io.github.terminable.tck.property.ShutdownScenario.CallbackKind;
import io.github.terminable.tck.property.ShutdownScenario.CallerPlan;
import io.github.terminable.tck.property.ShutdownScenario.Moment;
import io.github.terminable.tck.property.ShutdownScenario.ThreadPlan;
import io.github.terminable.tck.property.ShutdownScenario.Trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs one {@link ShutdownScenario} against a fresh coordinator and checks the invariants:
 * <ul>
 *   <li><b>exactly once</b>: every started thread's callback runs once (at most once if its
 *       body ends on its own); a rejected thread's never; at most one {@code terminate()} per
 *       thread returns true, and the first request on a NEW thread does (rules 1.2 to 1.4);</li>
 *   <li><b>reverse order</b>: the callbacks of threads registered before {@code shutdown()} and
 *       not requested otherwise start in reverse registration order (rules 2.1 and 3.2);</li>
 *   <li><b>completion order</b>: such a callback starts only once every later-registered unit
 *       awaited in its turn has ended, or that unit's turn overran (rules 3.2, 3.3, 3.6 and
 *       3.11);</li>
 *   <li><b>nothing lost</b>: every start is either rejected, leaving the thread NEW, or the thread
 *       is terminated and has ended at completion; threads started by callbacks too (rules 2.3
 *       and 2.4); each callback has exactly one record with a fitting outcome (rules 3.5, 8.2);</li>
 *   <li><b>no leak</b>: at completion {@code liveThreads()} is empty and the phase is
 *       TERMINATED (rules 2.2, 3.7, 3.10);</li>
 *   <li><b>no deadlock</b>: the shutdown completes, every helper returns, and no
 *       {@code terminate()} or {@code shutdown()} call blocks (rules 1.2, 3.1, 3.9).</li>
 * </ul>
 */
public final class ShutdownScenarioRun {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final int NOT_TRIED = 0;
    private static final int STARTED = 1;
    private static final int REJECTED = 2;
    private static final int FAILED = 3;

    private final ShutdownScenario scenario;
    private final Function<Duration, TerminationCoordinator> coordinators;
    private final int n;
    private final String prefix = "s" + RUNS.incrementAndGet() + "-";
    private final Duration bound = TckTime.scaled(Duration.ofMillis(100));
    private final Duration nonBlocking = TckTime.scaled(Duration.ofSeconds(1));
    private final AtomicInteger clock = new AtomicInteger();
    private final AtomicIntegerArray invocations;
    private final AtomicIntegerArray firstCallbackAt;
    private final AtomicIntegerArray startResult;
    private final AtomicIntegerArray startReturnedAt;
    private final AtomicIntegerArray trues;
    private final AtomicIntegerArray beforeStartTrues;
    private final AtomicIntegerArray bodyRan;
    private final java.util.concurrent.atomic.AtomicLongArray blockedNanos;
    private final AtomicInteger shutdownAt = new AtomicInteger(Integer.MAX_VALUE);
    private final List<CountDownLatch> stops = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> helpers = new CopyOnWriteArrayList<>();
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final AtomicInteger registering = new AtomicInteger();
    private final List<ShutdownCompletion> completions = new CopyOnWriteArrayList<>();
    /** One permit per shutdown() call that has returned (released after its completion is added). */
    private final Semaphore shutdownReturned = new Semaphore(0);
    private final RecordingListener listener = new RecordingListener();
    /** The units' handles: a thread's from its creation, a loop's thread handle from its start. */
    private final AtomicReferenceArray<TerminableThread> handles;
    /** Clock value when each unit's body returned (a loop: when its last cleanup finished). */
    private final AtomicIntegerArray endedAt;
    private final AtomicIntegerArray cleanupsDeferred;
    private final AtomicIntegerArray cleanupsRan;
    private TerminationCoordinator coordinator;

    private static final class Child {
        final String name;
        final AtomicInteger callbacks = new AtomicInteger();
        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicReference<Object> result = new AtomicReference<>();
        volatile TerminableThread handle;

        Child(String name) {
            this.name = name;
        }
    }

    private ShutdownScenarioRun(ShutdownScenario scenario, Function<Duration, TerminationCoordinator> coordinators) {
        this.scenario = scenario;
        this.coordinators = coordinators;
        this.n = scenario.threads().size();
        this.invocations = new AtomicIntegerArray(n);
        this.firstCallbackAt = new AtomicIntegerArray(n);
        this.startResult = new AtomicIntegerArray(n);
        this.startReturnedAt = new AtomicIntegerArray(n);
        this.trues = new AtomicIntegerArray(n);
        this.beforeStartTrues = new AtomicIntegerArray(n);
        this.bodyRan = new AtomicIntegerArray(n);
        this.blockedNanos = new java.util.concurrent.atomic.AtomicLongArray(n);
        this.handles = new AtomicReferenceArray<>(n);
        this.endedAt = new AtomicIntegerArray(n);
        this.cleanupsDeferred = new AtomicIntegerArray(n);
        this.cleanupsRan = new AtomicIntegerArray(n);
    }

    /**
     * Runs the scenario and checks its invariants.
     *
     * @param scenario the scenario
     * @param coordinators creates a fresh independent coordinator with the given callback bound
     * @return the violated invariants, if any
     */
    public static Outcome run(ShutdownScenario scenario, Function<Duration, TerminationCoordinator> coordinators) {
        return new ShutdownScenarioRun(scenario, coordinators).execute();
    }

    private String name(int i) {
        return prefix + "t" + i;
    }

    private Outcome execute() {
        Outcome outcome = new Outcome();
        coordinator = coordinators.apply(bound);
        coordinator.addListener(listener);
        for (int i = 0; i < n; i++) {
            stops.add(new CountDownLatch(1));
            if (!scenario.threads().get(i).isLoop()) {
                handles.set(i, create(i));
            }
        }
        try {
            runScenario();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.violation("interrupted while running the scenario");
        }
        ShutdownReport report = awaitCompletion(outcome);
        release.countDown();
        joinHelpers(outcome);
        check(outcome, report);
        errors.forEach(outcome::violation);
        return outcome;
    }

    private TerminableThread create(int i) {
        CallbackKind kind = scenario.threads().get(i).callback();
        BodyKind body = scenario.threads().get(i).body();
        CountDownLatch stop = stops.get(i);
        TerminableThreadBuilder b = coordinator.threadBuilder().name(name(i));
        if (!scenario.threads().get(i).awaited()) {
            b.awaitedInTurn(false);
        }
        if (kind != CallbackKind.DEFAULT_INTERRUPT) {
            b.onTerminate(callback(i, kind, stop));
        }
        return b.unstarted(() -> {
            bodyRan.incrementAndGet(i);
            try {
                if (body != BodyKind.ENDS_AT_ONCE) {
                    try {
                        stop.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        // stopped by interrupt: the default callback, or nothing else
                    }
                }
                if (body == BodyKind.ENDS_SLOWLY) {
                    work(Duration.ofMillis(scenario.threads().get(i).lingerMillis()));
                } else if (body == BodyKind.OUTLIVES_BOUND) {
                    work(Duration.ofMillis(150)); // one and a half times the bound, at every time factor
                }
            } finally {
                endedAt.set(i, clock.incrementAndGet());
            }
        });
    }

    /** Simulated work of a body or cleanup after its stop signal; an interrupt does not shorten it. */
    private static void work(Duration base) {
        long end = System.nanoTime() + TckTime.scaled(base).toNanos();
        boolean interrupted = false;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Creates and starts loop {@code i}, then has its first task defer three cleanups that work
     * for a while each; waits for that task. Throws what {@code start()} throws.
     */
    private TerminableThread startLoop(int i) {
        ThreadPlan plan = scenario.threads().get(i);
        io.github.terminable.BackgroundLoop loop = coordinator.loopBuilder().name(name(i)).awaitedInTurn(plan.awaited()).start();
        handles.set(i, loop.thread());
        try {
            loop.submitWithContext(ctx -> {
                for (int k = 0; k < 3; k++) {
                    ctx.deferCleanup(() -> {
                        work(Duration.ofMillis(plan.cleanupMillis()));
                        cleanupsRan.incrementAndGet(i);
                        endedAt.set(i, clock.incrementAndGet());
                    });
                    cleanupsDeferred.incrementAndGet(i);
                }
                return null;
            }).get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.CancellationException
                 | java.util.concurrent.ExecutionException e) {
            // the shutdown reached the loop first: it defers fewer (or no) cleanups
        } catch (Exception e) {
            errors.add("the setup task of loop " + name(i) + " failed: " + e);
        }
        return loop.thread();
    }

    private TerminationCallback callback(int i, CallbackKind kind, CountDownLatch stop) {
        return t -> {
            int now = clock.incrementAndGet();
            if (invocations.getAndIncrement(i) == 0) {
                firstCallbackAt.set(i, now);
            }
            stop.countDown();
            switch (kind) {
                case THROWS_EXCEPTION -> throw new IllegalStateException("planned failure of " + name(i));
                case THROWS_ERROR -> throw new PlannedError("planned error of " + name(i));
                case BLOCKS_PAST_BOUND -> {
                    long t0 = System.nanoTime();
                    release.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
                    blockedNanos.set(i, System.nanoTime() - t0);
                }
                case REGISTERS_THREAD -> registerChild(i);
                default -> {
                }
            }
        };
    }

    private void registerChild(int parent) {
        Child child = new Child(name(parent) + "-child");
        registering.incrementAndGet();
        children.add(child);
        try {
            child.handle = coordinator.threadBuilder().name(child.name).onTerminate(t -> {
                child.callbacks.incrementAndGet();
                child.stop.countDown();
            }).unstarted(() -> {
                try {
                    child.stop.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // stopped
                }
            });
            child.handle.start();
            child.result.set("started");
        } catch (Throwable e) {
            child.result.set(e);
        } finally {
            registering.decrementAndGet();
        }
    }

    private void runScenario() throws InterruptedException {
        runCallers(Moment.BEFORE_START, null);
        int k = switch (scenario.trigger()) {
            case AFTER_ALL_STARTS -> n;
            case DURING_STARTS -> scenario.startedBeforeTrigger();
            case BEFORE_ANY_START -> 0;
        };
        if (scenario.trigger() != Trigger.BEFORE_ANY_START) {
            startRange(0, k);
        }
        runCallers(Moment.BEFORE_SHUTDOWN, null);
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < scenario.shutdownCallers(); s++) {
            helper("shutdown-" + s, () -> {
                go.await();
                shutdownAt.accumulateAndGet(clock.incrementAndGet(), Math::min);
                long t0 = System.nanoTime();
                completions.add(coordinator.shutdown());
                shutdownReturned.release();
                blockedCheck("shutdown()", t0);
            });
        }
        runCallers(Moment.DURING_SHUTDOWN, go);
        if (scenario.trigger() == Trigger.BEFORE_ANY_START) {
            go.countDown();
            awaitShutdownBegun();
            startRange(0, n);
        } else if (k < n) {
            helper("starter", () -> {
                go.await();
                startRange(k, n);
            });
            go.countDown();
        } else {
            go.countDown();
        }
    }

    private void awaitShutdownBegun() throws InterruptedException {
        // The first shutdown() call has returned: the shutdown has begun. The permit is given
        // back, so awaitCompletion() still counts every call. If none returns within the window,
        // awaitCompletion() reports it.
        if (shutdownReturned.tryAcquire(TckTime.awaitWindow().toNanos(), TimeUnit.NANOSECONDS)) {
            shutdownReturned.release();
        }
    }

    private void startRange(int from, int to) {
        for (int i = from; i < to; i++) {
            try {
                if (scenario.threads().get(i).isLoop()) {
                    startLoop(i);
                } else {
                    handles.get(i).start();
                }
                startReturnedAt.set(i, clock.incrementAndGet());
                startResult.set(i, STARTED);
            } catch (ShutdownInProgressException e) {
                startResult.set(i, REJECTED);
            } catch (Throwable e) {
                startResult.set(i, FAILED);
                errors.add("start() of " + name(i) + " threw " + e);
            }
        }
    }

    private void runCallers(Moment moment, CountDownLatch go) throws InterruptedException {
        CountDownLatch ready = go != null ? go : new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        int c = 0;
        for (CallerPlan caller : scenario.callers()) {
            if (caller.when() != moment) {
                continue;
            }
            started.add(helper("caller-" + moment + "-" + c++, () -> {
                ready.await();
                for (int target : caller.targets()) {
                    TerminableThread handle = handles.get(target);
                    if (handle == null) {
                        continue; // a loop not started yet
                    }
                    long t0 = System.nanoTime();
                    boolean accepted = handle.terminate();
                    blockedCheck("terminate() of " + name(target), t0);
                    if (accepted) {
                        trues.incrementAndGet(target);
                        if (moment == Moment.BEFORE_START) {
                            beforeStartTrues.incrementAndGet(target);
                        }
                    }
                }
            }));
        }
        if (go == null) {
            ready.countDown();
            for (Thread t : started) {
                t.join(TckTime.awaitWindow().toMillis());
            }
        }
    }

    private void blockedCheck(String call, long startNanos) {
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        if (took.compareTo(nonBlocking) > 0) {
            errors.add(call + " blocked for " + took.toMillis() + " ms (it must not wait for callbacks or threads)");
        }
    }

    private Thread helper(String label, Step step) {
        Thread t = new Thread(() -> {
            try {
                step.run();
            } catch (Throwable e) {
                errors.add("helper " + label + " failed: " + e);
            }
        }, "tck-scenario-" + prefix + label);
        t.setDaemon(true);
        helpers.add(t);
        t.start();
        return t;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private ShutdownReport awaitCompletion(Outcome outcome) {
        try {
            // Every helper's shutdown() call returns, or the window passes; the checks below use
            // the calls that did return.
            shutdownReturned.tryAcquire(scenario.shutdownCallers(), TckTime.awaitWindow().toNanos(), TimeUnit.NANOSECONDS);
            if (completions.isEmpty()) {
                outcome.violation("no shutdown() call returned within " + TckTime.awaitWindow().toMillis() + " ms");
                return null;
            }
            ShutdownReport report = completions.get(0).await(TckTime.awaitWindow());
            if (!report.completed()) {
                outcome.violation("no deadlock: the shutdown did not complete within " + TckTime.awaitWindow().toMillis()
                        + " ms: " + report.describe());
            }
            return report;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.violation("interrupted while awaiting completion");
            return null;
        }
    }

    private void joinHelpers(Outcome outcome) {
        long deadline = System.nanoTime() + TckTime.awaitWindow().toNanos();
        for (Thread t : helpers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) {
                outcome.violation("no deadlock: " + t.getName() + " did not return; it is at "
                        + List.of(t.getStackTrace()).subList(0, Math.min(6, t.getStackTrace().length)));
            }
        }
    }

    private void check(Outcome outcome, ShutdownReport report) {
        Set<Integer> targeted = new HashSet<>();
        scenario.callers().forEach(c -> targeted.addAll(c.targets()));
        for (int i = 0; i < n; i++) {
            checkThread(outcome, i);
        }
        checkOrder(outcome, targeted);
        checkCompletionOrder(outcome, targeted);
        // Callbacks outside the terminate phase may still be starting their child: let them finish.
        long deadline = System.nanoTime() + TckTime.awaitWindow().toNanos();
        while (registering.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        for (Child child : children) {
            checkChild(outcome, child);
        }
        if (report != null && report.completed()) {
            outcome.check(coordinator.liveThreads().isEmpty(), "no leak: liveThreads() after completion is "
                    + coordinator.liveThreads().stream().map(TerminableThread::name).toList());
            outcome.check(coordinator.phase() == CoordinatorPhase.TERMINATED, "phase after completion is " + coordinator.phase());
            outcome.check(report.trigger() == ShutdownTrigger.EXPLICIT, "trigger is " + report.trigger());
            checkRecords(outcome, report);
        }
        outcome.check(completions.stream().distinct().count() <= 1, "shutdown() returned " + completions.stream().distinct()
                .count() + " different handles");
    }

    private void checkThread(Outcome outcome, int i) {
        CallbackKind kind = scenario.threads().get(i).callback();
        BodyKind body = scenario.threads().get(i).body();
        TerminableThread t = handles.get(i);
        boolean loop = scenario.threads().get(i).isLoop();
        switch (startResult.get(i)) {
            case STARTED -> {
                outcome.check(t.state() == ThreadState.ENDED, "nothing lost: " + name(i) + " is " + t.state() + " at completion");
                if (loop) {
                    outcome.check(cleanupsRan.get(i) == cleanupsDeferred.get(i), "exactly once: loop " + name(i) + " ran "
                            + cleanupsRan.get(i) + " of its " + cleanupsDeferred.get(i) + " deferred cleanups");
                }
                if (kind != CallbackKind.DEFAULT_INTERRUPT) {
                    int calls = invocations.get(i);
                    if (body != BodyKind.ENDS_AT_ONCE) {
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
                outcome.check(loop || t.state() == ThreadState.NEW && t.thread().getState() == Thread.State.NEW,
                        "a rejected thread stays NEW and unstarted: " + name(i) + " is "
                                + (loop ? "" : t.state() + "/" + t.thread().getState()));
                outcome.check(invocations.get(i) == 0, "the callback of rejected " + name(i) + " ran");
                outcome.check(bodyRan.get(i) == 0, "the body of rejected " + name(i) + " ran");
            }
            case NOT_TRIED -> outcome.violation("start() of " + name(i) + " was never attempted (a helper blocked?)");
            default -> {
            }
        }
        if (scenario.trigger() == Trigger.BEFORE_ANY_START) {
            outcome.check(startResult.get(i) != STARTED, "start() of " + name(i) + " after shutdown() returned was accepted");
        }
        outcome.check(trues.get(i) <= 1, "terminate() of " + name(i) + " returned true " + trues.get(i) + " times");
        boolean requestedBeforeStart = scenario.callers().stream()
                .anyMatch(c -> c.when() == Moment.BEFORE_START && c.targets().contains(i));
        if (requestedBeforeStart) {
            outcome.check(beforeStartTrues.get(i) == 1, "the first terminate() of NEW " + name(i) + " must return true; "
                    + beforeStartTrues.get(i) + " calls did");
        }
    }

    private void checkOrder(Outcome outcome, Set<Integer> targeted) {
        List<Integer> ordered = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (startResult.get(i) == STARTED && startReturnedAt.get(i) < shutdownAt.get() && !targeted.contains(i)
                    && scenario.threads().get(i).body() != BodyKind.ENDS_AT_ONCE
                    && scenario.threads().get(i).callback() != CallbackKind.DEFAULT_INTERRUPT && invocations.get(i) > 0) {
                ordered.add(i);
            }
        }
        List<Integer> expected = new ArrayList<>(ordered);
        java.util.Collections.reverse(expected);
        // Each callback must start after the one whose turn precedes it. One exception is allowed
        // (rules 3.3 and 3.4): a turn declared OVERRAN lets the next callback start although the
        // overrun one may not yet have run its first line (its thread was descheduled longer than
        // the bound), so that pair may appear inverted.
        for (int k = 0; k + 1 < expected.size(); k++) {
            int earlier = expected.get(k);
            int later = expected.get(k + 1);
            if (firstCallbackAt.get(later) < firstCallbackAt.get(earlier) && !declaredOverran(earlier)) {
                List<Integer> byCallback = new ArrayList<>(ordered);
                byCallback.sort((a, b) -> Integer.compare(firstCallbackAt.get(a), firstCallbackAt.get(b)));
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
    private void checkCompletionOrder(Outcome outcome, Set<Integer> targeted) {
        for (int i = 0; i < n; i++) {
            ThreadPlan earlier = scenario.threads().get(i);
            if (startResult.get(i) != STARTED || startReturnedAt.get(i) >= shutdownAt.get() || targeted.contains(i)
                    || earlier.callback() == CallbackKind.DEFAULT_INTERRUPT || invocations.get(i) == 0) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                ThreadPlan later = scenario.threads().get(j);
                if (startResult.get(j) != STARTED || startReturnedAt.get(j) >= shutdownAt.get() || !later.awaited()
                        || (later.isLoop() && cleanupsDeferred.get(j) < 3)) {
                    continue;
                }
                if (endedAt.get(j) > firstCallbackAt.get(i) && !turnOverran(j)) {
                    outcome.violation("completion order: the callback of " + name(i) + " started before the later-registered "
                            + name(j) + " had ended (in the run's event order, the callback began at event "
                            + firstCallbackAt.get(i) + " and " + name(j) + " ended at event " + endedAt.get(j)
                            + "), and the turn of " + name(j) + " was not declared overrun");
                    return;
                }
            }
        }
    }

    /** Whether the turn of unit {@code i} was declared overrun (an overran(...) or an OVERRAN record). */
    private boolean turnOverran(int i) {
        return listener.overruns().stream().anyMatch(o -> o.threadName().equals(name(i))) || declaredOverran(i);
    }

    /** Whether a termination record of thread {@code i} says OVERRAN (terminate-phase records precede completion). */
    private boolean declaredOverran(int i) {
        return listener.terminationsOf(name(i)).stream().anyMatch(r -> r.outcome() == TerminationOutcome.OVERRAN);
    }

    private String names(List<Integer> indexes) {
        return indexes.stream().map(this::name).toList().toString();
    }

    private void checkChild(Outcome outcome, Child child) {
        Object result = child.result.get();
        if ("started".equals(result)) {
            outcome.check(child.handle.state() == ThreadState.ENDED, "nothing lost: " + child.name
                    + ", started by a callback, is " + child.handle.state() + " at completion");
            outcome.check(child.callbacks.get() == 1, "exactly once: the callback of " + child.name + " ran "
                    + child.callbacks.get() + " times");
        } else if (result instanceof ShutdownInProgressException) {
            outcome.check(child.handle != null && child.handle.state() == ThreadState.NEW,
                    "a rejected thread stays NEW: " + child.name);
        } else {
            outcome.violation("start() of " + child.name + " from a callback ended with " + result);
        }
    }

    private void checkRecords(Outcome outcome, ShutdownReport report) {
        // Callbacks outside the terminate phase may trail completion (rule 3.7): their records, and
        // even their invocations (a request made before start() queued behind an overrunning
        // callback, for a thread whose body has already returned). So the check is in two parts:
        // every invocation counted when the wait ends has its record (the wait fails otherwise),
        // and no thread ever has more records than invocations. An invocation that begins after
        // the wait is not waited for; its record, when it arrives, still counts against the second.
        boolean complete;
        try {
            complete = listener.awaitTerminations(this::recordsComplete, TckTime.awaitWindow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < n; i++) {
            CallbackKind kind = scenario.threads().get(i).callback();
            List<TerminationRecord> records = listener.terminationsOf(name(i));
            if (kind == CallbackKind.DEFAULT_INTERRUPT) {
                outcome.check(records.size() <= 1, name(i) + " has " + records.size() + " termination records");
                continue;
            }
            int calls = invocations.get(i); // read after the records: a record follows its invocation
            outcome.check(complete || records.size() >= calls, "one record per callback: " + name(i) + " has "
                    + records.size() + " records for " + calls + " invocations after " + TckTime.awaitWindow().toMillis()
                    + " ms");
            outcome.check(records.size() <= calls, "one record per callback: " + name(i) + " has " + records.size()
                    + " records for " + calls + " invocations");
            for (TerminationRecord r : records) {
                TerminationOutcome expected = switch (kind) {
                    case THROWS_EXCEPTION, THROWS_ERROR -> TerminationOutcome.FAILED;
                    default -> TerminationOutcome.COMPLETED;
                };
                if (kind == CallbackKind.BLOCKS_PAST_BOUND && blockedNanos.get(i) > bound.toNanos() * 3 / 2) {
                    expected = TerminationOutcome.OVERRAN; // it blocked well past the bound (a shorter block may go either way)
                }
                outcome.check(r.outcome() == expected || r.outcome() == TerminationOutcome.OVERRAN,
                        "the record of " + name(i) + " says " + r.outcome() + ", expected " + expected
                                + (kind == CallbackKind.BLOCKS_PAST_BOUND ? " (its callback blocked "
                                        + blockedNanos.get(i) / 1_000_000 + " ms, bound " + bound.toMillis() + " ms)" : ""));
            }
        }
        for (CallbackFailure f : report.failures()) {
            int i = indexOf(f.threadName());
            outcome.check(i >= 0 && (scenario.threads().get(i).callback() == CallbackKind.THROWS_EXCEPTION
                    || scenario.threads().get(i).callback() == CallbackKind.THROWS_ERROR),
                    "the report lists a failure of " + f.threadName() + ", whose callback does not throw");
        }
    }

    private boolean recordsComplete() {
        for (int i = 0; i < n; i++) {
            if (scenario.threads().get(i).callback() != CallbackKind.DEFAULT_INTERRUPT
                    && listener.terminationsOf(name(i)).size() < invocations.get(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(String threadName) {
        for (int i = 0; i < n; i++) {
            if (name(i).equals(threadName)) {
                return i;
            }
        }
        return -1;
    }

    /** A planned {@link Error} thrown by scenario callbacks. */
    static final class PlannedError extends Error {
        private static final long serialVersionUID = 1L;

        PlannedError(String message) {
            super(message);
        }
    }
}
