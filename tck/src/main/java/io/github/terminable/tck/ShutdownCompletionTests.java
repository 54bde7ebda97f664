package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.UnfinishedThread;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.ShortBound;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Section 3 of the spec, second half: when a shutdown completes, what an await with a deadline
 * reports, re-entrant calls, and phases (rules 3.7 to 3.10).
 */
public abstract class ShutdownCompletionTests extends TckGroup {

    /** What a listener sees of a whole explicit shutdown: the two phase changes, in order (rule 8.1). */
    private static final List<RecordingListener.PhaseChange> EXPLICIT_SHUTDOWN_PHASES = List.of(
            new RecordingListener.PhaseChange(CoordinatorPhase.OPEN, CoordinatorPhase.TERMINATING, ShutdownTrigger.EXPLICIT),
            new RecordingListener.PhaseChange(CoordinatorPhase.TERMINATING, CoordinatorPhase.TERMINATED,
                    ShutdownTrigger.EXPLICIT));

    /** Creates the group. */
    protected ShutdownCompletionTests() {
    }

    @Test
    @SpecRule({"3.7.a", "3.7.c"})
    void required_completionWaitsForEveryThreadToEnd(TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate slowEnd = kit.gate("slow-end");
        Worker slow = Worker.named(kit, "slow");
        slow.thenInBody(slowEnd::passUninterruptibly).start(c);
        Worker quick = Worker.startedOn(kit, c, "quick");

        long beforeShutdown = System.nanoTime();
        ShutdownCompletion completion = c.shutdown();
        CompletableFuture<ShutdownReport> stage = completion.toCompletionStage().toCompletableFuture();
        kit.awaitUntil("both callbacks ran", () -> slow.callbacks.get() >= 1 && quick.callbacks.get() >= 1);
        kit.assertNever("completion while a thread is still running", () -> completion.isDone() || stage.isDone());
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATING);

        slowEnd.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        Duration wall = Duration.ofNanos(System.nanoTime() - beforeShutdown);
        assertThat(report.unfinished()).isEmpty();
        assertThat(report.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        assertThat(report.elapsed()).as("elapsed(): from the shutdown's beginning to its completion, which came after"
                + " the quiet window the slow thread was held for, and before the test saw it").isBetween(
                        TckTime.quietWindow(), wall);
        assertThat(completion.isDone()).isTrue();
        assertThat(c.phase()).as("phase once isDone()").isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(c.liveThreads()).isEmpty();
        assertThat(slow.handle.state()).isEqualTo(ThreadState.ENDED);
        ShutdownReport fromStage = stage.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(fromStage.completed()).as("toCompletionStage() completes with the final report").isTrue();
        assertThat(listener.phases()).last().isEqualTo(new RecordingListener.PhaseChange(CoordinatorPhase.TERMINATING,
                CoordinatorPhase.TERMINATED, ShutdownTrigger.EXPLICIT));
    }


    @Test
    @SpecRule("3.7.b")
    void required_completionDoesNotWaitForACallbackInvokedBeforeTheShutdown(TerminationCoordinator c) throws Exception {
        Gate callbackMayReturn = kit.gate("explicit-callback");
        Worker w = Worker.startedBlockingInCallback(kit, c, "explicit", callbackMayReturn);

        assertThat(w.handle.terminate()).isTrue();
        assertThat(w.handle.join(TckTime.awaitWindow())).as("the body ends while its callback still runs").isTrue();
        ShutdownReport report = c.shutdown().await(TckTime.awaitWindow());
        assertThat(report.completed()).as("completion while a callback invoked outside the terminate phase still runs: "
                + report.describe()).isTrue();
        assertThat(w.callbacks.get()).as("callback invocations").isEqualTo(1);
        callbackMayReturn.open();
    }

    @Test
    @SpecRule({"3.7.a", "3.10.a"})
    void required_aShutdownWithoutThreadsCompletesPromptlyThroughTerminating(TerminationCoordinator c)
            throws Exception {
        RecordingListener listener = kit.listenTo(c);
        ShutdownReport report = kit.shutdownAndAwait(c);
        assertThat(report.completed()).isTrue();
        assertThat(report.failures()).isEmpty();
        assertThat(report.overruns()).isEmpty();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(listener.phases()).isEqualTo(EXPLICIT_SHUTDOWN_PHASES);
    }

    @Test
    @SpecRule({"3.8.a", "3.8.b", "3.8.c", "8.3.a"})
    void required_awaitWithADeadlineNamesEveryUnfinishedThreadWithItsStack(TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate release = kit.gate("stuck-body");
        CountDownLatch inBody = new CountDownLatch(1);
        TerminableThread stuck = c.threadBuilder().name(kit.name("ignores-termination")).onTerminate(t -> { })
                .start(() -> stuckInTckBody(release, inBody));
        Worker fine = Worker.startedOn(kit, c, "fine");
        assertThat(inBody.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        long beforeShutdown = System.nanoTime();
        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the cooperative thread ends", fine::ended);
        Duration awaited = TckTime.scaled(Duration.ofMillis(100));
        ShutdownReport partial = completion.await(awaited);
        Duration wall = Duration.ofNanos(System.nanoTime() - beforeShutdown);

        assertThat(partial.completed()).isFalse();
        assertThat(partial.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        assertThat(partial.elapsed()).as("elapsed() of a partial report: from the shutdown's beginning, past the await's"
                + " deadline, to the report").isBetween(awaited, wall);
        assertThat(partial.unfinished()).hasSize(1);
        UnfinishedThread u = partial.unfinished().get(0);
        assertThat(u.threadName()).isEqualTo(stuck.name());
        assertThat(u.threadId()).isEqualTo(stuck.thread().getId());
        assertThat(u.stack()).as("the unfinished thread's stack").anyMatch(f -> f.getMethodName().equals("stuckInTckBody"));
        assertThat(partial.describe()).contains(stuck.name()).contains("stuckInTckBody");
        kit.awaitUntil("listeners are told of the missed deadline", () -> listener.missedDeadlines().size() >= 1);
        assertThat(listener.missedDeadlines().get(0).completed()).isFalse();
        assertThat(completion.isDone()).isFalse();

        ShutdownReport again = completion.await(Duration.ofMillis(1));
        assertThat(again.completed()).as("a second timed-out await").isFalse();
        kit.awaitUntil("once per timed-out await", () -> listener.missedDeadlines().size() >= 2);
        assertThat(listener.missedDeadlines()).as("deadlineMissed once per timed-out await").hasSize(2);

        release.open();
        ShutdownReport done = completion.await(TckTime.awaitWindow());
        assertThat(done.completed()).as("the handle stays usable after a timed-out await").isTrue();
        assertThat(done.unfinished()).isEmpty();
        assertThatThrownBy(() -> completion.await(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> completion.await(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> completion.await(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static void stuckInTckBody(Gate release, CountDownLatch inBody) {
        inBody.countDown();
        release.passUninterruptibly();
    }

    @Test
    @SpecRule("3.8.a")
    void required_anAwaitWithADeadlineTooLongForNanosecondsWaitsForCompletion() throws Exception {
        HeldBackShutdown held = holdBackAShutdown();
        Duration beyondNanos = Duration.ofSeconds(Long.MAX_VALUE);
        Thread waiter = held.spawnAwaiter("awaits-without-bound", beyondNanos);
        kit.assertNever("await(" + beyondNanos + ") returns before the shutdown completes", () -> !waiter.isAlive());

        held.release().open();
        waiter.join(TckTime.awaitWindow().toMillis());
        assertThat(held.returned().get()).as("the report await(" + beyondNanos + ") returned once the shutdown"
                + " completed").isNotNull().satisfies(r -> assertThat(r.completed()).as("completed()").isTrue());
    }

    @Test
    @SpecRule("3.8.c")
    void required_anInterruptedAwaitThrowsAndLeavesTheShutdownAlone() throws Exception {
        HeldBackShutdown held = holdBackAShutdown();
        Thread waiter = held.spawnAwaiter("interrupted-awaiter", TckTime.awaitWindow());
        kit.awaitUntil("the waiter blocks in await", () -> waiter.getState() == Thread.State.WAITING
                || waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();
        waiter.join(TckTime.awaitWindow().toMillis());
        held.assertAwaitInterruptedAndTheShutdownUndisturbed();
    }

    @Test
    @SpecRule("3.8.c")
    void required_anAwaitEnteredWithTheInterruptStatusSetThrowsAndLeavesTheShutdownAlone() throws Exception {
        HeldBackShutdown held = holdBackAShutdown();
        // The await is far longer than the join below: only an await that honours the interrupt
        // status it finds on entry returns in time.
        Thread waiter = held.spawnAwaiter("interrupted-before-await", TckTime.scaled(Duration.ofMinutes(1)),
                () -> Thread.currentThread().interrupt());
        waiter.join(TckTime.awaitWindow().toMillis());
        held.assertAwaitInterruptedAndTheShutdownUndisturbed();
    }

    /** Begins the shutdown of a coordinator whose one thread ignores interrupts until released. */
    private HeldBackShutdown holdBackAShutdown() {
        TerminationCoordinator c = kit.coordinator();
        Gate release = kit.gate("stuck-body");
        c.threadBuilder().name(kit.name("stuck")).onTerminate(t -> { }).start(release::passUninterruptibly);
        return new HeldBackShutdown(kit, release, c.shutdown(), new AtomicReference<>(), new AtomicReference<>());
    }

    /**
     * A shutdown that cannot complete until {@code release} opens, and what the awaiters spawned on
     * it threw or were returned.
     */
    private record HeldBackShutdown(Kit kit, Gate release, ShutdownCompletion completion,
            AtomicReference<Throwable> thrown, AtomicReference<ShutdownReport> returned) {

        /**
         * Spawns a thread that runs {@code before}, then awaits the completion for up to
         * {@code timeout}, and keeps the report it returns or the {@code InterruptedException} it
         * throws.
         */
        Thread spawnAwaiter(String name, Duration timeout, Runnable... before) {
            return kit.spawn(name, () -> {
                for (Runnable r : before) {
                    r.run();
                }
                try {
                    returned.set(completion.await(timeout));
                } catch (InterruptedException e) {
                    thrown.set(e);
                }
            });
        }

        /** The await threw, the shutdown went on undisturbed, and it completes once released. */
        void assertAwaitInterruptedAndTheShutdownUndisturbed() throws Exception {
            assertThat(thrown.get()).as("what the interrupted await threw").isInstanceOf(InterruptedException.class);
            assertThat(completion.isDone()).as("the shutdown is still under way").isFalse();
            release.open();
            assertThat(kit.awaitCompleted(completion).completed()).isTrue();
        }
    }

    @Test
    @SpecRule({"3.7.a", "3.8.c"})
    void required_aStageOrAwaitAskedForAfterCompletionHasTheFinalReport(TerminationCoordinator c) throws Exception {
        Worker.startedOn(kit, c, "ends-on-request");
        ShutdownCompletion completion = c.shutdown();
        ShutdownReport report = kit.awaitCompleted(completion);

        // First asked for after completion, then again: each stage completes with the final report.
        for (String which : List.of("the first stage", "a second stage")) {
            ShutdownReport fromStage = completion.toCompletionStage().toCompletableFuture()
                    .get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(fromStage.completed()).as(which + " after completion").isTrue();
            assertThat(fromStage.unfinished()).as(which + " after completion").isEmpty();
            assertThat(fromStage.trigger()).isEqualTo(report.trigger());
        }
        ShutdownReport late = completion.await(Duration.ofMillis(1));
        assertThat(late.completed()).as("an await after completion returns the final report").isTrue();
        assertThat(late.elapsed()).as("elapsed() of the final report is fixed at completion").isEqualTo(report.elapsed());
    }

    @Test
    @SpecRule({"3.9.a", "3.9.b"})
    void required_reentrantCallsFromACallbackDuringShutdownDoNotDeadlock(TerminationCoordinator c) throws Exception {
        Worker earlier = Worker.startedOn(kit, c, "earlier");
        Worker other = Worker.startedOn(kit, c, "other");
        AtomicReference<ShutdownCompletion> fromCallback = new AtomicReference<>();
        List<String> results = new CopyOnWriteArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<TerminableThread> self = new AtomicReference<>();
        TerminableThread reentrant = c.threadBuilder().name(kit.name("reentrant")).onTerminate(t -> {
            fromCallback.set(c.shutdown());
            results.add("terminate(self)=" + t.terminate());
            results.add("terminate(other)=" + other.handle.terminate());
            results.add("phase=" + c.phase());
            results.add("live=" + (c.liveThreads().size() >= 1 ? "listed" : "empty"));
            io.github.terminable.TerminationListener l = new io.github.terminable.TerminationListener() { };
            c.addListener(l);
            results.add("removeListener=" + c.removeListener(l));
            ShutdownReport r = fromCallback.get().await(Duration.ofMillis(20));
            results.add("await.completed=" + r.completed());
            results.add("join(self)=" + self.get().join(Duration.ofMillis(5)));
            try {
                c.threadBuilder().name("from-reentrant-callback").start(() -> { });
                results.add("start=accepted");
            } catch (io.github.terminable.ShutdownInProgressException e) {
                results.add("start=rejected");
            }
            kit.journal().add("reentrant-done", t.name());
            stop.countDown();
        }).unstarted(() -> ThreadLifecycleTests.awaitQuietly(stop));
        self.set(reentrant);
        reentrant.start();

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the re-entrant callback returns", () -> kit.journal().count("reentrant-done", reentrant.name()) >= 1);
        kit.awaitCompleted(completion);
        assertThat(fromCallback.get()).as("shutdown() inside a callback returns the same handle").isSameAs(completion);
        assertThat(results).containsExactly("terminate(self)=false", "terminate(other)=true", "phase=TERMINATING",
                "live=listed", "removeListener=true", "await.completed=false", "join(self)=false", "start=rejected");
        assertThat(earlier.callbacks.get()).isEqualTo(1);
        assertThat(other.callbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule("3.9.a")
    void required_shutdownCalledFromAnExplicitCallbackDoesNotDeadlock(TerminationCoordinator c) throws Exception {
        Worker first = Worker.startedOn(kit, c, "first");
        AtomicReference<ShutdownCompletion> fromCallback = new AtomicReference<>();
        AtomicBoolean awaited = new AtomicBoolean();
        Worker trigger = Worker.named(kit, "trigger");
        trigger.thenInCallback(t -> {
            ShutdownCompletion h = c.shutdown();
            fromCallback.set(h);
            h.await(Duration.ofMillis(20));
            awaited.set(true);
        }).start(c);

        assertThat(trigger.handle.terminate()).isTrue();
        kit.awaitUntil("the callback began a shutdown and returned", awaited::get);
        ShutdownReport report = fromCallback.get().await(TckTime.awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(c.shutdown()).isSameAs(fromCallback.get());
        assertThat(first.callbacks.get()).isEqualTo(1);
        assertThat(trigger.callbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule({"3.10.a", "8.1.a"})
    void required_phasesMoveForwardOnlyAndListenersSeeEachOnce(TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.OPEN);
        for (int i = 0; i < 4; i++) {
            Worker.named(kit, "phase").start(c);
        }
        List<CoordinatorPhase> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = kit.spawn("phase-sampler", () -> {
            while (sampling.get()) {
                CoordinatorPhase p = c.phase();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != p) {
                    seen.add(p);
                }
                if (p == CoordinatorPhase.TERMINATED) {
                    return;
                }
                Thread.onSpinWait();
            }
        });
        ShutdownCompletion completion = c.shutdown();
        assertThat(c.phase()).isNotEqualTo(CoordinatorPhase.OPEN);
        kit.awaitCompleted(completion);
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        sampler.join(TckTime.awaitWindow().toMillis());
        sampling.set(false);
        List<CoordinatorPhase> order = new ArrayList<>(List.of(CoordinatorPhase.values()));
        assertThat(seen).as("observed phases are in order").isSortedAccordingTo(java.util.Comparator.comparingInt(order::indexOf));
        assertThat(seen).last().isEqualTo(CoordinatorPhase.TERMINATED);
        c.shutdown();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(listener.phases()).isEqualTo(EXPLICIT_SHUTDOWN_PHASES);
    }

    @Test
    @SpecRule("3.7.b")
    void required_completionDoesNotWaitForAnOverrunCallbackToReturn(
            @ShortBound TerminationCoordinator c) throws Exception {
        Gate release = kit.gate("overrun-callback");
        CountDownLatch called = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().name(kit.name("overrun")).onTerminate(self -> {
            called.countDown();
            release.pass();
        }).start(() -> {
            try {
                called.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        ShutdownReport report = c.shutdown().await(TckTime.awaitWindow().plus(TckTime.shortCallbackTimeout()));

        assertThat(report.completed()).as("the shutdown completes while the overrun callback still blocks").isTrue();
        assertThat(release.isOpen()).isFalse();
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
        assertThat(report.overruns()).containsExactly(t.name());
        release.open();
    }
}
