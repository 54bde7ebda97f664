package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.TckKnobs;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Races, each repeated {@value TckKnobs#REPETITIONS_PROPERTY} times (default
 * {@value TckKnobs#DEFAULT_REPETITIONS}): many {@code terminate()} callers, {@code terminate()}
 * racing {@code start()}, {@code shutdown()} racing registrations and thread exits, many
 * {@code shutdown()} callers, loop submissions racing termination, and attaches racing each other
 * and the parent's shutdown.
 */
public abstract class RaceTests extends TckGroup {

    /** Creates the group. */
    protected RaceTests() {
    }

    private interface Iteration {
        void run(int iteration) throws Exception;
    }

    private static void repeat(Iteration body) throws Exception {
        int repetitions = TckKnobs.repetitions();
        for (int i = 0; i < repetitions; i++) {
            try {
                body.run(i);
            } catch (AssertionError e) {
                throw new AssertionError("iteration " + (i + 1) + " of " + repetitions + ": " + e.getMessage(), e);
            }
        }
    }

    /** How far, in ns, a pair of the nanosecond sweep may be from its distance and still count ({@link Sweep}). */
    private static final long NANOSECOND_SWEEP_TOLERANCE = 100;
    /** The same for the sweeps of {@code start()} against {@code terminate()}, whose steps are 20 &micro;s. */
    private static final long MICROSECOND_SWEEP_TOLERANCE = 10_000;

    @Test
    @SpecRule({"1.2.a", "1.3.a", "1.3.b"})
    void stochastic_concurrentTerminateCallersCauseOneCallback() throws Exception {
        // Two callers scheduled for one System.nanoTime() instant, the second shifted by -160 ns
        // to +140 ns across a sweep: a check-then-act inside terminate() lasts nanoseconds, far
        // less than a barrier's wake-up skew.
        TerminationCoordinator c = kit.coordinator();
        AtomicReference<Worker> current = new AtomicReference<>();
        AtomicInteger trues = new AtomicInteger();
        Runnable request = () -> {
            if (current.get().handle.terminate()) {
                trues.incrementAndGet();
            }
        };
        Sweep.run(kit, i -> (i % Sweep.STEPS - Sweep.STEPS / 2) * 20L, NANOSECOND_SWEEP_TOLERANCE, i -> {
            Worker w = Worker.startedOn(kit, c, "contended");
            w.awaitStarted(); // its start-up no longer competes with the helpers for a core
            current.set(w);
            trues.set(0);
        }, request, request, when -> {
            Worker w = current.get();
            assertThat(w.handle.join(TckTime.awaitWindow())).as("the thread ends" + when).isTrue();
            assertThat(trues.get()).as("terminate() calls returning true" + when).isEqualTo(1);
            assertThat(w.callbacks.get()).as("callback invocations" + when).isEqualTo(1);
        });
        kit.shutdownAndAwait(c);
    }

    @Test
    @SpecRule({"1.4.d", "1.2.b"})
    void stochastic_terminateRacingStartIsNeverLost() throws Exception {
        raceStartAndRequest("racing", false);
    }

    @Test
    @SpecRule({"1.1.c", "1.7.a"})
    void stochastic_theDefaultInterruptOfARequestRacingStartIsNeverLost() throws Exception {
        raceStartAndRequest("racing-default", true);
    }

    /**
     * {@code start()} on one helper thread and {@code terminate()} on another, the request
     * scheduled from 60 &micro;s before to 240 &micro;s after the start, in steps of 20 &micro;s:
     * a sweep puts some request inside any window of {@code start()} that lasts a step or more
     * (reading a pending request and registering, starting the underlying thread and clearing
     * its interrupt status), instead of waiting for the scheduler to land one there by chance.
     * With {@code defaultAction}, the thread has no callback and its body waits until
     * interrupted: a lost interrupt (rule 1.1.c) leaves it waiting; otherwise a {@link Worker}'s
     * callback ends it.
     */
    private void raceStartAndRequest(String base, boolean defaultAction) throws Exception {
        TerminationCoordinator c = kit.coordinator();
        AtomicReference<TerminableThread> current = new AtomicReference<>();
        AtomicReference<Worker> worker = new AtomicReference<>();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicBoolean accepted = new AtomicBoolean();
        Gate never = kit.gate("never-opened-before-the-end");
        Runnable body = () -> {
            try {
                never.pass();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        };
        Sweep.run(kit, i -> -60_000L + (i % Sweep.STEPS) * 20_000L, MICROSECOND_SWEEP_TOLERANCE, i -> {
            Worker w = new Worker(kit.name(base), kit.journal());
            worker.set(w);
            interrupted.set(0);
            current.set(defaultAction ? c.threadBuilder().name(w.name).unstarted(body) : w.create(c));
        }, () -> current.get().start(), () -> accepted.set(current.get().terminate()), when -> {
            assertThat(accepted.get()).as("the first request is accepted" + when).isTrue();
            assertThat(current.get().join(TckTime.awaitWindow())).as((defaultAction
                    ? "the default action's interrupt reaches the body: the thread ends"
                    : "the request is honoured: the thread ends") + when).isTrue();
            if (defaultAction) {
                assertThat(interrupted.get()).as("the body saw the interrupt" + when).isEqualTo(1);
            } else {
                assertThat(worker.get().callbacks.get()).as("callback invocations" + when).isEqualTo(1);
            }
        });
    }

    @Test
    @SpecRule({"2.4.a", "2.4.b", "2.4.c", "2.4.d", "2.3.a", "3.2.a"})
    void stochastic_shutdownRacingRegistrationNeverLeavesAThreadRunning() throws Exception {
        repeat(iteration -> {
            TerminationCoordinator c = kit.coordinator();
            int starters = 3;
            int perStarter = 3;
            List<Worker> workers = new CopyOnWriteArrayList<>();
            List<Worker> rejected = new CopyOnWriteArrayList<>();
            Racers racers = new Racers(kit, starters + 1);
            for (int s = 0; s < starters; s++) {
                racers.spawn("starter-" + s, () -> {
                    for (int i = 0; i < perStarter; i++) {
                        Worker w = Worker.named(kit, "racer");
                        w.create(c);
                        try {
                            w.handle.start();
                            workers.add(w);
                        } catch (ShutdownInProgressException e) {
                            rejected.add(w);
                        }
                    }
                });
            }
            List<ShutdownCompletion> handle = new CopyOnWriteArrayList<>();
            racers.spawn("shutdown", () -> handle.add(c.shutdown()));
            racers.join();
            assertThat(handle.get(0).await(TckTime.awaitWindow()).completed()).as("completion").isTrue();
            for (Worker w : workers) {
                assertThat(w.handle.state()).as(w.name + " registered, so terminated and awaited").isEqualTo(ThreadState.ENDED);
                assertThat(w.callbacks.get()).as(w.name + " callback invocations").isEqualTo(1);
            }
            for (Worker w : rejected) {
                assertThat(w.handle.state()).as(w.name + " rejected, so still NEW").isEqualTo(ThreadState.NEW);
                assertThat(w.handle.thread().getState()).isEqualTo(Thread.State.NEW);
                assertThat(w.callbacks.get()).isZero();
            }
            assertThat(workers.size() + rejected.size()).isEqualTo(starters * perStarter);
            assertThat(c.liveThreads()).isEmpty();
        });
    }

    @Test
    @SpecRule({"1.5.a", "3.7.a"})
    void stochastic_shutdownRacingThreadExitCompletesCleanly() throws Exception {
        repeat(iteration -> {
            TerminationCoordinator c = kit.coordinator();
            int count = 4;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger callbacks = new AtomicInteger();
            List<TerminableThread> threads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                threads.add(c.threadBuilder().name(kit.name("exiting")).onTerminate(t -> callbacks.incrementAndGet())
                        .start(() -> ThreadLifecycleTests.awaitQuietly(go)));
            }
            go.countDown();
            ShutdownCompletion completion = c.shutdown();
            assertThat(completion.await(TckTime.awaitWindow()).completed()).isTrue();
            assertThat(threads).allMatch(t -> t.state() == ThreadState.ENDED);
            assertThat(callbacks.get()).as("callbacks of threads ending on their own").isBetween(0, count);
            for (TerminableThread t : threads) {
                assertThat(t.terminate()).as("terminate() after the end").isFalse();
            }
            assertThat(c.liveThreads()).isEmpty();
        });
    }

    @Test
    @SpecRule("3.1.a")
    void stochastic_concurrentShutdownCallersShareOneHandle() throws Exception {
        repeat(iteration -> {
            TerminationCoordinator c = kit.coordinator();
            Worker.startedOn(kit, c, "w");
            int callers = 4;
            List<ShutdownCompletion> handles = new CopyOnWriteArrayList<>();
            Racers racers = new Racers(kit, callers);
            for (int i = 0; i < callers; i++) {
                racers.spawn("shutdown-" + i, () -> handles.add(c.shutdown()));
            }
            racers.join();
            assertThat(handles.stream().distinct().count()).as("distinct handles").isEqualTo(1);
            assertThat(handles.get(0).await(TckTime.awaitWindow()).completed()).isTrue();
        });
    }

    @Test
    @SpecRule({"5.2.a", "5.3.b"})
    void stochastic_loopSubmissionsRacingTerminationAllComplete() throws Exception {
        repeat(iteration -> {
            BackgroundLoop loop = kit.startLoop("racing-loop");
            String name = loop.thread().name();
            int producers = 3;
            List<Future<?>> accepted = new CopyOnWriteArrayList<>();
            List<RejectedExecutionException> rejected = new CopyOnWriteArrayList<>();
            Racers racers = new Racers(kit, producers + 1);
            for (int p = 0; p < producers; p++) {
                racers.spawn("producer-" + p, () -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            accepted.add(i % 2 == 0 ? loop.submit(() -> 1) : loop.submitWithContext(ctx -> 2));
                        } catch (RejectedExecutionException e) {
                            rejected.add(e);
                        }
                    }
                });
            }
            racers.spawn("terminator", loop::terminate);
            racers.join();
            assertThat(loop.awaitTermination(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(accepted).as("every accepted future is done once the loop terminated").allMatch(Future::isDone);
            assertThat(rejected).allSatisfy(e -> assertThat(e.getMessage()).contains(name));
            assertThat(accepted.size() + rejected.size()).isEqualTo(producers * 50);
        });
    }

    @Test
    @SpecRule("2.7.b")
    void stochastic_crossAttachesRacingEachOtherNeverMakeACycle() throws Exception {
        repeat(iteration -> {
            TerminationCoordinator a = kit.coordinator();
            TerminationCoordinator b = kit.coordinator();
            Worker inA = Worker.startedOn(kit, a, "in-a");
            Worker inB = Worker.startedOn(kit, b, "in-b");
            List<TerminationCoordinator> parents = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Racers racers = new Racers(kit, 2);
            racers.spawn("a-attaches-b", () -> attach(a, b, parents, failures));
            racers.spawn("b-attaches-a", () -> attach(b, a, parents, failures));
            racers.join();
            assertThat(failures).as("exactly one of two crossed attaches fails, as a cycle").singleElement()
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(parents).hasSize(1);
            TerminationCoordinator root = parents.get(0);
            TerminationCoordinator child = root == a ? b : a;
            kit.shutdownAndAwait(root);
            assertThat(child.shutdown().isDone()).as("the child completed before its parent").isTrue();
            assertThat(inA.callbacks.get() + inB.callbacks.get()).as("callback invocations").isEqualTo(2);
        });
    }

    @Test
    @SpecRule({"2.7.a", "2.4.a"})
    void stochastic_attachRacingTheParentsShutdownIsAtomic() throws Exception {
        repeat(iteration -> {
            TerminationCoordinator parent = kit.coordinator();
            TerminationCoordinator child = kit.coordinator();
            Worker.startedOn(kit, parent, "in-parent");
            Worker inChild = Worker.startedOn(kit, child, "in-child");
            List<TerminationCoordinator> parents = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<ShutdownCompletion> handle = new CopyOnWriteArrayList<>();
            Racers racers = new Racers(kit, 2);
            racers.spawn("attacher", () -> attach(parent, child, parents, failures));
            racers.spawn("shutdown", () -> handle.add(parent.shutdown()));
            racers.join();
            assertThat(handle.get(0).await(TckTime.awaitWindow()).completed()).as("the parent's completion").isTrue();
            if (failures.isEmpty()) {
                assertThat(child.shutdown().isDone()).as("attached before the shutdown: shut down at its turn, "
                        + "before the parent completed").isTrue();
                assertThat(inChild.callbacks.get()).isEqualTo(1);
            } else {
                assertThat(failures).singleElement().isInstanceOf(ShutdownInProgressException.class);
                assertThat(child.phase()).as("a child refused by a closing parent is left alone")
                        .isEqualTo(CoordinatorPhase.OPEN);
                assertThat(inChild.callbacks.get()).isZero();
                kit.shutdownAndAwait(child);
            }
        });
    }

    /** Attaches {@code child} to {@code parent}, recording the parent if that succeeds and the failure if not. */
    private static void attach(TerminationCoordinator parent, TerminationCoordinator child,
                               List<TerminationCoordinator> parents, List<Throwable> failures) {
        try {
            parent.attach(child);
            parents.add(parent);
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
