package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.TerminationOutcome;
import io.github.terminable.TerminationRecord;
import io.github.terminable.tck.child.JfrQuietScenario;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.ShortBound;
import io.github.terminable.tck.harness.SimulatedWork;
import io.github.terminable.tck.harness.StdErrCapture;
import io.github.terminable.tck.harness.TckTime;

import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Section 8 of the spec: what listeners (and, optionally, Java Flight Recorder) are told.
 *
 * <p>The two tests that start a flight recording run after the others: the recorder stays
 * initialised for the rest of the JVM, and every other test must see an implementation as an
 * application without a recording does ({@link TerminableTck} runs this group last for the same
 * reason).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ObservabilityTests extends TckGroup {

    /** The order of the tests that initialise the flight recorder: after every other test. */
    private static final int RECORDING_TESTS_LAST = Integer.MAX_VALUE;

    /** Prefix every JFR event type name SHOULD have (rule 8.5). */
    static final String JFR_PREFIX = "io.github.terminable.";

    /** Creates the group. */
    protected ObservabilityTests() {
    }

    @Test
    @SpecRule("8.1.a")
    void required_listenersSeeEachPhaseChangeAroundTheTerminatePhase(TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        RecordingListener removed = new RecordingListener();
        c.addListener(removed);
        assertThat(c.removeListener(removed)).isTrue();
        assertThat(c.removeListener(removed)).isFalse();
        AtomicReference<ShutdownCompletion> handle = new AtomicReference<>();
        AtomicReference<Boolean> doneWhenTold = new AtomicReference<>();
        c.addListener(new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                if (to == CoordinatorPhase.TERMINATED) {
                    doneWhenTold.set(c.shutdown().isDone());
                }
            }
        });
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Worker w = Worker.startedOn(kit, c, "observed");
            workers.add(w);
        }
        handle.set(c.shutdown());
        assertThat(handle.get().await(TckTime.awaitWindow()).completed()).isTrue();

        List<String> events = listener.events();
        assertThat(events).as("phase changes frame the terminate phase's records").hasSize(5);
        assertThat(events.get(0)).isEqualTo("phase:OPEN->TERMINATING");
        assertThat(events.subList(1, 4)).allMatch(e -> e.startsWith("terminated:"));
        assertThat(events.get(4)).isEqualTo("phase:TERMINATING->TERMINATED");
        assertThat(listener.phases()).allMatch(p -> p.trigger() == ShutdownTrigger.EXPLICIT);
        assertThat(doneWhenTold.get()).as("isDone() while listeners are told of TERMINATED").isFalse();
        assertThat(removed.events()).as("a removed listener is told nothing").isEmpty();
    }

    @Test
    @SpecRule("8.1.d")
    void required_aListenerAddedTwiceIsToldEachEventOnceAndRemovedByOneCall(TerminationCoordinator c) throws Exception {
        RecordingListener twice = kit.listenTo(c);
        c.addListener(twice);
        RecordingListener removedAfterTwoAdds = new RecordingListener();
        c.addListener(removedAfterTwoAdds);
        c.addListener(removedAfterTwoAdds);
        assertThat(c.removeListener(removedAfterTwoAdds)).as("the first removal").isTrue();
        assertThat(c.removeListener(removedAfterTwoAdds)).as("a second removal: nothing left to remove").isFalse();
        Worker w = Worker.startedOn(kit, c, "added-twice");
        kit.shutdownAndAwait(c);

        assertThat(twice.events()).as("a listener added twice is registered once")
                .containsExactly("phase:OPEN->TERMINATING", "terminated:" + w.name + ":COMPLETED",
                        "phase:TERMINATING->TERMINATED");
        assertThat(removedAfterTwoAdds.events()).as("one removeListener call removes a listener added twice").isEmpty();
    }

    @Test
    @SpecRule({"8.2.a", "8.2.b"})
    void required_listenersSeeEveryTerminationWithNameIdDurationAndOutcome(TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Duration work = Duration.ofMillis(40);
        List<Worker> workers = new ArrayList<>();
        List<Integer> recordsSeenAtStart = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            Worker w = Worker.named(kit, "timed");
            w.handle = c.threadBuilder().name(w.name).onTerminate(t -> {
                recordsSeenAtStart.add(listener.terminations().size());
                w.callback().onTerminate(t);
                SimulatedWork.takes(work); // measurable callback duration
            }).start(w.body());
            workers.add(w);
        }
        Worker explicit = workers.get(0);
        explicit.handle.terminate();
        kit.awaitUntil("a record for the explicit request", () -> listener.terminationsOf(explicit.name).size() >= 1);
        kit.shutdownAndAwait(c);

        assertThat(listener.terminations()).as("one record per callback invocation").hasSize(4);
        for (Worker w : workers) {
            List<TerminationRecord> records = listener.terminationsOf(w.name);
            assertThat(records).as("records of " + w.name).hasSize(1);
            TerminationRecord r = records.get(0);
            assertThat(r.outcome()).isEqualTo(TerminationOutcome.COMPLETED);
            assertThat(r.threadId()).isEqualTo(w.handle.thread().getId());
            assertThat(r.failure()).isEmpty();
            assertThat(r.duration()).as("the callback's duration").isGreaterThanOrEqualTo(work.minusMillis(5))
                    .isLessThan(TckTime.awaitWindow());
        }
        assertThat(recordsSeenAtStart).as("each record of the terminate phase arrives before the next callback starts")
                .containsExactly(0, 1, 2, 3);
        List<String> order = listener.terminations().stream().map(TerminationRecord::threadName).toList();
        assertThat(order.subList(1, 4)).as("records in invocation order")
                .containsExactly(workers.get(3).name, workers.get(2).name, workers.get(1).name);
    }

    @Test
    @SpecRule("8.3.a")
    void required_anOverrunIsAnnouncedBeforeItsRecord(@ShortBound TerminationCoordinator c) throws Exception {
        RecordingListener listener = kit.listenTo(c);
        Gate gate = kit.gate("overrun");
        Worker stuck = Worker.startedBlockingInCallback(kit, c, "overrunning", gate);
        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the overrun record", () -> listener.events().contains("terminated:" + stuck.name + ":OVERRAN"));
        List<String> events = listener.events();
        assertThat(events.indexOf("overran:" + stuck.name)).as("overran(...) before terminated(OVERRAN)")
                .isNotNegative().isLessThan(events.indexOf("terminated:" + stuck.name + ":OVERRAN"));
        kit.awaitCompleted(completion);
        gate.open();
    }

    @Test
    @SpecRule({"8.4.a", "8.4.b"})
    void required_aListenerThatThrowsDisturbsNothing() throws Exception {
        StdErrCapture err = kit.captureStdErr();
        TerminationCoordinator c = kit.coordinator();
        AtomicInteger calls = new AtomicInteger();
        TerminationListener thrower = new TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                calls.incrementAndGet();
                throw new IllegalStateException("planned listener failure");
            }

            @Override
            public void terminated(TerminationRecord record) {
                calls.incrementAndGet();
                throw new PlannedListenerError();
            }

            @Override
            public void deadlineMissed(ShutdownReport report) {
                calls.incrementAndGet();
                throw new IllegalStateException("planned listener failure");
            }

            @Override
            public String toString() {
                return "tck-throwing-listener";
            }
        };
        RecordingListener witness = new RecordingListener();
        c.addListener(thrower);
        c.addListener(witness);
        Gate release = kit.gate("slow-body");
        Worker slow = Worker.named(kit, "slow");
        slow.thenInBody(release::passUninterruptibly).start(c);
        Worker failing = Worker.named(kit, "failing");
        failing.thenInCallback(t -> {
            throw new IllegalStateException("planned callback failure");
        }).start(c);

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("both callbacks ran and were recorded", () -> witness.terminations().size() >= 2);
        // The failing callback only woke its thread; the missed deadline must list the slow one alone (rule 3.8).
        kit.awaitUntil("the failing callback's thread ends", failing::ended);
        assertThat(completion.await(TckTime.scaled(Duration.ofMillis(20))).completed()).isFalse();
        release.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(witness.events()).as("the other listener still receives every event").containsExactly(
                "phase:OPEN->TERMINATING", "terminated:" + failing.name + ":FAILED", "terminated:" + slow.name + ":COMPLETED",
                "deadline-missed:1", "phase:TERMINATING->TERMINATED");
        assertThat(calls.get()).as("the throwing listener stays registered and is called for every event").isEqualTo(5);
        assertThat(report.failures()).as("listener failures are not callback failures").singleElement()
                .satisfies(f -> assertThat(f.threadName()).isEqualTo(failing.name));
        kit.awaitUntil("TERMINABLE-LISTENER-FAILED lines naming the listener and the method", () -> {
            List<String> lines = err.text().lines().filter(l -> l.startsWith("TERMINABLE-LISTENER-FAILED")).toList();
            return lines.stream().anyMatch(l -> l.contains("tck-throwing-listener") && l.contains("phaseChanged"))
                    && lines.stream().anyMatch(l -> l.contains("tck-throwing-listener") && l.contains("terminated"))
                    && lines.stream().anyMatch(l -> l.contains("tck-throwing-listener") && l.contains("deadlineMissed"));
        });
        assertThat(err.text()).as("no TERMINABLE-CALLBACK-FAILED while a listener is registered")
                .doesNotContain("TERMINABLE-CALLBACK-FAILED");
    }

    /**
     * Clause 8.4.c: an ordinary shutdown prints nothing on {@code System.err}. It covers the
     * request terminator (a thread terminated before the shutdown), the terminate phase of a
     * coordinator without listeners (threads, a loop with a cleanup) and of an attached child with
     * a listener, and the completion of both. Output may come from any implementation thread, also
     * after the completion is reported, so the capture is watched for the quiet window afterwards.
     */
    @Test
    @SpecRule("8.4.c")
    void required_anOrdinaryShutdownOfACoordinatorAndItsAttachedChildPrintsNothingOnSystemErr() throws Exception {
        StdErrCapture err = kit.captureStdErr();
        TerminationCoordinator parent = kit.coordinator();
        TerminationCoordinator child = kit.coordinator();
        RecordingListener childListener = kit.listenTo(child);
        Worker early = Worker.startedOn(kit, parent, "quiet-early");
        BackgroundLoop loop = kit.startLoop(parent, "quiet-loop");
        loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> kit.journal().add("cleanup", "quiet-loop"));
            return null;
        }).get(TckTime.awaitWindow().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        Worker requested = Worker.startedOn(kit, parent, "quiet-requested");
        Worker inChild = Worker.startedOn(kit, child, "quiet-in-child");
        parent.attach(child);
        Worker late = Worker.startedOn(kit, parent, "quiet-late");
        assertThat(requested.handle.terminate()).isTrue();
        kit.awaitUntil("the thread terminated before the shutdown ended", requested::ended);

        ShutdownReport report = kit.shutdownAndAwait(parent);

        assertThat(report.failures()).isEmpty();
        assertThat(report.overruns()).isEmpty();
        assertThat(List.of(early, requested, inChild, late)).allMatch(w -> w.callbacks.get() == 1);
        assertThat(kit.journal().count("cleanup", "quiet-loop")).isEqualTo(1);
        assertThat(childListener.phases()).hasSize(2);
        assertThat(child.shutdown().isDone()).isTrue();
        assertNothingPrinted(err, "during or after an ordinary shutdown");
    }

    @Test
    @SpecRule({"8.4.c", "3.4.a"})
    void required_aShutdownWhoseTurnsOverrunPrintsNothingOnSystemErr(
            @ShortBound TerminationCoordinator c) throws Exception {
        StdErrCapture err = kit.captureStdErr();
        RecordingListener recorded = kit.listenTo(c);
        // A slow listener, well within its own bound: while it is told of a turn's overrun, that
        // turn's bound has just elapsed, so whoever notices the overrun first (the turn's own wait
        // or the terminator's watch of its bound) finds the other side still reporting it. Neither
        // may take the slow listener for a blocked one.
        c.addListener(new TerminationListener() {
            @Override
            public void overran(String threadName, Duration exceeded) {
                SimulatedWork.takesScaled(Duration.ofMillis(50)); // a third of the short bound
            }
        });
        Gate unitsEnd = kit.gate("units-outlive-their-turns");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = kit.name("outlives-" + i);
            names.add(name);
            startOutlivingItsTurn(c, name, unitsEnd);
        }

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("every turn is declared overrun", () -> recorded.overruns().size() >= names.size());
        unitsEnd.open();
        ShutdownReport report = kit.awaitCompleted(completion);

        assertThat(report.overruns()).as(report.describe()).containsExactlyInAnyOrderElementsOf(names);
        assertThat(recorded.overruns()).as("each turn's overrun is announced once")
                .extracting(RecordingListener.Overrun::threadName).containsExactlyInAnyOrderElementsOf(names);
        assertNothingPrinted(err, "for a shutdown whose turns only overran");
    }

    /** Fails, showing what was printed, if anything reaches {@code System.err} within the quiet window. */
    private void assertNothingPrinted(StdErrCapture err, String when) {
        try {
            kit.assertNever("output on System.err " + when, () -> !err.text().isEmpty());
        } catch (AssertionError printed) {
            throw new AssertionError(printed.getMessage() + ":" + System.lineSeparator() + err.text(), printed);
        }
    }

    /** Waits until a {@code TERMINABLE-LISTENER-FAILED} line reports a blocked listener (rules 8.1.c, 8.4). */
    private void awaitBlockedListenerReported(StdErrCapture err) {
        kit.awaitUntil("the blocked listener is reported with TERMINABLE-LISTENER-FAILED",
                () -> err.text().lines().anyMatch(l -> l.startsWith("TERMINABLE-LISTENER-FAILED")));
    }

    /**
     * Starts a unit whose callback returns at once but whose body runs on until {@code ends} opens,
     * so that its turn in a shutdown overruns.
     */
    private static void startOutlivingItsTurn(TerminationCoordinator c, String name, Gate ends) {
        c.threadBuilder().name(name).onTerminate(t -> { }).start(ends::passUninterruptibly);
    }

    /** Lets such a unit end, then expects the shutdown to complete with its overrun alone. */
    private void endItAndExpectItsOverrunAlone(ShutdownCompletion completion, Gate ends, String name)
            throws InterruptedException {
        ends.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).as(report.describe()).containsExactly(name);
    }

    /**
     * A listener that blocks in the notifications it is made for until its gate opens, an
     * interrupt not ending the wait, and returns at once from every other: the blocked listener
     * of the tests of rule 8.1.c.
     */
    private static final class BlockingListener implements TerminationListener {
        private final Gate release;
        private final Predicate<TerminationRecord> inRecord;
        private final Predicate<String> inOverrunOf;
        private final Predicate<CoordinatorPhase> enteringPhase;

        private BlockingListener(Gate release, Predicate<TerminationRecord> inRecord, Predicate<String> inOverrunOf,
                                 Predicate<CoordinatorPhase> enteringPhase) {
            this.release = release;
            this.inRecord = inRecord;
            this.inOverrunOf = inOverrunOf;
            this.enteringPhase = enteringPhase;
        }

        /** Blocks while told any termination record. */
        static BlockingListener inEveryRecord(Gate release) {
            return new BlockingListener(release, r -> true, n -> false, p -> false);
        }

        /** Blocks while told the termination record of {@code threadName}. */
        static BlockingListener inTheRecordOf(String threadName, Gate release) {
            return new BlockingListener(release, r -> r.threadName().equals(threadName), n -> false, p -> false);
        }

        /** Blocks while told of the overrun of {@code threadName}'s turn or callback. */
        static BlockingListener inTheOverrunOf(String threadName, Gate release) {
            return new BlockingListener(release, r -> false, threadName::equals, p -> false);
        }

        /** Blocks while told that the coordinator enters {@code phase}. */
        static BlockingListener inThePhaseChangeTo(CoordinatorPhase phase, Gate release) {
            return new BlockingListener(release, r -> false, n -> false, phase::equals);
        }

        @Override
        public void terminated(TerminationRecord record) {
            if (inRecord.test(record)) {
                release.passUninterruptibly();
            }
        }

        @Override
        public void overran(String threadName, Duration bound) {
            if (inOverrunOf.test(threadName)) {
                release.passUninterruptibly();
            }
        }

        @Override
        public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
            if (enteringPhase.test(to)) {
                release.passUninterruptibly();
            }
        }
    }

    /** A planned {@link Error} thrown by a test listener. */
    static final class PlannedListenerError extends Error {
        private static final long serialVersionUID = 1L;

        PlannedListenerError() {
            super("planned listener error");
        }
    }

    @Test
    @Order(RECORDING_TESTS_LAST)
    @SpecRule("8.5.a")
    void optional_jfrEventsDescribePhasesTerminationsOverrunsAndMissedDeadlines(
            @ShortBound TerminationCoordinator c) throws Exception {
        Path file = kit.tempDirectory("tck-jfr").resolve("terminable.jfr");
        List<RecordedEvent> events = new ArrayList<>();
        Worker fine = Worker.named(kit, "jfr-fine");
        Worker stuck = Worker.named(kit, "jfr-overrun");
        Gate gate = kit.gate("jfr-overrun");
        Gate release = kit.gate("jfr-unfinished");
        try (Recording recording = new Recording()) {
            for (String type : List.of("PhaseChange", "Termination", "Overrun", "DeadlineMissed")) {
                recording.enable(JFR_PREFIX + type);
            }
            recording.start();
            fine.start(c);
            stuck.thenInCallback(t -> gate.pass()).thenInBody(release::passUninterruptibly).start(c);
            ShutdownCompletion completion = c.shutdown();
            kit.awaitUntil("both callbacks ran", () -> fine.callbacks.get() >= 1 && stuck.callbacks.get() >= 1);
            kit.awaitUntil("the overrun was declared", () -> awaitQuietly(completion).overruns().size() >= 1);
            gate.open();
            release.open();
            kit.awaitCompleted(completion);
            recording.stop();
            recording.dump(file);
        }
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().startsWith(JFR_PREFIX)) {
                events.add(e);
            }
        }
        String phase = JFR_PREFIX + "PhaseChange";
        String termination = JFR_PREFIX + "Termination";
        String overrun = JFR_PREFIX + "Overrun";
        String deadline = JFR_PREFIX + "DeadlineMissed";
        assertThat(events).as("JFR events whose type name begins with " + JFR_PREFIX).isNotEmpty();
        assertFields(events, phase, "java.lang.String", "coordinator", "from", "to", "trigger");
        assertFields(events, termination, "java.lang.String", "coordinator", "threadName", "outcome");
        assertFields(events, termination, "long", "threadId", "callbackDuration");
        assertFields(events, overrun, "java.lang.String", "coordinator", "threadName");
        assertFields(events, overrun, "long", "bound");
        assertFields(events, deadline, "java.lang.String", "coordinator", "trigger");
        assertFields(events, deadline, "int", "unfinishedThreads");
        Timespan unit = events.stream().filter(e -> e.getEventType().getName().equals(termination)).findFirst()
                .map(e -> e.getEventType().getField("callbackDuration").getAnnotation(Timespan.class)).orElse(null);
        assertThat(unit).as(termination + ".callbackDuration is a @Timespan").isNotNull();
        assertThat(unit.value()).as(termination + ".callbackDuration's unit").isEqualTo(Timespan.NANOSECONDS);

        assertThat(of(events, phase)).as(phase + " OPEN -> TERMINATING (EXPLICIT) of the coordinator")
                .anyMatch(e -> c.name().equals(e.getString("coordinator")) && "OPEN".equals(e.getString("from"))
                        && "TERMINATING".equals(e.getString("to")) && "EXPLICIT".equals(e.getString("trigger")));
        assertThat(of(events, phase)).as(phase + " TERMINATING -> TERMINATED of the coordinator")
                .anyMatch(e -> c.name().equals(e.getString("coordinator")) && "TERMINATING".equals(e.getString("from"))
                        && "TERMINATED".equals(e.getString("to")));
        long fineId = fine.handle.thread().getId();
        assertThat(of(events, termination)).as(termination + " of the fine thread, COMPLETED")
                .anyMatch(e -> c.name().equals(e.getString("coordinator")) && fine.name.equals(e.getString("threadName"))
                        && e.getLong("threadId") == fineId && "COMPLETED".equals(e.getString("outcome"))
                        && e.getLong("callbackDuration") >= 0);
        assertThat(of(events, termination)).as(termination + " of the overrun callback, OVERRAN")
                .anyMatch(e -> stuck.name.equals(e.getString("threadName")) && "OVERRAN".equals(e.getString("outcome")));
        assertThat(of(events, overrun)).as(overrun + " naming the thread and the bound in nanoseconds")
                .anyMatch(e -> c.name().equals(e.getString("coordinator")) && stuck.name.equals(e.getString("threadName"))
                        && e.getLong("bound") == TckTime.shortCallbackTimeout().toNanos());
        assertThat(of(events, deadline)).as(deadline + " of the coordinator, with the unfinished thread")
                .anyMatch(e -> c.name().equals(e.getString("coordinator")) && "EXPLICIT".equals(e.getString("trigger"))
                        && e.getInt("unfinishedThreads") >= 1);
    }

    /**
     * Rule 8.5: an {@code Overrun} event for every overrun, also for a turn that overruns after
     * its callback returned (rule 3.4): a loop whose running task ignores the request, and an
     * attached coordinator whose shutdown misses its own {@code shutdownDeadline} (rule 2.7). The
     * events must match the listener's {@code overran} calls: same names, same bounds.
     */
    @Test
    @Order(RECORDING_TESTS_LAST)
    @SpecRule("8.5.a")
    void optional_jfrRecordsAnOverrunEventForTheTurnOfALoopAndOfAnAttachedCoordinator() throws Exception {
        Duration bound = TckTime.shortCallbackTimeout();
        Duration childDeadline = TckTime.shortCallbackTimeout().multipliedBy(2);
        TerminationCoordinator parent = kit.coordinator(b -> b.callbackTimeout(bound));
        RecordingListener listener = kit.listenTo(parent);
        TerminationCoordinator child = kit.coordinator(b -> b.shutdownDeadline(childDeadline));
        Gate release = kit.gate("jfr-turn-overruns");
        Worker inChild = Worker.named(kit, "jfr-in-child");
        inChild.handle = child.threadBuilder().name(inChild.name).onTerminate(inChild.callback()).start(() -> {
            inChild.body().run();
            release.passUninterruptibly(); // the callback returned; the thread does not end in time
        });
        String loopName = kit.name("jfr-loop");
        BackgroundLoop loop = parent.loopBuilder().name(loopName).start();
        java.util.concurrent.CountDownLatch taskRunning = new java.util.concurrent.CountDownLatch(1);
        loop.execute(() -> {
            taskRunning.countDown();
            release.passUninterruptibly(); // the loop is asked to end, but its task goes on
        });
        assertThat(taskRunning.await(TckTime.awaitWindow().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("the loop's task is running").isTrue();
        parent.attach(child); // registered last: its turn comes first, then the loop's
        Path file = kit.tempDirectory("tck-jfr-turns").resolve("terminable.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(JFR_PREFIX + "Overrun");
            recording.start();
            ShutdownCompletion completion = parent.shutdown();
            kit.awaitUntil("the child's turn and then the loop's turn overran", () -> listener.overruns().size() >= 2);
            release.open();
            kit.awaitCompleted(completion);
            recording.stop();
            recording.dump(file);
        }
        assertThat(listener.overruns()).as("the turns that overran, as the listener was told")
                .containsExactly(new RecordingListener.Overrun(child.name(), childDeadline),
                        new RecordingListener.Overrun(loopName, bound));
        String overrun = JFR_PREFIX + "Overrun";
        List<String> recorded = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals(overrun) && parent.name().equals(e.getString("coordinator"))) {
                recorded.add(e.getString("threadName") + " after " + e.getLong("bound") + " ns");
            }
        }
        assertThat(recorded).as(overrun + " events of " + parent.name() + " (unit name and bound)")
                .containsExactlyInAnyOrder(child.name() + " after " + childDeadline.toNanos() + " ns",
                        loopName + " after " + bound.toNanos() + " ns");
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).toList();
    }

    /** Fails unless an event of {@code type} was recorded and it has each field, of the given type. */
    private static void assertFields(List<RecordedEvent> events, String type, String fieldType, String... fields) {
        RecordedEvent e = events.stream().filter(x -> x.getEventType().getName().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no JFR event of type " + type + "; recorded: "
                        + events.stream().map(x -> x.getEventType().getName()).distinct().toList()));
        for (String f : fields) {
            jdk.jfr.ValueDescriptor d = e.getEventType().getField(f);
            assertThat(d).as(type + " has a field '" + f + "'").isNotNull();
            assertThat(d.getTypeName()).as(type + "." + f + "'s type").isEqualTo(fieldType);
        }
    }

    private static ShutdownReport awaitQuietly(ShutdownCompletion completion) {
        try {
            return completion.await(Duration.ofMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    @SpecRule("8.1.c")
    void required_aListenerBlockedDuringShutdownHoldsItBackForAtMostTheCallbackTimeout(
            @ShortBound TerminationCoordinator c) throws Exception {
        StdErrCapture err = kit.captureStdErr();
        Gate release = kit.gate("blocked-listener");
        c.addListener(BlockingListener.inEveryRecord(release));
        AtomicInteger callbacks = new AtomicInteger();
        Runnable untilInterrupted = () -> {
            try {
                new java.util.concurrent.CountDownLatch(1).await(TckTime.testTimeout().toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < 2; i++) {
            c.threadBuilder().name(kit.name("listened-" + i)).onTerminate(t -> {
                callbacks.incrementAndGet();
                t.thread().interrupt();
            }).start(untilInterrupted);
        }

        ShutdownReport report = c.shutdown()
                .await(TckTime.awaitWindow().plus(TckTime.shortCallbackTimeout().multipliedBy(4)));

        assertThat(report.completed()).as("the shutdown goes on without the blocked listener").isTrue();
        assertThat(callbacks.get()).as("both callbacks ran").isEqualTo(2);
        assertThat(release.isOpen()).isFalse();
        awaitBlockedListenerReported(err);
        release.open();
    }

    @Test
    @SpecRule({"3.4.a", "8.1.c"})
    void required_aTurnWhoseListenerBlocksWhileItsUnitStillRunsIsDeclaredOverrun(
            @ShortBound TerminationCoordinator c) throws Exception {
        String name = kit.name("outlives-its-turn");
        Gate listenerRelease = kit.gate("listener-blocked-on-the-record");
        c.addListener(BlockingListener.inTheRecordOf(name, listenerRelease));
        RecordingListener others = kit.listenTo(c);
        // The callback returns at once, but the unit goes on past its bound; meanwhile a listener
        // blocks while told how the callback ended. The turn has still not ended when its bound
        // elapses, so it is overrun, whatever the listener does.
        Gate unitEnds = kit.gate("unit-ends");
        startOutlivingItsTurn(c, name, unitEnds);

        ShutdownCompletion completion = c.shutdown();

        kit.awaitUntil("the turn is declared overrun to the listeners that are not blocked",
                () -> !others.overruns().isEmpty());
        assertThat(others.overruns())
                .containsExactly(new RecordingListener.Overrun(name, TckTime.shortCallbackTimeout()));
        assertThat(listenerRelease.isOpen()).isFalse();
        endItAndExpectItsOverrunAlone(completion, unitEnds, name);
        listenerRelease.open();
    }

    @Test
    @SpecRule("8.1.c")
    void required_aListenerBlockedWhileToldOfAnOverrunHoldsTheShutdownBackForAtMostTheCallbackTimeout(
            @ShortBound TerminationCoordinator c) throws Exception {
        StdErrCapture err = kit.captureStdErr();
        String name = kit.name("outlives-its-turn");
        Gate listenerRelease = kit.gate("listener-blocked-on-the-overrun");
        c.addListener(BlockingListener.inTheOverrunOf(name, listenerRelease));
        Worker earlier = Worker.startedOn(kit, c, "turn-after-the-overrun");
        Gate unitEnds = kit.gate("unit-ends");
        startOutlivingItsTurn(c, name, unitEnds);

        ShutdownCompletion completion = c.shutdown();

        kit.awaitUntil("the next turn runs although a listener blocks while told of the overrun",
                () -> earlier.callbacks.get() == 1);
        awaitBlockedListenerReported(err);
        assertThat(listenerRelease.isOpen()).isFalse();
        endItAndExpectItsOverrunAlone(completion, unitEnds, name);
        listenerRelease.open();
    }

    @Test
    @SpecRule("8.1.c")
    void required_aListenerBlockedWhileToldThatACallbackOverranHoldsTheShutdownBackForAtMostTheCallbackTimeout(
            @ShortBound TerminationCoordinator c) throws Exception {
        StdErrCapture err = kit.captureStdErr();
        Worker earlier = Worker.startedOn(kit, c, "turn-after-the-overrun");
        // Unlike the unit that outlives its turn above, here the callback itself is still running
        // at its bound: the overrun is told to the listeners as a delivery of its own, and that
        // delivery blocks.
        Gate callbackRelease = kit.gate("callback-overruns");
        Worker stuck = Worker.startedBlockingInCallback(kit, c, "callback-overruns", callbackRelease);
        Gate listenerRelease = kit.gate("listener-blocked-on-the-callback-overrun");
        c.addListener(BlockingListener.inTheOverrunOf(stuck.name, listenerRelease));

        ShutdownCompletion completion = c.shutdown();

        kit.awaitUntil("the next turn runs although a listener blocks while told that a callback overran",
                () -> earlier.callbacks.get() == 1);
        awaitBlockedListenerReported(err);
        assertThat(listenerRelease.isOpen()).isFalse();
        callbackRelease.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).as(report.describe()).containsExactly(stuck.name);
        listenerRelease.open();
    }

    @Test
    @SpecRule("8.1.c")
    void required_aListenerBlockedInAPhaseChangeHoldsTheShutdownBackForAtMostTheCallbackTimeout() throws Exception {
        StdErrCapture err = kit.captureStdErr();
        Duration bound = TckTime.measuredCallbackTimeout();
        Duration margin = bound.dividedBy(2);
        // Each phase change of a shutdown, on its own coordinator: the announcement before the
        // first callback, and the one before the handle reports done.
        for (CoordinatorPhase entering : List.of(CoordinatorPhase.TERMINATING, CoordinatorPhase.TERMINATED)) {
            TerminationCoordinator c = kit.coordinator(b -> b.callbackTimeout(bound));
            Gate release = kit.gate("listener-blocked-entering-" + entering);
            c.addListener(BlockingListener.inThePhaseChangeTo(entering, release));
            Worker worker = Worker.startedOn(kit, c, "listened");

            long began = System.nanoTime();
            ShutdownReport report = c.shutdown().await(TckTime.awaitWindow().plus(bound.multipliedBy(4)));
            Duration took = Duration.ofNanos(System.nanoTime() - began);

            assertThat(report.completed()).as("the shutdown goes on without a listener blocked entering " + entering)
                    .isTrue();
            assertThat(took).as("the shutdown is held back by the listener blocked entering " + entering
                    + " for at most the callback timeout (" + bound + "), plus a margin of half of it")
                    .isLessThan(bound.plus(margin));
            assertThat(worker.callbacks.get()).as("the callback ran, entering " + entering).isEqualTo(1);
            assertThat(release.isOpen()).isFalse();
            release.open();
        }
        kit.awaitUntil("each blocked listener is reported with TERMINABLE-LISTENER-FAILED",
                () -> err.text().lines().filter(l -> l.startsWith("TERMINABLE-LISTENER-FAILED")).count() >= 2);
    }

    @Test
    @SpecRule("8.5.d")
    void optional_theApiJarDoesNotReferenceTheFlightRecorder() throws Exception {
        Class<?> api = io.github.terminable.Terminables.class;
        Module module = api.getModule();
        if (module.isNamed()) {
            assertThat(module.getDescriptor().requires()).extracting(ModuleDescriptor.Requires::name)
                    .as("the API module's requires").doesNotContain("jdk.jfr");
        }
        Path location = Path.of(api.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    classes.put(location.relativize(f).toString(), Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry e : java.util.Collections.list(jar.entries())) {
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        // Only the API's own packages: under the CLI runner the API sits in one jar with the TCK
        // and its dependencies, whose classes may well refer to jdk.jfr.
        classes.keySet().removeIf(name -> !API_PACKAGES.contains(packageOf(name)));
        assertThat(classes).as("classes of the API at " + location).isNotEmpty();
        List<String> referencing = classes.entrySet().stream()
                .filter(e -> new String(e.getValue(), StandardCharsets.ISO_8859_1).contains("jdk/jfr"))
                .map(Map.Entry::getKey).toList();
        assertThat(referencing).as("API classes that refer to jdk.jfr").isEmpty();
    }

    /** The packages of the API jar, as paths inside a jar or a class directory. */
    private static final java.util.Set<String> API_PACKAGES = java.util.Set.of("io/github/terminable", "io/github/terminable/spi");

    private static String packageOf(String classFile) {
        String name = classFile.replace(java.io.File.separatorChar, '/');
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    @Test
    @InChildJvms
    @SpecRule("8.5.c")
    void optional_noEventClassIsLoadedWhileTheFlightRecorderIsNotInitialised() throws Exception {
        Path log = kit.tempDirectory("tck-jfr-quiet").resolve("class-load.log");
        ChildProcess child = kit.childJvm(JfrQuietScenario.class).jvmFlag("-Xlog:class+load=info:file=" + log).start();
        int code = Children.awaitExit(child);

        Children.assertExitCode(child, code, 0, "exit status");
        assertThat(child.stdout()).as("the shutdown ran and completed" + child.describe())
                .anyMatch(l -> l.startsWith("DONE completed=true"));
        List<String> classLoadLog = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(classLoadLog).as("the class-loading log names the scenario's own class")
                .anyMatch(l -> l.contains("] " + JfrQuietScenario.class.getName() + " "));
        List<String> loaded = classLoadLog.stream().filter(l -> l.contains("] jdk.jfr.Event ")).toList();
        assertThat(loaded).as("jdk.jfr.Event, the superclass of every event class, loaded in a JVM that never"
                + " initialised the flight recorder" + child.describe()).isEmpty();
    }
}
