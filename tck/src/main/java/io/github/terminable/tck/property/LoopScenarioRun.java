package io.github.terminable.tck.property;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.TckTime;
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
 * Runs one {@link LoopScenario} and checks the invariants of section 5:
 * <ul>
 *   <li>accepted tasks run on the loop thread, one at a time, each producer's in its order
 *       (rule 5.1);</li>
 *   <li>every future handed out is done once the loop has terminated, except those of the tasks
 *       {@code shutdownNow()} hands back, which complete when the scenario runs them (rule 5.10);
 *       after a graceful shutdown
 *       none is cancelled (rules 5.2 and 5.7);</li>
 *   <li>a submission is rejected only once termination was requested, always after the request
 *       returned, with a message naming the loop (rule 5.3);</li>
 *   <li>{@code call()} from the loop thread runs inline (rule 5.4);</li>
 *   <li>deferred cleanups run once each, last registered first, on the loop thread, after the last
 *       task (rule 5.5);</li>
 *   <li>nothing blocks: producers, the terminating call and the loop all finish.</li>
 * </ul>
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
    private final List<int[]> cleanupRan = new CopyOnWriteArrayList<>();
    private final List<Thread> cleanupThreads = new CopyOnWriteArrayList<>();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean requestReturned = new AtomicBoolean();
    private final AtomicInteger submitted = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Queue<String> errors = new ConcurrentLinkedQueue<>();
    private final List<Thread> helpers = new ArrayList<>();
    /** Tasks handed back by {@code shutdownNow()} (rule 5.10); the scenario runs them itself afterwards. */
    private volatile List<Runnable> handedBack = List.of();
    /** The thread running the handed-back tasks; their runs are counted apart from the loop's. */
    private volatile Thread handBackRunner;
    private final List<Integer> handedBackRan = new CopyOnWriteArrayList<>();
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
    }

    /**
     * Runs the scenario and checks its invariants.
     *
     * @param scenario the scenario
     * @param coordinators creates a fresh independent coordinator
     * @return the violated invariants, if any
     */
    public static Outcome run(LoopScenario scenario, Supplier<TerminationCoordinator> coordinators) {
        LoopScenarioRun run = new LoopScenarioRun(scenario);
        run.coordinator = coordinators.get();
        return run.execute();
    }

    private String task(int i) {
        return "k" + i;
    }

    private Outcome execute() {
        Outcome outcome = new Outcome();
        loop = coordinator.loopBuilder().name(name).start();
        for (int p = 0; p < scenario.producers(); p++) {
            int producer = p;
            helper("producer-" + p, () -> produce(producer));
        }
        helper("terminator", this::terminate);
        Thread terminator = helpers.get(helpers.size() - 1);
        if (scenario.terminateAfter() == 0) {
            reached.countDown();
        }
        try {
            boolean ended = loop.awaitTermination(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
            outcome.check(ended, "the loop did not end within " + TckTime.awaitWindow().toMillis() + " ms after "
                    + scenario.how().text + "; its thread is at " + List.of(loop.thread().thread().getStackTrace()));
            terminator.join(TckTime.awaitWindow().toMillis());
            if (ended && scenario.how() == Termination.SHUTDOWN_NOW) {
                runHandedBack(outcome);
            }
            if (ended) {
                checkFuturesDone(outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome.violation("interrupted");
        }
        release.countDown();
        for (Thread t : helpers) {
            try {
                t.join(TckTime.awaitWindow().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            outcome.check(!t.isAlive(), "no deadlock: " + t.getName() + " did not return; it is at "
                    + List.of(t.getStackTrace()));
        }
        check(outcome);
        errors.forEach(outcome::violation);
        return outcome;
    }

    private void helper(String label, Step step) {
        Thread t = new Thread(() -> {
            try {
                step.run();
            } catch (Throwable e) {
                errors.add("helper " + label + " failed: " + e);
            }
        }, "tck-" + name + "-" + label);
        t.setDaemon(true);
        helpers.add(t);
        t.start();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
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
                    ctx.deferCleanup(() -> {
                        cleanupRan.add(new int[] {id, clock.incrementAndGet()});
                        cleanupThreads.add(Thread.currentThread());
                    });
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
            if (afterRequest && scenario.how() != Termination.COORDINATOR) { // the coordinator requests asynchronously
                errors.add("a submission of " + task(i) + " that began after " + scenario.how().text
                        + " returned was accepted");
            }
        } catch (RejectedExecutionException e) {
            results.set(i, e);
            if (!requested.get()) {
                errors.add(task(i) + " was rejected before termination was requested: " + e);
            }
            if (e.getMessage() == null || !e.getMessage().contains(name)) {
                errors.add("the rejection of " + task(i) + " does not name the loop '" + name + "': " + e.getMessage());
            }
        } catch (Exception e) {
            errors.add("submitting " + task(i) + " threw " + e);
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
                            errors.add("call() from the loop thread in " + task(i) + " was rejected before termination"
                                    + " was requested");
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
     * futures. Each producer's handed-back tasks come back in its acceptance order.
     */
    private void runHandedBack(Outcome outcome) {
        handBackRunner = Thread.currentThread();
        for (Runnable r : handedBack) {
            try {
                r.run();
            } catch (Throwable e) {
                outcome.violation("running a task handed back by shutdownNow() threw " + e);
            }
        }
        handBackRunner = null;
        for (int p = 0; p < scenario.producers(); p++) {
            int previous = -1;
            for (int i : handedBackRan) {
                if (i % scenario.producers() == p) {
                    outcome.check(i > previous, "shutdownNow() handed back " + task(i) + " after a later task of the same"
                            + " producer: " + handedBackRan.stream().map(this::task).toList());
                    previous = i;
                }
            }
        }
    }

    private boolean handedBack(int i) {
        return handedBackRan.contains(i);
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

    private void checkFuturesDone(Outcome outcome) {
        for (int i = 0; i < n; i++) {
            Future<?> f = futures.get(i);
            if (f != null && !f.isDone()) {
                outcome.violation((scenario.how() == Termination.SHUTDOWN_NOW ? "(after running the tasks shutdownNow()"
                        + " handed back) " : "") + "every future completes: the future of " + task(i) + " is pending although the loop"
                        + " has terminated");
            }
        }
    }

    private void check(Outcome outcome) {
        Thread loopThread = loop.thread().thread();
        outcome.check(loop.thread().state() == ThreadState.ENDED, "the loop thread is " + loop.thread().state());
        outcome.check(loop.isShutdown(), "isShutdown() is false after " + scenario.how().text);
        outcome.check(maxActive.get() <= 1, "one at a time: " + maxActive.get() + " tasks ran at the same time");
        int lastTaskEnd = 0;
        for (int i = 0; i < n; i++) {
            if (ranAt.get(i) != 0) {
                outcome.check(ranOn.get(i) == loopThread, task(i) + " ran on " + ranOn.get(i) + ", not on the loop thread");
                lastTaskEnd = Math.max(lastTaskEnd, endedAt.get(i));
            }
            checkResult(outcome, i);
        }
        for (int p = 0; p < scenario.producers(); p++) {
            int previous = 0;
            for (int i = p; i < n; i += scenario.producers()) {
                if (ranAt.get(i) != 0) {
                    outcome.check(ranAt.get(i) > previous, "acceptance order: " + task(i) + " of producer " + (char) ('A' + p)
                            + " ran before an earlier task of the same producer");
                    previous = ranAt.get(i);
                }
            }
        }
        List<Integer> expected = new ArrayList<>(cleanupRegistered);
        java.util.Collections.reverse(expected);
        List<Integer> ran = cleanupRan.stream().map(a -> a[0]).toList();
        outcome.check(ran.equals(expected), "deferred cleanups registered by " + cleanupRegistered
                + " must run once each, last first; they ran as " + ran);
        outcome.check(cleanupThreads.stream().allMatch(t -> t == loopThread), "a cleanup ran off the loop thread");
        int firstCleanup = cleanupRan.isEmpty() ? Integer.MAX_VALUE : cleanupRan.get(0)[1];
        outcome.check(firstCleanup > lastTaskEnd, "a cleanup ran before the last task ended");
    }

    private void checkResult(Outcome outcome, int i) {
        TaskKind kind = scenario.tasks().get(i);
        if (handedBack(i)) {
            return; // run by the scenario itself, off the loop: its result says nothing about the loop
        }
        Future<?> f = futures.get(i);
        if (f != null && f.isDone()) {
            if (scenario.how() == Termination.GRACEFUL || scenario.how() == Termination.CLOSE) {
                outcome.check(!f.isCancelled(), "after " + scenario.how().text + " the accepted " + task(i) + " was cancelled");
            }
            if (!f.isCancelled()) {
                try {
                    Object value = f.get();
                    if (kind == TaskKind.THROWS) {
                        outcome.violation(task(i) + " threw, but its future completed normally with " + value);
                    }
                    if (kind == TaskKind.CALLS_INLINE) {
                        outcome.check("inline".equals(value) || "rejected".equals(value),
                                "call() from the loop thread in " + task(i) + " did not run inline: " + value);
                    }
                } catch (ExecutionException e) {
                    outcome.check(kind == TaskKind.THROWS || e.getCause() instanceof InterruptedException,
                            "the future of " + task(i) + " failed with " + e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (kind == TaskKind.CALLED_FROM_PRODUCER) {
            Object r = results.get(i);
            outcome.check("value".equals(r) || r instanceof RejectedExecutionException || r instanceof CancellationException,
                    "call() of " + task(i) + " by its producer ended with " + r);
        }
    }
}
