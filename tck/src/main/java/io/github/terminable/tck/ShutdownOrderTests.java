package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.CallbackFailure;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Journal;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.ShortBound;
import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.StdErrCapture;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Section 3 of the spec, first half: how shutdown begins and in which order, one turn at a time
 * and within which bound, its callbacks run (rules 3.1 to 3.6). What a turn waits for after the
 * callback (the unit's end, rules 3.2 to 3.6, 3.11 and 3.12) is checked by
 * {@link CompletionOrderTests}.
 */
public abstract class ShutdownOrderTests extends TckGroup {

    /** Creates the group. */
    protected ShutdownOrderTests() {
    }

    private List<Worker> startWorkers(TerminationCoordinator c, int count, String stem) {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            workers.add(Worker.startedOn(kit, c, stem));
        }
        return workers;
    }

    /**
     * Calls {@code c.shutdown()} from {@code callers} helper threads, released together, and
     * joins them.
     *
     * @return the handle each caller got, in the order they returned
     */
    private List<ShutdownCompletion> shutdownFromManyThreads(TerminationCoordinator c, int callers, String stem)
            throws InterruptedException {
        List<ShutdownCompletion> all = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            threads.add(kit.spawn(stem + i, () -> {
                go.await();
                all.add(c.shutdown());
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TckTime.awaitWindow().toMillis());
        }
        return all;
    }

    private static List<String> reversedNames(List<Worker> workers) {
        List<String> out = new ArrayList<>();
        for (int i = workers.size() - 1; i >= 0; i--) {
            out.add(workers.get(i).name);
        }
        return out;
    }

    @Test
    @SpecRule({"3.1.a", "3.1.c"})
    void required_shutdownReturnsOneHandleToEveryCallerAndDoesNotBlock(TerminationCoordinator c) throws Exception {
        Gate gate = kit.gate("blocking-callback");
        CountDownLatch stop = new CountDownLatch(1);
        c.threadBuilder().name(kit.name("blocking")).onTerminate(t -> {
            gate.pass();
            stop.countDown();
        }).start(() -> ThreadLifecycleTests.awaitQuietly(stop));

        ShutdownCompletion first = kit.returnsWithin("shutdown() while a callback blocks", TckTime.scaled(Duration.ofSeconds(1)),
                c::shutdown);
        assertThat(c.phase()).as("phase once shutdown() returned").isNotEqualTo(CoordinatorPhase.OPEN);
        assertThat(first.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        int callers = 6;
        List<ShutdownCompletion> all = shutdownFromManyThreads(c, callers, "shutdown-caller-");
        assertThat(all).hasSize(callers).allSatisfy(h -> assertThat(h).isSameAs(first));
        assertThat(first.isDone()).as("done while a callback still blocks").isFalse();
        gate.open();
        kit.awaitCompleted(first);
        assertThat(c.shutdown()).as("shutdown() after completion").isSameAs(first);
    }

    @Test
    @SpecRule("3.1.a")
    void required_concurrentFirstCallsAgreeOnOneHandle(TerminationCoordinator c) throws Exception {
        startWorkers(c, 3, "w");
        int callers = 6;
        List<ShutdownCompletion> all = shutdownFromManyThreads(c, callers, "first-caller-");
        assertThat(all).hasSize(callers);
        assertThat(Set.copyOf(all)).as("distinct handles").hasSize(1);
        assertThat(all.get(0).await(TckTime.awaitWindow()).completed()).isTrue();
        assertThat(kit.journal().subjects("callback")).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    @SpecRule({"3.2.b", "3.2.c", "3.2.d", "3.2.e"})
    void required_callbacksStartInReverseRegistrationOrder(TerminationCoordinator c) throws Exception {
        List<Worker> workers = startWorkers(c, 12, "ordered");
        kit.shutdownAndAwait(c);
        assertThat(kit.journal().subjects("callback")).isEqualTo(reversedNames(workers));
    }

    @Test
    @SpecRule("3.2.b")
    void required_anEarlierThreadIsNotRequestedBeforeItsTurn(TerminationCoordinator c) throws Exception {
        List<Worker> workers = startWorkers(c, 3, "turn");
        Worker first = workers.get(0);
        Worker last = workers.get(2);
        Gate gate = kit.gate("last-callback");
        AtomicInteger firstRequestedEarly = new AtomicInteger(-1);
        Worker gated = Worker.named(kit, "gated");
        gated.thenInCallback(t -> {
            firstRequestedEarly.set(first.handle.isTerminationRequested() ? 1 : 0);
            gate.pass();
        }).start(c);

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the last-registered thread's callback runs first", () -> firstRequestedEarly.get() != -1);
        assertThat(firstRequestedEarly.get()).as("isTerminationRequested() of the first thread during the first callback")
                .isZero();
        assertThat(last.handle.isTerminationRequested()).as("the next thread waits for its turn").isFalse();
        gate.open();
        kit.awaitCompleted(completion);
        assertThat(kit.journal().subjects("callback"))
                .containsExactly(gated.name, last.name, workers.get(1).name, first.name);
    }

    @Test
    @SpecRule("3.3.a")
    void required_turnsOfTheTerminatePhaseRunOneAtATime() throws Exception {
        // A turn lasts from its callback's start to the unit's end (rule 3.2): callbacks never
        // overlap, and no callback starts while the thread of the previous turn still runs.
        TerminationCoordinator c = kit.coordinator();
        AtomicInteger activeCallbacks = new AtomicInteger();
        AtomicInteger maxCallbacks = new AtomicInteger();
        AtomicInteger activeTurns = new AtomicInteger();
        AtomicInteger maxTurns = new AtomicInteger();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Worker w = Worker.named(kit, "serial");
            w.handle = c.threadBuilder().name(w.name).onTerminate(t -> {
                maxCallbacks.accumulateAndGet(activeCallbacks.incrementAndGet(), Math::max);
                maxTurns.accumulateAndGet(activeTurns.incrementAndGet(), Math::max);
                w.callback().onTerminate(t);
                SimulatedWork.takesScaled(Duration.ofMillis(5)); // so that an overlap would be seen
                activeCallbacks.decrementAndGet();
            }).start(() -> {
                w.body().run();
                SimulatedWork.takesScaled(Duration.ofMillis(5)); // the body's own cleanup
                activeTurns.decrementAndGet();
            });
            workers.add(w);
        }
        kit.shutdownAndAwait(c);
        assertThat(maxCallbacks.get()).as("callbacks running at the same time").isEqualTo(1);
        assertThat(maxTurns.get()).as("units between their callback's start and their end at the same time").isEqualTo(1);
        assertThat(kit.journal().subjects("callback")).isEqualTo(reversedNames(workers));
    }

    @Test
    @SpecRule({"3.4.a", "3.4.b", "8.3.a", "3.4.c"})
    void required_aBlockedCallbackHoldsTheOthersBackForAtMostCallbackTimeout() throws Exception {
        Duration bound = TckTime.measuredCallbackTimeout();
        Duration margin = bound.dividedBy(2);
        TerminationCoordinator c = kit.coordinator(b -> b.callbackTimeout(bound));
        RecordingListener listener = kit.listenTo(c);
        List<Worker> fast = startWorkers(c, 2, "fast");
        Gate gate = kit.gate("stuck-callback");
        Worker stuck = startBlockedInCallback(c, "stuck", gate, "stuck-returned");

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the other callbacks run while the stuck one still blocks",
                () -> fast.stream().allMatch(w -> w.callbacks.get() == 1));
        assertThat(gate.isOpen()).isFalse();
        Journal.Entry stuckStart = kit.journal().select("callback").get(0);
        Journal.Entry next = kit.journal().select("callback").get(1);
        assertThat(stuckStart.subject()).isEqualTo(stuck.name);
        assertThat(Duration.ofNanos(next.nanos() - stuckStart.nanos()))
                .as("the next callback starts only once the bound has elapsed, and promptly then")
                .isGreaterThanOrEqualTo(bound.multipliedBy(9).dividedBy(10))
                .isLessThan(bound.plus(margin));
        kit.awaitUntil("the overrun is reported to listeners", () -> !listener.overruns().isEmpty()
                && listener.terminationsOf(stuck.name).stream().anyMatch(r -> r.outcome() == TerminationOutcome.OVERRAN));
        assertThat(listener.overruns()).containsExactly(new RecordingListener.Overrun(stuck.name, bound));
        TerminationRecord overran = listener.terminationsOf(stuck.name).get(0);
        assertThat(overran.outcome()).isEqualTo(TerminationOutcome.OVERRAN);
        assertThat(overran.duration()).isEqualTo(bound);

        gate.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).containsExactly(stuck.name);
        kit.awaitUntil("the overrun callback eventually returns on its own thread",
                () -> kit.journal().count("stuck-returned", stuck.name) == 1);
        assertThat(listener.terminationsOf(stuck.name)).as("no second record when an overrun callback returns").hasSize(1);
    }

    /**
     * Rule 3.4: a bound is kept whatever other coordinators are waiting for. Four coordinators'
     * callbacks block at once, started in this order: one whose bound is longer than the test
     * waits, two with the same measured bound, and another with the longer bound. Each of the two
     * must be declared overrun when its own bound elapses. An implementation that watches every
     * coordinator's bound from one place fails this if it sleeps until the longer bound it saw
     * first when a shorter one arrives, or if, after the first overrun, it sleeps until the wrong
     * one of the bounds left.
     */
    @Test
    @SpecRule("3.4.a")
    void required_eachCoordinatorsBoundIsKeptWhileOthersWaitOnLongerBounds() throws Exception {
        Duration bound = TckTime.measuredCallbackTimeout();
        Duration margin = bound.dividedBy(2);
        Duration longer = TckTime.awaitWindow().multipliedBy(2); // never reached while the test runs
        Gate gate = kit.gate("coordinators-block");
        List<TerminationCoordinator> coordinators = new ArrayList<>();
        List<Worker> blocked = new ArrayList<>();
        Journal journal = kit.journal();
        for (Duration each : List.of(longer, bound, bound, longer)) {
            TerminationCoordinator c = kit.coordinator(b -> b.callbackTimeout(each));
            c.addListener(new TerminationListener() {
                @Override
                public void overran(String threadName, Duration exceeded) {
                    journal.add("overran", threadName); // timed by the journal
                }
            });
            Worker w = Worker.startedBlockingInCallback(kit, c, "blocks-" + coordinators.size(), gate);
            coordinators.add(c);
            blocked.add(w);
            c.shutdown();
            kit.awaitUntil("the callback of " + w.name + " runs", () -> w.callbacks.get() == 1);
            if (blocked.size() == 1) {
                // A quiet window under the longer bound alone, so the shorter bounds arrive while
                // it is the only one being waited for.
                kit.assertNever("a callback under the longer bound is declared overrun early",
                        () -> journal.count("overran", w.name) > 0);
            }
        }

        for (Worker w : blocked.subList(1, 3)) {
            kit.awaitUntil(w.name + "'s callback is declared overrun", () -> journal.count("overran", w.name) > 0);
            assertThat(Duration.ofNanos(firstNanos(journal, "overran", w.name) - firstNanos(journal, "callback", w.name)))
                    .as(w.name + "'s overrun is declared when its own bound elapsed, not when a longer bound does")
                    .isGreaterThanOrEqualTo(bound.multipliedBy(9).dividedBy(10))
                    .isLessThan(bound.plus(margin));
        }
        assertThat(journal.subjects("overran")).as("no longer bound has elapsed")
                .containsOnly(blocked.get(1).name, blocked.get(2).name);
        gate.open();
        for (TerminationCoordinator c : coordinators) {
            kit.awaitCompleted(c.shutdown());
        }
    }

    /** When {@code subject} was first journaled with {@code event}, in {@link System#nanoTime()} units. */
    private static long firstNanos(Journal journal, String event, String subject) {
        return journal.select(event).stream().filter(e -> e.subject().equals(subject)).findFirst().orElseThrow().nanos();
    }

    @Test
    @SpecRule({"3.4.a", "3.4.b"})
    void required_anOverrunCallbackThatReturnsLateDoesNotDisturbTheTurnsAfterIt(
            @ShortBound TerminationCoordinator c) throws Exception {
        Worker last = Worker.startedOn(kit, c, "turn-three");
        Gate second = kit.gate("turn-two-blocks");
        Worker two = Worker.startedBlockingInCallback(kit, c, "turn-two", second);
        Gate first = kit.gate("turn-one-blocks");
        Worker one = startBlockedInCallback(c, "turn-one", first, "returned-late");

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("turn two's callback runs once turn one overran", () -> two.callbacks.get() == 1);
        // Turn one's callback returns now, long after its overrun, while turn two's still blocks.
        first.open();
        kit.awaitUntil("turn one's callback returned on its own thread",
                () -> kit.journal().count("returned-late", one.name) == 1);

        kit.awaitUntil("turn three runs once turn two overran, as if turn one had never returned",
                () -> last.callbacks.get() == 1);
        assertThat(second.isOpen()).isFalse();
        second.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).containsExactly(one.name, two.name);
    }

    @Test
    @SpecRule({"3.4.a", "1.2.d"})
    void required_theBoundAlsoAppliesOutsideShutdown(@ShortBound TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate gate = kit.gate("stuck-explicit");
        Worker stuck = Worker.startedBlockingInCallback(kit, c, "stuck", gate);
        Worker after = Worker.startedOn(kit, c, "after");

        stuck.handle.terminate();
        kit.awaitUntil("the stuck callback started", () -> stuck.callbacks.get() >= 1);
        after.handle.terminate();
        kit.awaitUntil("a later explicit request is served although the first callback still blocks",
                () -> after.callbacks.get() == 1);
        kit.awaitUntil("the overrun is reported", () -> listener.overruns().size() >= 1);
        assertThat(listener.overruns()).hasSize(1);
        assertThat(stuck.callbacks.get()).isEqualTo(1);
        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    @SpecRule({"3.5.a", "3.5.b", "3.5.d", "3.5.e", "8.2.a"})
    void required_aFailingCallbackIsReportedAndSkipsNothing(TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Worker a = Worker.startedOn(kit, c, "ok-first");
        Worker throwsException = startFailing(c, "throws-exception", new IllegalStateException("planned callback failure"));
        Worker throwsError = startFailing(c, "throws-error", new PlannedError("planned callback error"));
        Worker d = Worker.startedOn(kit, c, "ok-last");

        ShutdownReport report = kit.shutdownAndAwait(c);

        assertThat(kit.journal().subjects("callback"))
                .containsExactly(d.name, throwsError.name, throwsException.name, a.name);
        assertThat(report.failures()).extracting(CallbackFailure::threadName)
                .as("failures in invocation order").containsExactly(throwsError.name, throwsException.name);
        assertThat(report.failures().get(0).failure()).isInstanceOf(PlannedError.class);
        assertThat(report.failures().get(1).failure()).isInstanceOf(IllegalStateException.class)
                .hasMessage("planned callback failure");
        TerminationRecord failed = listener.terminationsOf(throwsException.name).get(0);
        assertThat(failed.outcome()).isEqualTo(TerminationOutcome.FAILED);
        assertThat(failed.failure()).get().isInstanceOf(IllegalStateException.class);
        assertThat(listener.terminationsOf(throwsError.name).get(0).failure()).get().isInstanceOf(PlannedError.class);
        assertThat(listener.terminationsOf(a.name).get(0).outcome()).isEqualTo(TerminationOutcome.COMPLETED);
        assertThat(listener.terminationsOf(d.name).get(0).outcome()).isEqualTo(TerminationOutcome.COMPLETED);
    }

    @Test
    @SpecRule({"3.5.b", "3.5.c"})
    void required_aFailingCallbackWithoutListenerIsPrintedToSystemErr() throws Exception {
        StdErrCapture err = kit.captureStdErr();
        TerminationCoordinator c = kit.coordinator();
        Worker explicit = startFailing(c, "fails-explicitly", new IllegalStateException("planned explicit failure"));
        Worker during = startFailing(c, "fails-in-shutdown", new PlannedError("planned shutdown error"));
        Worker other = Worker.startedOn(kit, c, "other");

        assertThat(explicit.handle.terminate()).as("terminate() does not propagate the callback's failure").isTrue();
        kit.awaitUntil("a TERMINABLE-CALLBACK-FAILED line naming the thread", () -> err.text().lines()
                .anyMatch(l -> l.startsWith("TERMINABLE-CALLBACK-FAILED") && l.contains(explicit.name)));
        RecordingListener removed = new RecordingListener();
        c.addListener(removed);
        assertThat(c.removeListener(removed)).isTrue(); // a coordinator whose listeners were all removed has none
        ShutdownReport report = kit.shutdownAndAwait(c);
        kit.awaitUntil("a TERMINABLE-CALLBACK-FAILED line for the shutdown failure", () -> err.text().lines()
                .anyMatch(l -> l.startsWith("TERMINABLE-CALLBACK-FAILED") && l.contains(during.name)));
        assertThat(err.text()).as("followed by the stack trace").contains("planned shutdown error").contains("\tat ");
        assertThat(other.callbacks.get()).isEqualTo(1);
        assertThat(report.failures()).extracting(CallbackFailure::threadName).containsExactly(during.name);
    }

    /**
     * Starts a worker whose callback blocks until {@code gate} opens (an interrupt ends the wait
     * with an exception) and then journals {@code returnedEvent} with the worker's name.
     */
    private Worker startBlockedInCallback(TerminationCoordinator c, String stem, Gate gate, String returnedEvent) {
        Worker w = Worker.named(kit, stem);
        w.thenInCallback(t -> {
            gate.pass();
            kit.journal().add(returnedEvent, w.name);
        }).start(c);
        return w;
    }

    private Worker startFailing(TerminationCoordinator c, String stem, Throwable failure) {
        Worker w = Worker.named(kit, stem);
        w.thenInCallback(t -> {
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }).start(c);
        return w;
    }


    @Test
    @SpecRule("3.5.b")
    void required_aCallbackInvokedBeforeTheShutdownIsNotAFailureOfItsReportsWhenItFailsLater(TerminationCoordinator c)
            throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate mayFail = kit.gate("fail-after-the-shutdown-began");
        Worker w = Worker.startedFailingAfter(kit, c, "fails-late", mayFail,
                new IllegalStateException("planned failure after the shutdown began"));

        assertThat(w.handle.terminate()).isTrue();
        kit.awaitUntil("the callback is invoked", () -> w.callbacks.get() == 1);
        ShutdownCompletion completion = c.shutdown();
        mayFail.open();
        kit.awaitUntil("the failure is reported to the listener", () -> listener.terminationsOf(w.name).size() == 1);
        assertThat(listener.terminationsOf(w.name).get(0).outcome()).isEqualTo(TerminationOutcome.FAILED);
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.failures()).as("failures() lists only callbacks invoked after the shutdown began").isEmpty();
    }

    @Test
    @SpecRule("3.6.a")
    void required_aThreadRequestedBeforeShutdownIsAwaitedButNotCalledAgain(TerminationCoordinator c) throws Exception {
        Gate finish = kit.gate("early-body");
        AtomicInteger earlyCallbacks = new AtomicInteger();
        TerminableThread early = c.threadBuilder().name(kit.name("requested-early"))
                .onTerminate(t -> earlyCallbacks.incrementAndGet())
                .start(finish::passUninterruptibly);
        Worker later = Worker.startedOn(kit, c, "later");
        assertThat(early.terminate()).isTrue();
        kit.awaitUntil("the early callback ran", () -> earlyCallbacks.get() >= 1);

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the other thread is terminated", later::ended);
        kit.assertNever("completion before the early-requested thread ended", completion::isDone);
        assertThat(completion.await(Duration.ofMillis(1)).unfinished()).extracting(u -> u.threadName()).contains(early.name());
        finish.open();
        kit.awaitCompleted(completion);
        assertThat(earlyCallbacks.get()).as("callbacks of the early-requested thread").isEqualTo(1);
    }

    /** A planned {@link Error} thrown by test callbacks. */
    static final class PlannedError extends Error {
        private static final long serialVersionUID = 1L;

        PlannedError(String message) {
            super(message);
        }
    }
}
