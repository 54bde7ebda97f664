package io.github.terminable.tck.property;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.tck.property.LoopObservations.CleanupRun;
import io.github.terminable.tck.property.LoopObservations.FutureSeen;
import io.github.terminable.tck.property.LoopObservations.FutureState;
import io.github.terminable.tck.property.LoopObservations.Submission;
import io.github.terminable.tck.property.LoopObservations.Task;
import io.github.terminable.tck.property.LoopScenario.TaskKind;
import io.github.terminable.tck.property.LoopScenario.Termination;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Drives one {@link LoopScenario} and records what happened into {@link LoopObservations}; {@link
 * LoopOracle} then judges them. {@link #run} does both.
 *
 * <p>The driver starts a loop, has the scenario's producers submit its tasks from helper threads,
 * and ends the loop the planned way from another helper once enough submissions were attempted or
 * the producers stall. While it runs it records, on whichever thread sees it:
 * <ul>
 *   <li>an event clock that every recorded event increments; per task when its body began and
 *       ended and on which thread, and how many tasks were running at once;</li>
 *   <li>how each submission ended (accepted, rejected or thrown), whether it began after the
 *       terminating call had returned, and whether termination had been requested when it was
 *       rejected; a {@code call()} from the loop thread rejected before that request;</li>
 *   <li>the deferred cleanups registered and run, with their threads;</li>
 *   <li>its own faults (a helper that threw).</li>
 * </ul>
 * Then it awaits the loop's termination; after {@code shutdownNow()} it runs the handed-back
 * tasks itself; it reads which futures are still pending, releases blocked tasks, joins the
 * helpers, and reads the loop's state and every future. Every wait and window is the driver's;
 * the oracle never waits.
 *
 * <p>Memory visibility: the producers, the terminating helper and the loop thread record only
 * into atomic variables, atomic arrays, volatile fields and concurrent collections, so a read on
 * the driving thread sees the last write made before it. The loop's termination, awaited with
 * {@code awaitTermination}, happens-before its return (rule 5.2), so the loop's tasks and cleanups
 * are complete when the pending futures are read; {@code Thread.join} of each helper makes all
 * that helper did happen-before the final reading. A helper still stuck when its window passed may
 * write later; every value is read once into the observations, so the oracle judges one fixed
 * reading. The observations are immutable (final fields, copied lists); they are built, then
 * judged, on the driving thread.
 */
public final class LoopScenarioRun {

    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final long STALL_POLL_MILLIS = 20;
    private static final int STALL_POLLS = 3;

    private final LoopScenario scenario;
    private final int n;
    private final String name = "loop-scenario-" + RUNS.incrementAndGet();
    private final AtomicInteger clock = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final AtomicIntegerArray ranAt;
    private final AtomicIntegerArray endedAt;
    private final AtomicReferenceArray<Thread> ranOn;
    private final AtomicReferenceArray<Object> results;
    private final AtomicReferenceArray<Future<?>> futures;
    private final List<Integer> cleanupRegistered = new CopyOnWriteArrayList<>();
    private final List<CleanupRun> cleanupRuns = new CopyOnWriteArrayList<>();
    private final AtomicReferenceArray<Submission> submissions;
    private final Queue<Integer> inlineRejectedBeforeRequest = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean requestReturned = new AtomicBoolean();
    private final AtomicInteger submitted = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    /** The driver's own faults, in words, in the order they happened. */
    private final Queue<String> faults = new ConcurrentLinkedQueue<>();
    private final Helpers helpers = new Helpers("tck-" + name + "-", faults);
    /** Tasks handed back by {@code shutdownNow()} (rule 5.10); the scenario runs them itself afterwards. */
    private volatile List<Runnable> handedBack = List.of();
    /** The thread running the handed-back tasks; their runs are counted apart from the loop's. */
    private volatile Thread handBackRunner;
    private final List<Integer> handedBackRan = new CopyOnWriteArrayList<>();
    /** What running the handed-back tasks threw (written and read by the driving thread only). */
    private final List<Throwable> handBackFailures = new ArrayList<>();
    private BackgroundLoop loop;
    private TerminationCoordinator coordinator;

    private LoopScenarioRun(LoopScenario scenario) {
        this.scenario = scenario;
        this.n = scenario.tasks().size();
        this.ranAt = new AtomicIntegerArray(n);
        this.endedAt = new AtomicIntegerArray(n);
        this.ranOn = new AtomicReferenceArray<>(n);
        this.results = new AtomicReferenceArray<>(n);
        this.futures = new AtomicReferenceArray<>(n);
        this.submissions = new AtomicReferenceArray<>(n);
    }

    /**
     * Runs the scenario, then checks its invariants with {@link LoopOracle}.
     *
     * @param scenario the scenario
     * @param coordinators creates a fresh independent coordinator
     * @return the violated invariants, if any
     */
    public static Outcome run(LoopScenario scenario, Supplier<TerminationCoordinator> coordinators) {
        LoopScenarioRun run = new LoopScenarioRun(scenario);
        run.coordinator = coordinators.get();
        return new LoopOracle(scenario, run.observe()).judge();
    }

    private static String task(int i) {
        return LoopObservations.taskName(i);
    }

    private LoopObservations observe() {
        loop = coordinator.loopBuilder().name(name).start();
        for (int p = 0; p < scenario.producers(); p++) {
            int producer = p;
            helpers.start("producer-" + p, () -> produce(producer));
        }
        Thread terminator = helpers.start("terminator", this::terminate);
        if (scenario.terminateAfter() == 0) {
            reached.countDown();
        }
        List<StackTraceElement> runningLoopStack = null;
        List<Integer> pending = List.of();
        boolean interrupted = false;
        try {
            boolean ended = loop.awaitTermination(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                runningLoopStack = List.of(loop.thread().thread().getStackTrace());
            }
            terminator.join(TckTime.awaitWindow().toMillis());
            if (ended && scenario.how() == Termination.SHUTDOWN_NOW) {
                runHandedBack();
            }
            if (ended) {
                pending = pendingFutures();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted = true;
        }
        release.countDown();
        List<StuckHelper> stuck = helpers.join();
        List<Task> seen = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seen.add(new Task(ranAt.get(i), endedAt.get(i), ranOn.get(i), submissions.get(i), read(futures.get(i)),
                    results.get(i)));
        }
        return new LoopObservations(name, runningLoopStack, handBackFailures, handedBackRan, pending, interrupted, stuck,
                loop.thread().state(), loop.isShutdown(), loop.thread().thread(), maxActive.get(), seen,
                List.copyOf(inlineRejectedBeforeRequest), cleanupRegistered, cleanupRuns, List.copyOf(faults));
    }

    /**
     * Ends the loop once {@code terminateAfter} submissions were attempted, or as soon as the
     * producers stall (a producer blocked in {@code call()} behind a blocked task cannot go on
     * until the loop is ended).
     */
    private void terminate() throws Exception {
        int seen = -1;
        int stalls = 0;
        while (!reached.await(STALL_POLL_MILLIS, TimeUnit.MILLISECONDS) && stalls < STALL_POLLS) {
            int now = submitted.get();
            stalls = now == seen ? stalls + 1 : 0;
            seen = now;
        }
        requested.set(true);
        switch (scenario.how()) {
            case TERMINATE -> loop.terminate();
            case SHUTDOWN_NOW -> handedBack = List.copyOf(loop.shutdownNow());
            case GRACEFUL -> loop.shutdown();
            case CLOSE -> {
                // close() is graceful (rule 5.8): a blocked task is not interrupted, so it is
                // released first; close() then waits for it, the queued tasks and the cleanups.
                release.countDown();
                loop.close();
            }
            case COORDINATOR -> coordinator.shutdown();
            default -> throw new IllegalStateException();
        }
        requestReturned.set(true);
        release.countDown();
    }

    private void produce(int producer) {
        for (int i = producer; i < n; i += scenario.producers()) {
            boolean afterRequest = requestReturned.get();
            boolean blocking = scenario.tasks().get(i) == TaskKind.CALLED_FROM_PRODUCER;
            if (blocking) {
                counted();
            }
            submit(i, afterRequest);
            if (!blocking) {
                counted();
            }
        }
    }

    private void counted() {
        if (submitted.incrementAndGet() == scenario.terminateAfter()) {
            reached.countDown();
        }
    }

    private void submit(int i, boolean afterRequest) {
        TaskKind kind = scenario.tasks().get(i);
        try {
            switch (kind) {
                case DEFERS_CLEANUP -> futures.set(i, loop.submitWithContext(ctx -> {
                    enter(i);
                    int id = i;
                    ctx.deferCleanup(() -> cleanupRuns.add(new CleanupRun(id, clock.incrementAndGet(), Thread.currentThread())));
                    cleanupRegistered.add(i);
                    leave(i);
                    return null;
                }));
                case CALLED_FROM_PRODUCER -> {
                    try {
                        results.set(i, loop.call(() -> {
                            enter(i);
                            leave(i);
                            return "value";
                        }));
                    } catch (CancellationException e) {
                        results.set(i, e);
                    }
                }
                default -> futures.set(i, loop.submit(() -> body(i, kind)));
            }
            submissions.set(i, new Submission(afterRequest, null, false));
        } catch (RejectedExecutionException e) {
            results.set(i, e);
            submissions.set(i, new Submission(afterRequest, e, requested.get()));
        } catch (Exception e) {
            submissions.set(i, new Submission(afterRequest, e, requested.get()));
        }
    }

    private Object body(int i, TaskKind kind) throws Exception {
        enter(i);
        try {
            switch (kind) {
                case THROWS -> throw new IllegalStateException("planned failure of " + task(i));
                case BLOCKS_UNTIL_INTERRUPTED -> {
                    try {
                        release.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                    return "released";
                }
                case CALLS_INLINE -> {
                    Thread outer = Thread.currentThread();
                    try {
                        return loop.call(() -> Thread.currentThread() == outer ? "inline" : "NOT INLINE");
                    } catch (RejectedExecutionException e) {
                        if (!requested.get()) {
                            inlineRejectedBeforeRequest.add(i);
                        }
                        return "rejected";
                    }
                }
                default -> {
                    return "value";
                }
            }
        } finally {
            leave(i);
        }
    }

    /**
     * Rule 5.10: the tasks {@code shutdownNow()} handed back were never started and are not
     * cancelled; running them runs their tasks (here, on this thread) and completes their
     * futures. Records which ran, in order, and what running them threw.
     */
    private void runHandedBack() {
        handBackRunner = Thread.currentThread();
        for (Runnable r : handedBack) {
            try {
                r.run();
            } catch (Throwable e) {
                handBackFailures.add(e);
            }
        }
        handBackRunner = null;
    }

    private void enter(int i) {
        if (Thread.currentThread() == handBackRunner) {
            handedBackRan.add(i);
            return;
        }
        ranAt.set(i, clock.incrementAndGet());
        ranOn.set(i, Thread.currentThread());
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    }

    private void leave(int i) {
        if (Thread.currentThread() == handBackRunner) {
            return;
        }
        active.decrementAndGet();
        endedAt.set(i, clock.incrementAndGet());
    }

    /** The tasks whose futures are not done, once the loop has terminated. */
    private List<Integer> pendingFutures() {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Future<?> f = futures.get(i);
            if (f != null && !f.isDone()) {
                pending.add(i);
            }
        }
        return pending;
    }

    /** Reads what a future holds now, without waiting. */
    private static FutureSeen read(Future<?> f) {
        if (f == null) {
            return null;
        }
        if (!f.isDone()) {
            return new FutureSeen(FutureState.PENDING, null);
        }
        if (f.isCancelled()) {
            return new FutureSeen(FutureState.CANCELLED, null);
        }
        try {
            return new FutureSeen(FutureState.SUCCEEDED, f.get());
        } catch (ExecutionException e) {
            return new FutureSeen(FutureState.FAILED, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FutureSeen(FutureState.UNREAD, null);
        }
    }
}
