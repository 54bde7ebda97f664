package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.Journal;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.ShortBound;
import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.StdErrCapture;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Section 3 of the spec, completion order: a unit's turn in the terminate phase ends only when
 * the unit has ended (its body returned; for a loop, its last task and every deferred cleanup
 * ran), or when the turn's bound has elapsed; the next turn starts only then (rules 3.2, 3.3,
 * 3.4 and 3.6). Units built with {@code awaitedInTurn(false)} go back to request order
 * (rule 3.11), and an outcome is settled once (rule 3.12).
 *
 * <p>Every test registers an <i>earlier</i> unit first and a <i>later</i> unit after it, keeps
 * the later unit running after its callback (behind a {@link Gate}), and watches, for the quiet
 * window, that the earlier unit's callback does not start. The relaxed callback bound is several
 * quiet windows long, so an overrun cannot end the turn during the watch.
 */
public abstract class CompletionOrderTests extends TckGroup {

    /** Creates the group. */
    protected CompletionOrderTests() {
    }

    /**
     * The scene most tests here share (see the class comment): a coordinator with a listener, an
     * earlier worker, and a later worker that goes on working behind {@code linger} after its
     * callback. The later worker's body has started when the constructor returns.
     */
    private final class Scene {
        final TerminationCoordinator c;
        final RecordingListener listener;
        final Worker earlier;
        final Gate linger;
        final Worker later;

        /** {@code bound} is the coordinator's callback bound, or {@code null} for the relaxed default. */
        Scene(Duration bound, String laterStem, boolean laterAwaited) throws InterruptedException {
            c = bound == null ? kit.coordinator() : kit.coordinator(b -> b.callbackTimeout(bound));
            listener = kit.listenTo(c);
            earlier = Worker.startedOn(kit, c, "earlier");
            linger = kit.gate(laterStem + "-lingers");
            later = Worker.startedLingering(kit, c, laterStem, linger, laterAwaited);
            later.awaitStarted();
        }

        /**
         * Requests the later worker's termination before any shutdown, and waits until its
         * callback has run and its body goes on working behind {@link #linger}.
         */
        void requestLaterBeforeTheShutdown() {
            assertThat(later.handle.terminate()).as("the early request is accepted").isTrue();
            kit.awaitUntil("the early request's callback ran and the later body goes on working",
                    () -> kit.journal().count("still-working", later.name) == 1);
        }
    }

    private static int seqOf(Journal journal, String event, String subject) {
        return journal.select(event).stream().filter(e -> e.subject().equals(subject)).findFirst()
                .map(Journal.Entry::seq).orElseThrow(() -> new AssertionError("no " + event + "(" + subject + ") in " + journal));
    }

    @Test
    @SpecRule({"3.2.b", "3.3.a"})
    void required_anEarlierCallbackStartsOnlyOnceTheLaterThreadHasEnded() throws Exception {
        Scene s = new Scene(null, "later", true);

        ShutdownCompletion completion = s.c.shutdown();
        kit.awaitUntil("the later thread's callback ran and its body goes on working",
                () -> kit.journal().count("still-working", s.later.name) == 1);
        kit.assertNever("the earlier thread's callback starts while the later thread's body still runs",
                () -> s.earlier.callbacks.get() > 0);
        assertThat(s.earlier.handle.isTerminationRequested()).as("the earlier thread is requested only at its turn").isFalse();
        s.linger.open();
        kit.awaitCompleted(completion);
        Journal j = kit.journal();
        assertThat(seqOf(j, "really-ended", s.later.name)).as("the later body ended before the earlier callback started")
                .isLessThan(seqOf(j, "callback", s.earlier.name));
        assertThat(completion.await(TckTime.awaitWindow()).overruns()).as("no turn overran").isEmpty();
    }

    @Test
    @SpecRule({"3.2.b", "5.7.a"})
    void required_anEarlierCallbackStartsOnlyOnceTheLaterLoopRanEveryCleanup(TerminationCoordinator c)
            throws Exception {
        Worker earlier = Worker.startedOn(kit, c, "earlier");
        BackgroundLoop loop = kit.startLoop(c, "later-loop");
        Journal j = kit.journal();
        Gate lastCleanup = kit.gate("last-cleanup");
        loop.submitWithContext(ctx -> {
            // LIFO: "slow-last" runs last, after the two that take some time.
            ctx.deferCleanup(() -> {
                j.add("cleanup-start", "slow-last");
                lastCleanup.passUninterruptibly();
                j.add("cleanup", "slow-last");
            });
            for (String label : List.of("b", "a")) {
                ctx.deferCleanup(() -> {
                    SimulatedWork.takesScaled(Duration.ofMillis(20));
                    j.add("cleanup", label);
                });
            }
            return null;
        }).get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the loop's cleanups are running", () -> j.count("cleanup-start", "slow-last") == 1);
        kit.assertNever("the earlier thread's callback starts before the loop's last cleanup ran",
                () -> earlier.callbacks.get() > 0);
        lastCleanup.open();
        kit.awaitCompleted(completion);
        assertThat(j.subjects("cleanup")).containsExactly("a", "b", "slow-last");
        assertThat(seqOf(j, "cleanup", "slow-last")).as("every cleanup ran before the earlier callback")
                .isLessThan(seqOf(j, "callback", earlier.name));
    }

    @Test
    @SpecRule({"3.4.a", "3.3.b", "8.3.a"})
    void required_aThreadThatDoesNotEndOverrunsItsTurnAndTheNextTurnStarts() throws Exception {
        Duration bound = TckTime.shortCallbackTimeout();
        Scene s = new Scene(bound, "stubborn", true);

        ShutdownCompletion completion = s.c.shutdown();
        kit.awaitUntil("the earlier thread's turn comes once the later turn overran", () -> s.earlier.callbacks.get() == 1);
        Journal j = kit.journal();
        Journal.Entry laterCallback = j.select("callback").get(0);
        Journal.Entry earlierCallback = j.select("callback").get(1);
        assertThat(laterCallback.subject()).isEqualTo(s.later.name);
        assertThat(Duration.ofNanos(earlierCallback.nanos() - laterCallback.nanos()))
                .as("the next turn starts only once the bound has elapsed")
                .isGreaterThanOrEqualTo(bound.multipliedBy(9).dividedBy(10));
        assertThat(s.linger.isOpen()).isFalse();
        assertThat(s.listener.overruns()).containsExactly(new RecordingListener.Overrun(s.later.name, bound));
        assertThat(s.listener.terminationsOf(s.later.name)).as("the callback returned in time: its record says COMPLETED")
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(TerminationOutcome.COMPLETED));
        List<String> events = s.listener.events();
        assertThat(events.indexOf("terminated:" + s.later.name + ":COMPLETED"))
                .as("the record comes when the callback returned, the overrun at the bound")
                .isNotNegative().isLessThan(events.indexOf("overran:" + s.later.name));
        kit.assertNever("completion while the overrun thread still runs", completion::isDone);

        s.linger.open();
        ShutdownReport report = completion.await(TckTime.awaitWindow());
        assertThat(report.completed()).as("completion still waits for the overrun thread (rule 3.7)").isTrue();
        assertThat(report.overruns()).containsExactly(s.later.name);
        assertThat(report.failures()).isEmpty();
    }

    @Test
    @SpecRule("3.4.a")
    void required_theBoundCoversTheCallbackAndTheWaitTogether() throws Exception {
        Duration bound = TckTime.scaled(Duration.ofMillis(400));
        Duration callbackWork = TckTime.scaled(Duration.ofMillis(250));
        TerminationCoordinator c = kit.coordinator(b -> b.callbackTimeout(bound));
        RecordingListener listener = kit.listenTo(c);
        Worker earlier = Worker.startedOn(kit, c, "earlier");
        Gate linger = kit.gate("never-ends-in-time");
        Worker later = Worker.named(kit, "slow-callback");
        later.thenInCallback(t -> SimulatedWork.takesScaled(callbackWork)).thenInBody(linger::passUninterruptibly).start(c);
        later.awaitStarted();

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the earlier thread's turn", () -> earlier.callbacks.get() == 1);
        Journal j = kit.journal();
        long turn = j.select("callback").get(1).nanos() - j.select("callback").get(0).nanos();
        // 0.2: the turn ends at the bound measured from its start. Measured from the callback's
        // return it would last callbackWork + bound; the allowance is half of callbackWork.
        assertThat(Duration.ofNanos(turn)).as("the later unit's turn, callback included")
                .isGreaterThanOrEqualTo(bound.multipliedBy(9).dividedBy(10))
                .isLessThan(bound.plus(callbackWork.dividedBy(2)));
        assertThat(listener.overruns()).extracting(RecordingListener.Overrun::threadName).containsExactly(later.name);
        linger.open();
        kit.awaitCompleted(completion);
    }

    @Test
    @SpecRule({"3.4.a", "3.3.b"})
    void required_aTerminatePhaseOfStubbornUnitsEndsWithinOneBoundPerUnit(
            @ShortBound TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate linger = kit.gate("never-end-in-time");
        List<Worker> stubborn = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stubborn.add(Worker.startedLingering(kit, c, "stubborn", linger, true));
        }
        long start = System.nanoTime();
        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("every turn overran", () -> listener.overruns().size() == 3);
        Duration phase = Duration.ofNanos(System.nanoTime() - start);
        // n turns of at most the bound each, each next turn starting promptly (100 ms, scaled).
        Duration allowance = TckTime.shortCallbackTimeout().plus(TckTime.scaled(Duration.ofMillis(100)))
                .multipliedBy(3);
        assertThat(phase).as("three overrun turns").isLessThan(allowance);
        assertThat(listener.overruns()).extracting(RecordingListener.Overrun::threadName)
                .containsExactly(stubborn.get(2).name, stubborn.get(1).name, stubborn.get(0).name);
        linger.open();
        kit.awaitCompleted(completion);
    }

    @Test
    @SpecRule({"3.4.a", "1.2.d"})
    void required_anExplicitRequestDoesNotWaitForTheThreadToEnd(@ShortBound TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate linger = kit.gate("body-after-explicit-request");
        Worker w = Worker.startedLingering(kit, c, "explicit", linger, true);
        assertThat(w.handle.terminate()).isTrue();
        kit.awaitUntil("the callback's record", () -> listener.terminationsOf(w.name).size() == 1);
        assertThat(listener.terminationsOf(w.name).get(0).outcome()).isEqualTo(TerminationOutcome.COMPLETED);
        kit.assertNever("an overrun for a thread that outlives its explicitly requested callback",
                () -> !listener.overruns().isEmpty());
        linger.open();
        assertThat(w.handle.join(TckTime.awaitWindow())).isTrue();
    }

    @Test
    @SpecRule("3.6.a")
    void required_aThreadRequestedBeforeItsTurnIsStillAwaitedInItsTurn() throws Exception {
        Scene s = new Scene(null, "requested-early", true);
        s.requestLaterBeforeTheShutdown();

        ShutdownCompletion completion = s.c.shutdown();
        kit.assertNever("the earlier thread's callback starts while the requested thread still runs",
                () -> s.earlier.callbacks.get() > 0);
        s.linger.open();
        kit.awaitCompleted(completion);
        assertThat(s.later.callbacks.get()).as("no second callback at its turn").isEqualTo(1);
        assertThat(seqOf(kit.journal(), "really-ended", s.later.name)).isLessThan(seqOf(kit.journal(), "callback", s.earlier.name));
        assertThat(s.listener.terminationsOf(s.later.name)).hasSize(1);
    }

    @Test
    @SpecRule({"3.6.a", "3.4.a"})
    void required_aThreadRequestedBeforeItsTurnThatDoesNotEndOverrunsWithoutARecord() throws Exception {
        Duration bound = TckTime.shortCallbackTimeout();
        Scene s = new Scene(bound, "requested-stubborn", true);
        assertThat(s.later.handle.terminate()).isTrue();
        kit.awaitUntil("the early request's record", () -> s.listener.terminationsOf(s.later.name).size() == 1);

        ShutdownCompletion completion = s.c.shutdown();
        kit.awaitUntil("the earlier thread's turn comes once the requested thread's turn overran",
                () -> s.earlier.callbacks.get() == 1);
        assertThat(s.listener.overruns()).containsExactly(new RecordingListener.Overrun(s.later.name, bound));
        assertThat(s.listener.terminationsOf(s.later.name)).as("no record for a turn that invoked no callback").hasSize(1);
        s.linger.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).containsExactly(s.later.name);
        assertThat(s.later.callbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule({"3.11.a", "3.11.b", "3.7.a"})
    void required_anOptedOutThreadIsAskedInOrderButNotAwaitedInItsTurn() throws Exception {
        Scene s = new Scene(null, "opted-out", false);

        ShutdownCompletion completion = s.c.shutdown();
        kit.awaitUntil("the earlier thread's callback runs while the opted-out thread still works",
                () -> s.earlier.callbacks.get() == 1);
        assertThat(s.linger.isOpen()).isFalse();
        assertThat(kit.journal().subjects("callback")).as("still asked in reverse registration order")
                .containsExactly(s.later.name, s.earlier.name);
        kit.assertNever("completion while the opted-out thread still runs (rule 3.7)", completion::isDone);
        s.linger.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).as("an opted-out thread does not overrun by running after its callback").isEmpty();
        assertThat(s.listener.overruns()).isEmpty();
    }

    @Test
    @SpecRule("3.11.a")
    void required_anOptedOutThreadRequestedBeforeItsTurnEndsItsTurnAtOnce() throws Exception {
        Scene s = new Scene(null, "opted-out-requested", false);
        s.requestLaterBeforeTheShutdown();

        ShutdownCompletion completion = s.c.shutdown();
        kit.awaitUntil("the earlier thread's turn comes at once", () -> s.earlier.callbacks.get() == 1);
        assertThat(s.linger.isOpen()).isFalse();
        assertThat(s.later.callbacks.get()).isEqualTo(1);
        s.linger.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).as("the opted-out thread's turn ended at once, it did not overrun").isEmpty();
    }

    @Test
    @SpecRule({"3.11.a", "5.7.a"})
    void required_anOptedOutLoopIsNotAwaitedForItsCleanups(TerminationCoordinator c) throws Exception {
        Worker earlier = Worker.startedOn(kit, c, "earlier");
        BackgroundLoop loop = c.loopBuilder().name(kit.name("opted-out-loop")).awaitedInTurn(false).start();
        Gate cleanup = kit.gate("opted-out-cleanup");
        CountDownLatch inCleanup = new CountDownLatch(1);
        loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> {
                inCleanup.countDown();
                cleanup.passUninterruptibly();
            });
            return null;
        }).get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);

        ShutdownCompletion completion = c.shutdown();
        assertThat(inCleanup.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        kit.awaitUntil("the earlier thread's callback runs while the loop's cleanup still runs",
                () -> earlier.callbacks.get() == 1);
        assertThat(loop.isTerminated()).isFalse();
        kit.assertNever("completion while the loop's cleanup still runs (rule 3.7)", completion::isDone);
        cleanup.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).as("the opted-out loop's turn ended with its callback, it did not overrun").isEmpty();
        assertThat(loop.isTerminated()).isTrue();
    }

    @Test
    @SpecRule({"3.12.a", "3.12.b", "3.12.c", "3.12.d"})
    void required_aCallbackThatThrowsAfterItsOverrunIsSettledOnceAndPrinted(
            @ShortBound TerminationCoordinator c) throws Exception {
        StdErrCapture err = kit.captureStdErr();
        RecordingListener listener = kit.listenTo(c);
        Worker earlier = Worker.startedOn(kit, c, "earlier");
        Gate gate = kit.gate("late-throw");
        Worker late = Worker.startedFailingAfter(kit, c, "throws-after-overrun", gate,
                new IllegalStateException("planned failure after the overrun"));

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the overrun record", () -> listener.events().contains("terminated:" + late.name + ":OVERRAN"));
        List<String> events = listener.events();
        assertThat(events.indexOf("overran:" + late.name)).as("overran(...) before the OVERRAN record")
                .isNotNegative().isLessThan(events.indexOf("terminated:" + late.name + ":OVERRAN"));
        gate.open();
        kit.awaitUntil("the released callback throws", () -> kit.journal().count("callback-throws", late.name) == 1);
        ShutdownReport report = kit.awaitCompleted(completion);
        kit.awaitUntil("a TERMINABLE-CALLBACK-FAILED line naming the thread and the overrun, although a listener is registered",
                () -> err.text().lines().anyMatch(l -> l.startsWith("TERMINABLE-CALLBACK-FAILED") && l.contains(late.name)
                        && l.toLowerCase(Locale.ROOT).contains("overr")));
        kit.awaitUntil("followed by the stack trace",
                () -> err.text().contains("planned failure after the overrun") && err.text().contains("\tat "));
        kit.assertNever("a second record for the same callback", () -> listener.terminationsOf(late.name).size() > 1);
        assertThat(listener.terminationsOf(late.name)).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(TerminationOutcome.OVERRAN));
        assertThat(report.failures()).as("a failure after the overrun is not a callback failure of the report").isEmpty();
        assertThat(completion.await(TckTime.awaitWindow()).failures()).isEmpty();
        assertThat(report.overruns()).containsExactly(late.name);
    }

    @Test
    @SpecRule({"3.7.a", "3.11.b"})
    void required_optedOutAndAwaitedThreadsAllEndBeforeCompletion(TerminationCoordinator c) throws Exception {
        Gate linger = kit.gate("bodies");
        List<Worker> workers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(Worker.startedLingering(kit, c, i % 2 == 0 ? "awaited" : "opted-out", linger, i % 2 == 0));
        }
        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the last opted-out thread's callback", () -> workers.get(3).callbacks.get() == 1);
        kit.assertNever("completion before every body ended", completion::isDone);
        linger.open();
        kit.awaitCompleted(completion);
        for (Worker w : workers) {
            assertThat(w.ended()).as(w.name + " ended at completion").isTrue();
        }
        assertThat(c.liveThreads()).as("live threads at completion").isEmpty();
    }

}
