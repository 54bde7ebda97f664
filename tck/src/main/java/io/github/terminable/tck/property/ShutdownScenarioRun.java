package io.github.terminable.tck.property;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.tck.harness.RecordingListener;
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
import io.github.terminable.tck.property.ShutdownScenario.CallerPlan;
import io.github.terminable.tck.property.ShutdownScenario.Moment;
import io.github.terminable.tck.property.ShutdownScenario.ThreadPlan;
import io.github.terminable.tck.property.ShutdownScenario.Trigger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Drives one {@link ShutdownScenario} against a fresh coordinator and records what happened into
 * {@link ShutdownObservations}; {@link ShutdownOracle} then judges them. {@link #run} does both.
 *
 * <p>The driver builds the scenario's threads and loops, starts them in the planned order, runs
 * the {@code terminate()} and {@code shutdown()} callers on helper threads at their moments, and
 * while it runs records, on whichever thread sees it:
 * <ul>
 *   <li>an event clock that every recorded event increments, and per unit when its
 *       {@code start()} returned, when its callback first began and how often it ran, how often
 *       its body began, when it ended, and a loop's deferred and finished cleanups;</li>
 *   <li>when the first {@code shutdown()} call began, the handles the calls returned, and how
 *       long every {@code terminate()} and {@code shutdown()} call took;</li>
 *   <li>the threads callbacks registered, and what the coordinator's listener received;</li>
 *   <li>its own faults (a helper that threw, an unexpected exception from {@code start()}).</li>
 * </ul>
 * Then it awaits completion, releases blocked callbacks, joins the helpers, and takes the
 * snapshots {@link ShutdownObservations} describes, each after its wait. Every wait and window is
 * the driver's; the oracle never waits.
 *
 * <p>Memory visibility: the helper threads, the units' own threads and the coordinator's
 * threads record only into atomic variables, the atomic (or volatile) fields of each unit's
 * trace ({@link UnitTrace}) and concurrent collections, so a read on the driving thread sees the
 * last write made before it. {@code Thread.join} of each helper makes all that helper did
 * happen-before the snapshots. Work that is not joined (the units' threads, the coordinator's
 * callbacks, including those that trail completion, and a helper still stuck when its window
 * passed) may write after a snapshot; each snapshot reads every value once, so the oracle judges
 * one fixed reading and never sees a value change under it. The observations are immutable
 * (final fields, copied lists); they are built, then judged, on the driving thread.
 */
public final class ShutdownScenarioRun {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final ShutdownScenario scenario;
    private final Function<Duration, TerminationCoordinator> coordinators;
    private final int n;
    private final String prefix = "s" + RUNS.incrementAndGet() + "-";
    /**
     * The scenario's callback bound before the time factor: well above the fast callbacks and
     * slow bodies the generator plans (at most 45 ms), and above the scheduling delays of a
     * loaded build at the self-test's time factor of 0.5 (tck-selftest/pom.xml). With 60 ms
     * (30 ms there) the TCK's own listener was reported blocked a few times per run, a delay the
     * oracle would only see by luck; the generator makes overrunning units rare instead (see
     * ShutdownScenarios).
     */
    private static final long BOUND_MILLIS = 100;

    private final Duration bound = TckTime.scaled(Duration.ofMillis(BOUND_MILLIS));
    private final AtomicInteger clock = new AtomicInteger();
    /** What is recorded about each unit, by index. */
    private final List<UnitTrace> units;
    private final AtomicInteger shutdownAt = new AtomicInteger(Integer.MAX_VALUE);
    private final CountDownLatch release = new CountDownLatch(1);
    /** The driver's own faults, in words, in the order they happened. */
    private final Queue<String> faults = new ConcurrentLinkedQueue<>();
    /** Every terminate() and shutdown() call, with how long it took. */
    private final Queue<TimedCall> calls = new ConcurrentLinkedQueue<>();
    private final Helpers helpers = new Helpers("tck-scenario-" + prefix, faults);
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final AtomicInteger registering = new AtomicInteger();
    private final List<ShutdownCompletion> completions = new CopyOnWriteArrayList<>();
    /** One permit per shutdown() call that has returned (released after its completion is added). */
    private final Semaphore shutdownReturned = new Semaphore(0);
    private final RecordingListener listener = new RecordingListener();
    private TerminationCoordinator coordinator;
    // Written and read by the driving thread only.
    private boolean interruptedRunning;
    private boolean anyShutdownReturned;
    private boolean interruptedAwaiting;

    /** A callback's attempt to register and start a child thread, as it happens. */
    private static final class Registration {
        final String name;
        final AtomicInteger callbacks = new AtomicInteger();
        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicReference<Object> result = new AtomicReference<>();
        volatile TerminableThread handle;

        Registration(String name) {
            this.name = name;
        }
    }

    private ShutdownScenarioRun(ShutdownScenario scenario, Function<Duration, TerminationCoordinator> coordinators) {
        this.scenario = scenario;
        this.coordinators = coordinators;
        this.n = scenario.threads().size();
        List<UnitTrace> traces = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            traces.add(new UnitTrace());
        }
        this.units = List.copyOf(traces);
    }

    /**
     * Runs the scenario, then checks its invariants with {@link ShutdownOracle}.
     *
     * @param scenario the scenario
     * @param coordinators creates a fresh independent coordinator with the given callback bound
     * @return the violated invariants, if any
     */
    public static Outcome run(ShutdownScenario scenario, Function<Duration, TerminationCoordinator> coordinators) {
        ShutdownObservations seen = new ShutdownScenarioRun(scenario, coordinators).observe();
        return new ShutdownOracle(scenario, seen).judge();
    }

    private String name(int i) {
        return ShutdownObservations.unitName(prefix, i);
    }

    private ShutdownObservations observe() {
        coordinator = coordinators.apply(bound);
        coordinator.addListener(listener);
        for (int i = 0; i < n; i++) {
            if (!scenario.threads().get(i).isLoop()) {
                units.get(i).handle = create(i);
            }
        }
        try {
            runScenario();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interruptedRunning = true;
        }
        ShutdownReport report = awaitCompletion();
        release.countDown();
        List<StuckHelper> stuck = helpers.join();
        List<Unit> atCompletion = unitsAtCompletion();
        List<Child> children = childrenOnceRegistered();
        Settled settled = report != null && report.completed() ? settled() : null;
        return new ShutdownObservations(prefix, bound, interruptedRunning, anyShutdownReturned, interruptedAwaiting,
                report, stuck, shutdownAt.get(), atCompletion, children, settled,
                completions.stream().distinct().count(), List.copyOf(calls), List.copyOf(faults));
    }

    private TerminableThread create(int i) {
        CallbackKind kind = scenario.threads().get(i).callback();
        BodyKind body = scenario.threads().get(i).body();
        UnitTrace unit = units.get(i);
        CountDownLatch stop = unit.stop;
        TerminableThreadBuilder b = coordinator.threadBuilder().name(name(i));
        if (!scenario.threads().get(i).awaited()) {
            b.awaitedInTurn(false);
        }
        if (kind != CallbackKind.DEFAULT_INTERRUPT) {
            b.onTerminate(callback(i, kind));
        }
        return b.unstarted(() -> {
            unit.bodyRan.incrementAndGet();
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
                    work(Duration.ofMillis(BOUND_MILLIS * 3 / 2)); // one and a half times the bound, at every time factor
                }
            } finally {
                unit.endedAt.set(clock.incrementAndGet());
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
        UnitTrace unit = units.get(i);
        io.github.terminable.BackgroundLoop loop = coordinator.loopBuilder().name(name(i)).awaitedInTurn(plan.awaited()).start();
        unit.handle = loop.thread();
        try {
            loop.submitWithContext(ctx -> {
                for (int k = 0; k < 3; k++) {
                    ctx.deferCleanup(() -> {
                        work(Duration.ofMillis(plan.cleanupMillis()));
                        unit.cleanupsRan.incrementAndGet();
                        unit.endedAt.set(clock.incrementAndGet());
                    });
                    unit.cleanupsDeferred.incrementAndGet();
                }
                return null;
            }).get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.CancellationException
                 | java.util.concurrent.ExecutionException e) {
            // the shutdown reached the loop first: it defers fewer (or no) cleanups
        } catch (Exception e) {
            faults.add("the setup task of loop " + name(i) + " failed: " + e);
        }
        return loop.thread();
    }

    private TerminationCallback callback(int i, CallbackKind kind) {
        UnitTrace unit = units.get(i);
        return t -> {
            int now = clock.incrementAndGet();
            if (unit.invocations.getAndIncrement() == 0) {
                unit.firstCallbackAt = now;
            }
            work(Duration.ofMillis(scenario.threads().get(i).callbackMillis()));
            unit.stop.countDown();
            switch (kind) {
                case THROWS_EXCEPTION -> throw new IllegalStateException("planned failure of " + name(i));
                case THROWS_ERROR -> throw new PlannedError("planned error of " + name(i));
                case BLOCKS_PAST_BOUND -> {
                    long t0 = System.nanoTime();
                    release.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
                    unit.blockedNanos.set(System.nanoTime() - t0);
                }
                case REGISTERS_THREAD -> registerChild(i);
                default -> {
                }
            }
        };
    }

    private void registerChild(int parent) {
        Registration child = new Registration(name(parent) + "-child");
        registering.incrementAndGet();
        registrations.add(child);
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
            helpers.start("shutdown-" + s, () -> {
                go.await();
                shutdownAt.accumulateAndGet(clock.incrementAndGet(), Math::min);
                long t0 = System.nanoTime();
                completions.add(coordinator.shutdown());
                shutdownReturned.release();
                timed("shutdown()", t0);
            });
        }
        runCallers(Moment.DURING_SHUTDOWN, go);
        if (scenario.trigger() == Trigger.BEFORE_ANY_START) {
            go.countDown();
            awaitShutdownBegun();
            startRange(0, n);
        } else if (k < n) {
            helpers.start("starter", () -> {
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
            UnitTrace unit = units.get(i);
            try {
                if (scenario.threads().get(i).isLoop()) {
                    startLoop(i);
                } else {
                    unit.handle.start();
                }
                unit.startReturnedAt = clock.incrementAndGet();
                unit.startResult = Start.STARTED;
            } catch (ShutdownInProgressException e) {
                unit.startResult = Start.REJECTED;
            } catch (Throwable e) {
                unit.startResult = Start.FAILED;
                faults.add("start() of " + name(i) + " threw " + e);
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
            started.add(helpers.start("caller-" + moment + "-" + c++, () -> {
                ready.await();
                for (int target : caller.targets()) {
                    UnitTrace unit = units.get(target);
                    TerminableThread handle = unit.handle;
                    if (handle == null) {
                        continue; // a loop not started yet
                    }
                    long t0 = System.nanoTime();
                    boolean accepted = handle.terminate();
                    timed("terminate() of " + name(target), t0);
                    if (accepted) {
                        unit.trues.incrementAndGet();
                        if (moment == Moment.BEFORE_START) {
                            unit.beforeStartTrues.incrementAndGet();
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

    private void timed(String call, long startNanos) {
        calls.add(new TimedCall(call, Duration.ofNanos(System.nanoTime() - startNanos)));
    }

    /**
     * Waits until every helper's {@code shutdown()} call returned (or the window passed), then
     * for the first returned handle's report.
     *
     * @return the report, or null if no call returned or the wait was interrupted
     */
    private ShutdownReport awaitCompletion() {
        try {
            shutdownReturned.tryAcquire(scenario.shutdownCallers(), TckTime.awaitWindow().toNanos(), TimeUnit.NANOSECONDS);
            if (completions.isEmpty()) {
                return null;
            }
            anyShutdownReturned = true;
            return completions.get(0).await(TckTime.awaitWindow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interruptedAwaiting = true;
            return null;
        }
    }

    /** The first snapshot: each unit as it is once the shutdown was awaited and the helpers joined. */
    private List<Unit> unitsAtCompletion() {
        List<Unit> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            seen.add(units.get(i).atCompletion(scenario.threads().get(i).isLoop(), () -> overrunReported(index),
                    () -> recordOverran(index)));
        }
        return seen;
    }

    private boolean overrunReported(int i) {
        return listener.overruns().stream().anyMatch(o -> o.threadName().equals(name(i)));
    }

    /** Terminate-phase records precede completion, so an OVERRAN record of that phase is seen here. */
    private boolean recordOverran(int i) {
        return listener.terminationsOf(name(i)).stream().anyMatch(r -> r.outcome() == TerminationOutcome.OVERRAN);
    }

    /**
     * The second snapshot: the threads callbacks registered. Callbacks outside the terminate phase
     * may still be starting their child: let them finish (within the window) first.
     */
    private List<Child> childrenOnceRegistered() {
        long deadline = System.nanoTime() + TckTime.awaitWindow().toNanos();
        while (registering.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        List<Child> seen = new ArrayList<>();
        for (Registration child : registrations) {
            Object result = child.result.get();
            TerminableThread handle = child.handle;
            seen.add(new Child(child.name, "started".equals(result),
                    result instanceof Throwable failure ? failure : null, handle == null ? null : handle.state(),
                    child.callbacks.get()));
        }
        return seen;
    }

    /**
     * The third snapshot, after a completed shutdown: the coordinator's state, then the records
     * once every callback invocation counted so far has its record (or the window passed).
     */
    private Settled settled() {
        List<String> live = coordinator.liveThreads().stream().map(TerminableThread::name).toList();
        CoordinatorPhase phase = coordinator.phase();
        boolean complete;
        try {
            complete = listener.awaitTerminations(this::recordsComplete, TckTime.awaitWindow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Settled(live, phase, null);
        }
        List<UnitRecords> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<TerminationRecord> ofUnit = listener.terminationsOf(name(i));
            UnitTrace unit = units.get(i);
            // Read after the records: a record follows its invocation.
            records.add(new UnitRecords(ofUnit, unit.invocations.get(), unit.blockedNanos.get()));
        }
        return new Settled(live, phase, new Records(complete, records));
    }

    private boolean recordsComplete() {
        for (int i = 0; i < n; i++) {
            if (scenario.threads().get(i).callback() != CallbackKind.DEFAULT_INTERRUPT
                    && listener.terminationsOf(name(i)).size() < units.get(i).invocations.get()) {
                return false;
            }
        }
        return true;
    }

    /** A planned {@link Error} thrown by scenario callbacks. */
    static final class PlannedError extends Error {
        private static final long serialVersionUID = 1L;

        PlannedError(String message) {
            super(message);
        }
    }
}
