package io.github.terminable.tck;

import static io.github.terminable.tck.ThreadLifecycleTests.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Section 2 of the spec: registration order, forgetting ended threads, rejection during
 * shutdown, isolation of coordinators and owner-based termination.
 */
public abstract class RegistrationTests extends TckGroup {

    /** How many short-lived threads the memory test creates. */
    private static final int SHORT_LIVED = 200;
    /** How many of them the coordinator may still retain: a constant, not a fraction. */
    private static final int RETAINED_SLACK = 4;

    /** How many short-lived threads one long-lived owner creates. */
    private static final int OWNED_SHORT_LIVED = 100;
    /** How many objects of each short-lived thread are watched for reachability. */
    private static final int OBJECTS_PER_THREAD = 4;

    /** Creates the group. */
    protected RegistrationTests() {
    }

    @Test
    @SpecRule({"2.1.a", "2.1.b"})
    void required_registrationOrderIsTheOrderOfSuccessfulStarts(TerminationCoordinator c) throws Exception {
        Worker a = Worker.named(kit, "a");
        Worker b = Worker.named(kit, "b");
        Worker x = Worker.named(kit, "c");
        Worker d = Worker.named(kit, "d");
        for (Worker w : List.of(a, b, x, d)) {
            w.create(c);
        }
        x.handle.start();
        a.handle.start();
        assertThatThrownBy(a.handle::start).isInstanceOf(IllegalStateException.class);
        d.handle.start();
        b.handle.start();

        assertThat(names(c.liveThreads())).as("liveThreads() in registration order")
                .containsExactly(x.name, a.name, d.name, b.name);
        kit.shutdownAndAwait(c);
        assertThat(kit.journal().subjects("callback")).as("callbacks in reverse registration order")
                .containsExactly(b.name, d.name, a.name, x.name);
    }

    @Test
    @SpecRule("2.1.d")
    void required_liveThreadsIsAnUnmodifiableSnapshot(TerminationCoordinator c) {
        Worker a = Worker.startedOn(kit, c, "a");
        List<TerminableThread> snapshot = c.liveThreads();
        Worker b = Worker.startedOn(kit, c, "b");
        assertThat(names(snapshot)).as("an earlier snapshot does not change").containsExactly(a.name);
        assertThatThrownBy(() -> snapshot.add(b.handle)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(names(c.liveThreads())).containsExactly(a.name, b.name);
    }

    @Test
    @SpecRule("2.2.a")
    void required_endedThreadsAreForgotten(TerminationCoordinator c) throws Exception {
        Worker a = Worker.startedOn(kit, c, "a");
        Worker b = Worker.startedOn(kit, c, "b");
        Worker x = Worker.startedOn(kit, c, "c");
        b.stop.countDown();
        kit.awaitUntil("b ends and leaves liveThreads()", () -> b.ended() && !names(c.liveThreads()).contains(b.name));
        assertThat(b.handle.join(TckTime.awaitWindow())).isTrue();
        assertThat(names(c.liveThreads())).containsExactly(a.name, x.name);

        kit.tolerateUncaught(e -> "planned body failure".equals(e.getMessage()));
        TerminableThread thrower = c.threadBuilder().name(kit.name("thrower")).start(() -> {
            throw new IllegalStateException("planned body failure");
        });
        kit.awaitUntil("a body that throws ends the thread", () -> thrower.state() == ThreadState.ENDED);
        kit.awaitUntil("and the thread is forgotten", () -> !names(c.liveThreads()).contains(thrower.name()));
        kit.shutdownAndAwait(c);
        assertThat(b.callbacks.get()).as("callbacks of a thread that ended before shutdown").isZero();
    }

    @Test
    @SpecRule({"2.2.b", "2.2.c"})
    void required_retainedMemoryIsBoundedByLiveThreadsNotByThreadsEverCreated(TerminationCoordinator c)
            throws Exception {
        List<WeakReference<Object>> refs = createAndEndShortLivedThreads(c, SHORT_LIVED, null, new AtomicLong());
        awaitAllButTheSlackUnreachable(refs, "ended threads");
        assertThat(c.liveThreads()).isEmpty();
        assertThat(c.phase()).as("the coordinator itself is still alive and usable").isEqualTo(CoordinatorPhase.OPEN);
    }

    /**
     * Clauses 2.2.a, 2.2.c and 2.6.e with a long-lived owner: one owner, strongly reachable for the
     * whole test, owns many short-lived threads. Owner tracking (rule 2.6) that is not released
     * when a thread ends would keep each ended thread's handle, body and callback reachable for
     * as long as the owner lives, so the retained memory would grow with every thread ever
     * created.
     */
    @Test
    @SpecRule({"2.2.a", "2.2.c", "2.6.e"})
    void required_endedThreadsOfAReachableOwnerAreNotRetainedByItsTracking(TerminationCoordinator c) throws Exception {
        Object owner = new Object();
        AtomicLong sink = new AtomicLong();
        List<WeakReference<Object>> refs = createAndEndShortLivedThreads(c, OWNED_SHORT_LIVED, owner, sink);
        awaitAllButTheSlackUnreachable(refs, "ended threads of an owner that is still reachable");
        assertThat(sink.get()).as("every body ran, and no callback").isEqualTo(
                (long) OWNED_SHORT_LIVED * (OWNED_SHORT_LIVED - 1) / 2);
        java.lang.ref.Reference.reachabilityFence(owner);
    }

    /**
     * Collects garbage until {@code owner} is cleared and {@code then} holds: what each owner test
     * waits for, since an owner becomes unreachable only at some collection.
     */
    private void awaitOwnerCollectedAnd(String what, WeakReference<Object> owner, BooleanSupplier then) {
        kit.awaitUntil(what, () -> {
            System.gc();
            return owner.get() == null && then.getAsBoolean();
        });
    }

    /**
     * Starts {@code count} threads one after the other, each with its own body and callback, owned
     * by {@code owner} when it is not null, and waits until each has ended and left
     * {@code liveThreads()}. Each body adds its index to {@code sink}, each callback subtracts it.
     *
     * @return weak references to each thread's handle, {@code Thread}, body and callback, in
     *     that order ({@value #OBJECTS_PER_THREAD} per thread)
     */
    private List<WeakReference<Object>> createAndEndShortLivedThreads(TerminationCoordinator c, int count, Object owner,
            AtomicLong sink) throws Exception {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i; // capturing lambdas, so that each thread gets its own body and callback objects
            Runnable body = () -> sink.addAndGet(n);
            io.github.terminable.TerminationCallback callback = t -> sink.addAndGet(-n);
            TerminableThreadBuilder builder = c.threadBuilder().name("short-" + i).onTerminate(callback);
            TerminableThread t = (owner == null ? builder : builder.owner(owner)).start(body);
            assertThat(t.join(TckTime.awaitWindow())).isTrue();
            refs.add(new WeakReference<>(t));
            refs.add(new WeakReference<>(t.thread()));
            refs.add(new WeakReference<>(body));
            refs.add(new WeakReference<>(callback));
        }
        kit.awaitUntil("every short-lived thread leaves liveThreads()", () -> c.liveThreads().isEmpty());
        return refs;
    }

    /**
     * Collects garbage until the objects of all but {@link #RETAINED_SLACK} of the threads behind
     * {@code refs} are unreachable, and fails naming how many are still reachable.
     */
    private void awaitAllButTheSlackUnreachable(List<WeakReference<Object>> refs, String threads) {
        AtomicLong retained = new AtomicLong();
        try {
            kit.awaitUntil("all but " + RETAINED_SLACK + " of " + refs.size() / OBJECTS_PER_THREAD + " " + threads
                    + " (their handles, threads, bodies and callbacks) become unreachable", () -> {
                        System.gc();
                        retained.set(refs.stream().filter(r -> r.get() != null).count());
                        return retained.get() <= (long) RETAINED_SLACK * OBJECTS_PER_THREAD;
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; still reachable: " + retained.get() + " of " + refs.size()
                    + " objects (" + OBJECTS_PER_THREAD + " per thread)", e);
        }
    }

    @Test
    @SpecRule({"2.3.a", "2.3.b", "2.3.c"})
    void required_startAfterShutdownBeganIsRejectedAndTheThreadStaysNew(TerminationCoordinator c) throws Exception {
        Gate holdShutdown = kit.gate("hold-shutdown");
        TerminableThread holder = c.threadBuilder().name(kit.name("holder")).onTerminate(t -> t.thread().interrupt())
                .start(() -> holdShutdown.passUninterruptibly());
        Worker late = Worker.named(kit, "late");
        late.create(c);

        ShutdownCompletion completion = c.shutdown();
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATING);
        assertRejected(c, late);

        holdShutdown.open();
        assertThat(completion.await(TckTime.awaitWindow()).completed()).isTrue();
        assertThat(holder.state()).isEqualTo(ThreadState.ENDED);
        assertThat(c.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertRejected(c, late);
        assertThat(late.handle.terminate()).as("a request for the rejected thread is still accepted").isTrue();
        kit.assertNever("the rejected thread's body or callback runs",
                () -> late.callbacks.get() > 0 || kit.journal().count("body-start", late.name) > 0);
    }

    private void assertRejected(TerminationCoordinator c, Worker late) {
        assertThatThrownBy(late.handle::start).isInstanceOf(ShutdownInProgressException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("message naming the thread and the coordinator")
                        .contains(late.name).contains(c.name()));
        assertThat(late.handle.state()).isEqualTo(ThreadState.NEW);
        assertThat(late.handle.thread().getState()).as("underlying thread not started").isEqualTo(Thread.State.NEW);
        assertThat(names(c.liveThreads())).doesNotContain(late.name);
        String direct = kit.name("direct");
        assertThatThrownBy(() -> c.threadBuilder().name(direct).start(() -> kit.journal().add("body-start", direct)))
                .isInstanceOf(ShutdownInProgressException.class);
        String loopName = kit.name("late-loop");
        assertThatThrownBy(() -> c.loopBuilder().name(loopName).start()).isInstanceOf(ShutdownInProgressException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(loopName));
        assertThat(names(c.liveThreads())).doesNotContain(direct, loopName);
    }

    @Test
    @SpecRule({"2.3.a", "2.3.d"})
    void required_registrationFromACallbackDuringShutdownIsRejected(TerminationCoordinator c) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<TerminableThread> child = new AtomicReference<>();
        Worker late = Worker.named(kit, "from-callback");
        Worker w = Worker.named(kit, "registering");
        w.thenInCallback(t -> {
            TerminableThread created = late.create(c);
            child.set(created);
            try {
                created.start();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }).start(c);

        kit.shutdownAndAwait(c);
        assertThat(thrown.get()).as("start() from a callback during shutdown").isInstanceOf(ShutdownInProgressException.class);
        assertThat(child.get().state()).isEqualTo(ThreadState.NEW);
        assertThat(child.get().thread().getState()).isEqualTo(Thread.State.NEW);
        assertThat(kit.journal().count("body-start", late.name)).isZero();
    }

    @Test
    @SpecRule("2.5.c")
    void required_independentCoordinatorsAreIsolatedFromEachOther() throws Exception {
        TerminationCoordinator first = kit.coordinator();
        TerminationCoordinator second = kit.coordinator();
        assertThat(first).isNotSameAs(second);
        assertThat(first.phase()).isEqualTo(CoordinatorPhase.OPEN);
        Worker one = Worker.startedOn(kit, first, "one");
        Worker two = Worker.startedOn(kit, second, "two");
        assertThat(names(first.liveThreads())).containsExactly(one.name);
        assertThat(names(second.liveThreads())).containsExactly(two.name);

        kit.shutdownAndAwait(first);

        assertThat(one.callbacks.get()).isEqualTo(1);
        kit.assertNever("the other coordinator's thread is terminated", () -> two.callbacks.get() > 0);
        assertThat(second.phase()).isEqualTo(CoordinatorPhase.OPEN);
        assertThat(two.handle.isTerminationRequested()).isFalse();
        assertThat(names(second.liveThreads())).containsExactly(two.name);
        Worker three = Worker.startedOn(kit, second, "three");
        assertThat(names(second.liveThreads())).as("the other coordinator still accepts threads")
                .containsExactly(two.name, three.name);
    }

    @Test
    @SpecRule({"2.5.a", "2.5.d"})
    void required_newCoordinatorUsesItsSettingsAndIsTriggeredOnlyExplicitly() {
        TerminationCoordinator c = kit.coordinator(b -> b.callbackTimeout(Duration.ofMillis(4321)));
        assertThat(c.settings().callbackTimeout()).isEqualTo(Duration.ofMillis(4321));
        assertThat(c.name()).as("name() comes from the settings").isEqualTo(c.settings().name());
        Worker w = Worker.startedOn(kit, c, "idle");
        kit.assertNever("an independent coordinator shuts down on its own",
                () -> c.phase() != CoordinatorPhase.OPEN || w.callbacks.get() > 0);
    }

    /** A step the keeper thread of the 2.5.e test runs on itself, with the handle it looked up. */
    private interface KeeperStep {
        void run(TerminableThread self) throws Exception;
    }

    /** Ends the keeper thread's body. */
    private static final KeeperStep STOP_KEEPER = self -> { };

    @Test
    @SpecRule({"2.5.e", "2.5.d"})
    void required_aCoordinatorHeldOnlyByItsRunningThreadStaysFullyFunctional() throws Exception {
        BlockingQueue<KeeperStep> steps = new LinkedBlockingQueue<>();
        String keeper = kit.name("keeper");
        kit.onClose(() -> steps.add(STOP_KEEPER));
        WeakReference<Object> canary = startKeeper(steps, keeper);

        // From here on the test holds no reference to the coordinator, its builders or its thread:
        // only the running keeper thread (through whatever the implementation keeps) reaches it.
        kit.awaitUntil("a garbage collection ran (an unreachable canary object was cleared)", () -> {
            System.gc();
            return canary.get() == null;
        });
        kit.assertNever("the keeper is terminated although only the application dropped its references to the"
                + " coordinator", () -> {
                    System.gc();
                    return kit.journal().count("callback", keeper) > 0;
                });

        Worker late = Worker.named(kit, "late");
        CompletableFuture<TerminationCoordinator> found = new CompletableFuture<>();
        steps.add(self -> {
            TerminationCoordinator c = self.coordinator();
            late.start(c);
            found.complete(c);
        });
        TerminationCoordinator c = found.get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(late.started.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("a thread started from the keeper on its coordinator runs").isTrue();
        assertThat(c.phase()).as("the coordinator is still open").isEqualTo(CoordinatorPhase.OPEN);
        assertThat(names(c.liveThreads())).as("it still tracks its threads, in registration order")
                .containsExactly(keeper, late.name);

        kit.shutdownAndAwait(c);
        assertThat(kit.journal().subjects("callback")).as("its shutdown still terminates every thread, in reverse"
                + " registration order").containsExactly(late.name, keeper);
        assertThat(kit.journal().count("body-end", keeper)).as("the keeper ended").isEqualTo(1);
    }

    /**
     * Creates a coordinator the kit does not hold and starts its one thread, the keeper, which runs
     * {@code steps} on itself until {@link #STOP_KEEPER} or its callback interrupts it. Returns a
     * canary that is cleared by the first collection after this method returned. Nothing the method
     * creates stays reachable from the caller: the keeper's body looks its handle up through the
     * provider each time it needs it.
     */
    private WeakReference<Object> startKeeper(BlockingQueue<KeeperStep> steps, String keeper) {
        TerminationCoordinator c = kit.provider().newCoordinator(kit.settingsBuilder().build());
        c.threadBuilder().name(keeper).onTerminate(t -> {
            kit.journal().add("callback", t.name());
            t.thread().interrupt();
        }).start(() -> {
            try {
                for (KeeperStep step = steps.take(); step != STOP_KEEPER; step = steps.take()) {
                    TerminableThread self = kit.provider().currentThread()
                            .orElseThrow(() -> new AssertionError("currentThread() is empty inside a body"));
                    try {
                        step.run(self);
                    } catch (Exception | AssertionError e) {
                        kit.errors().add("a step of the keeper thread", e);
                    }
                }
            } catch (InterruptedException e) {
                // the keeper's callback: end
            }
            kit.journal().add("body-end", keeper);
        });
        return new WeakReference<>(new Object());
    }

    @Test
    @SpecRule({"2.6.a", "2.6.b", "2.6.c"})
    void required_aThreadWhoseOwnerBecomesUnreachableIsTerminated(TerminationCoordinator c) throws Exception {
        Worker w = Worker.named(kit, "owned");
        WeakReference<Object> owner = startOwnedWorker(c, w);
        awaitOwnerCollectedAnd("the owner is collected and the thread terminated", owner, w::ended);
        assertThat(w.callbacks.get()).isEqualTo(1);
        assertThat(w.handle.isTerminationRequested()).isTrue();
        assertThat(w.handle.terminate()).as("a later terminate()").isFalse();
        assertThat(w.callbackThread).as("the callback still runs on an implementation daemon thread")
                .isNotSameAs(w.handle.thread());
        assertThat(w.callbackThread.isDaemon()).isTrue();
    }

    private WeakReference<Object> startOwnedWorker(TerminationCoordinator c, Worker w) {
        Object owner = new Object();
        w.handle = c.threadBuilder().name(w.name).owner(owner).onTerminate(w.callback()).start(w.body());
        return new WeakReference<>(owner);
    }


    @Test
    @SpecRule({"2.6.a", "2.6.b"})
    void required_aBuilderKeptInAVariableDoesNotKeepItsOwnerAliveAndAReachableOwnerKeepsItsThread(TerminationCoordinator c)
            throws Exception {
        Object reachableOwner = new Object();
        Worker kept = Worker.named(kit, "owner-reachable");
        kept.handle = c.threadBuilder().name(kept.name).owner(reachableOwner).onTerminate(kept.callback()).start(kept.body());
        TerminableThreadBuilder builder = c.threadBuilder();
        WeakReference<Object> owner = ownBy(builder);
        Worker w = Worker.named(kit, "builder-kept");
        w.handle = builder.name(w.name).onTerminate(w.callback()).start(w.body());
        awaitOwnerCollectedAnd("the owner is collected although its builder is still reachable, and the thread terminated",
                owner, w::ended);
        assertThat(builder).as("the builder stayed reachable throughout").isNotNull();
        assertThat(w.callbacks.get()).isEqualTo(1);
        assertThat(kept.handle.isTerminationRequested()).as("a thread whose owner is still reachable").isFalse();
        assertThat(kept.callbacks.get()).isZero();
        java.lang.ref.Reference.reachabilityFence(reachableOwner);
    }

    /** Gives {@code builder} an owner that nothing else references once this returns. */
    private static WeakReference<Object> ownBy(TerminableThreadBuilder builder) {
        Object owner = new Object();
        builder.owner(owner);
        return new WeakReference<>(owner);
    }

    @Test
    @SpecRule({"2.6.b", "5.3.a"})
    void required_aLoopWhoseOwnerBecomesUnreachableIsTerminated(TerminationCoordinator c) throws Exception {
        String name = kit.name("owned-loop");
        AtomicReference<BackgroundLoop> loop = new AtomicReference<>();
        WeakReference<Object> owner = startOwnedLoop(c, name, loop);
        assertThat(loop.get().submit(() -> 42).get()).isEqualTo(42);
        awaitOwnerCollectedAnd("the owner is collected and the loop ends", owner,
                () -> loop.get().thread().state() == ThreadState.ENDED);
        assertThatThrownBy(() -> loop.get().submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    }

    private WeakReference<Object> startOwnedLoop(TerminationCoordinator c, String name, AtomicReference<BackgroundLoop> out) {
        Object owner = new Object();
        out.set(c.loopBuilder().name(name).owner(owner).start());
        return new WeakReference<>(owner);
    }

    @Test
    @SpecRule({"2.6.d", "1.4.c"})
    void required_anOwnerUnreachableBeforeStartActsAsARequestBeforeStart(TerminationCoordinator c) throws Exception {
        Worker w = Worker.named(kit, "owned-early");
        WeakReference<Object> owner = createOwnedWorker(c, w);
        awaitOwnerCollectedAnd("the owner is collected and the request recorded", owner, () -> w.handle.isTerminationRequested());
        assertThat(w.handle.state()).isEqualTo(ThreadState.NEW);
        assertThat(w.callbacks.get()).as("no callback while NEW").isZero();
        w.handle.start();
        kit.awaitUntil("the kept request is honoured after start()", w::ended);
        assertThat(w.callbacks.get()).isEqualTo(1);
    }

    private WeakReference<Object> createOwnedWorker(TerminationCoordinator c, Worker w) {
        Object owner = new Object();
        w.handle = c.threadBuilder().name(w.name).owner(owner).onTerminate(w.callback()).unstarted(w.body());
        return new WeakReference<>(owner);
    }

    @Test
    @SpecRule("2.1.c")
    void required_concurrentStartsAreObservedInOneOrder(TerminationCoordinator c) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Worker> workers = new ArrayList<>();
        List<Thread> starters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Worker w = new Worker(kit.name("concurrent-" + i), kit.journal());
            w.create(c);
            workers.add(w);
            starters.add(kit.spawn("starter-" + i, () -> {
                go.await();
                w.handle.start();
            }));
        }
        go.countDown();
        for (Thread s : starters) {
            s.join(TckTime.awaitWindow().toMillis());
            assertThat(s.isAlive()).as(s.getName() + " returned from start()").isFalse();
        }

        List<String> order = names(c.liveThreads());
        assertThat(order).as("every concurrent start() registered its thread").hasSize(workers.size());
        kit.shutdownAndAwait(c);
        List<String> reversed = new ArrayList<>(order);
        java.util.Collections.reverse(reversed);
        assertThat(kit.journal().subjects("callback")).as("the shutdown's order agrees with liveThreads()")
                .containsExactlyElementsOf(reversed);
    }

    @Test
    @SpecRule("2.2.e")
    void required_joinOnAThreadThatWasNeverStartedReturnsFalseAtOnce(TerminationCoordinator c) throws Exception {
        TerminableThread t = Worker.named(kit, "never-started").create(c);
        Duration wait = TckTime.awaitWindow();

        boolean joined = kit.returnsWithin("join() on a thread that was never started",
                TckTime.scaled(Duration.ofMillis(500)), () -> t.join(wait));

        assertThat(joined).as("join() on a NEW thread").isFalse();
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
    }

    /**
     * Clause 2.2.f: a caller already waiting in {@code join} with a timeout too long to count in
     * nanoseconds is woken with {@code true} by the end of a body that throws. An implementation
     * that overflows the timeout into a non-positive wait answers {@code false} at once; one that
     * reads a body's failure as "not ended" answers {@code false} when woken.
     */
    @Test
    @SpecRule("2.2.f")
    void required_joinWithATimeoutBeyondNanosecondsWaitsForABodyThatThrowsAndReturnsTrue(TerminationCoordinator c)
            throws Exception {
        IllegalStateException planned = new IllegalStateException("planned body failure while joined");
        kit.tolerateUncaught(e -> e == planned);
        Gate throwNow = kit.gate("throw-while-joined");
        TerminableThread t = c.threadBuilder().name(kit.name("throws-while-joined")).start(() -> {
            throwNow.passUninterruptibly();
            throw planned;
        });
        AtomicReference<Boolean> joined = new AtomicReference<>();
        Thread joiner = kit.spawn("joiner", () -> joined.set(t.join(Duration.ofSeconds(Long.MAX_VALUE))));
        kit.awaitUntil("the joiner waits in join()", () -> joiner.getState() == Thread.State.WAITING
                || joiner.getState() == Thread.State.TIMED_WAITING || !joiner.isAlive());
        assertThat(joined.get()).as("join() returned before the body ended").isNull();

        throwNow.open();

        Racers.joinReturned(List.of(joiner));
        assertThat(joined.get()).as("join(Duration.ofSeconds(Long.MAX_VALUE)) once the body threw").isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
    }
}
