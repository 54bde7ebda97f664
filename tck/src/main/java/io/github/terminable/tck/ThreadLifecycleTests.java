package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.child.StartFailureScenario;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Section 1 of the spec: the life cycle of one terminable thread and its terminate request.
 */
public abstract class ThreadLifecycleTests extends TckGroup {

    /** Creates the group. */
    protected ThreadLifecycleTests() {
    }

    static List<String> names(List<TerminableThread> threads) {
        return threads.stream().map(TerminableThread::name).toList();
    }

    @Test
    @SpecRule({"1.1.a", "1.1.b"})
    void required_startRegistersTheThreadAndRunsItsBody(TerminationCoordinator c) throws Exception {
        Worker w = Worker.named(kit, "worker");
        TerminableThread t = w.create(c);
        assertThat(t.state()).as("state before start()").isEqualTo(ThreadState.NEW);
        assertThat(t.name()).isEqualTo(w.name);
        assertThat(t.coordinator()).isSameAs(c);
        assertThat(names(c.liveThreads())).as("liveThreads before start()").doesNotContain(w.name);

        t.start();

        assertThat(names(c.liveThreads())).as("liveThreads right after start()").containsExactly(w.name);
        assertThat(w.started.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).as("body started").isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(t.thread().isAlive()).isTrue();
        assertThat(w.journal.select("body-start").get(0).thread()).as("the body runs on thread()").isSameAs(t.thread());
    }

    @Test
    @SpecRule("1.1.i")
    void required_anExceptionFromTheBodyReachesTheUncaughtExceptionHandlerAndTheThreadIsForgotten(TerminationCoordinator c)
            throws Exception {
        IllegalStateException planned = new IllegalStateException("planned body failure for the handler");
        TerminableThread t = c.threadBuilder().name(kit.name("throws")).unstarted(() -> {
            throw planned;
        });
        AtomicReference<Thread> handledOn = new AtomicReference<>();
        AtomicReference<Throwable> handled = new AtomicReference<>();
        CountDownLatch reached = new CountDownLatch(1);
        t.thread().setUncaughtExceptionHandler((thread, e) -> {
            handledOn.set(thread);
            handled.set(e);
            reached.countDown();
        });

        t.start();

        assertThat(reached.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the underlying thread's uncaught-exception handler is called").isTrue();
        assertThat(handled.get()).as("with what the body threw").isSameAs(planned);
        assertThat(handledOn.get()).as("for the underlying thread").isSameAs(t.thread());
        kit.awaitUntil("the thread ends and is forgotten",
                () -> t.state() == ThreadState.ENDED && !names(c.liveThreads()).contains(t.name()));
    }

    /**
     * The address space, in KiB, of the child JVM of the start-failure test: enough for a small JVM
     * ({@link #SMALL_RESERVATIONS}) and about a thousand threads, so native threads run out in
     * that child within a second and nowhere else.
     */
    static final long START_FAILURE_ADDRESS_SPACE_KIB = 2_000_000;

    /** The shell's exit status when {@code ulimit -v} is refused, so the child never ran. */
    static final int NO_ADDRESS_SPACE_LIMIT = 97;

    /** Flags that keep the child's up-front reservations of address space small. */
    static final List<String> SMALL_RESERVATIONS = List.of("-XX:ReservedCodeCacheSize=32m", "-XX:CompressedClassSpaceSize=32m");

    @Test
    @InChildJvms
    @SpecRule({"1.1.f", "1.1.g"})
    void required_aStartWhoseUnderlyingThreadCannotStartPropagatesTheErrorAndRegistersNothing() throws Exception {
        Path shell = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(shell), "needs a POSIX shell with ulimit at /bin/sh to limit the child's address space");
        List<String> java = kit.childJvm(StartFailureScenario.class).jvmFlags(SMALL_RESERVATIONS).command();
        List<String> command = new ArrayList<>(List.of(shell.toString(), "-c",
                "ulimit -v " + START_FAILURE_ADDRESS_SPACE_KIB + " || exit " + NO_ADDRESS_SPACE_LIMIT + "; exec \"$@\"", "sh"));
        command.addAll(java);
        ChildProcess child = kit.startProcess(command);
        int code = Children.awaitExit(child);
        assumeTrue(code != NO_ADDRESS_SPACE_LIMIT, "this system's shell cannot limit a process's address space (ulimit -v)");

        Children.assertExitCode(child, code, 0, "exit status (3: the address-space limit let every plain thread start)");
        for (String kind : List.of("THREAD", "LOOP")) {
            assertThat(Children.withPrefix(child.stdout(), kind + "-START-FAILED "))
                    .as(kind.toLowerCase(Locale.ROOT) + " start() met a failing Thread.start()" + child.describe())
                    .containsExactly(kind + "-START-FAILED thrown=" + OutOfMemoryError.class.getName() + " registered=false");
        }
        assertThat(child.stdout()).as("afterwards a new thread starts and ends and the shutdown completes, so nothing"
                + " was left registered; the failed thread's body never ran" + child.describe())
                .contains("DONE afterEnded=true failedBodyRan=false completed=true");
    }

    @Test
    @SpecRule({"1.1.d", "1.1.e", "1.10.c", "1.10.d"})
    void required_secondStartThrowsAndLeavesTheThreadIntact(TerminationCoordinator c) throws Exception {
        Worker w = Worker.named(kit, "worker");
        TerminableThread t = w.start(c);

        assertThatThrownBy(t::start).as("second start()").isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(ShutdownInProgressException.class);
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        assertThat(names(c.liveThreads())).containsExactly(w.name);
        assertThat(t.isTerminationRequested()).isFalse();

        assertThat(t.terminate()).isTrue();
        kit.awaitUntil("the thread ends", () -> t.state() == ThreadState.ENDED);
        assertThatThrownBy(t::start).as("start() after the thread ended").isInstanceOf(IllegalStateException.class);
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
        assertThat(w.journal.count("body-start", w.name)).as("the body ran once").isEqualTo(1);
    }

    @Test
    @SpecRule({"1.2.a", "1.3.b"})
    void required_callbackRunsExactlyOnceHoweverManyCallers(TerminationCoordinator c) throws Exception {
        Worker w = Worker.named(kit, "worker");
        TerminableThread t = w.start(c);
        int callers = 8;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(callers);
        AtomicInteger trues = new AtomicInteger();
        for (int i = 0; i < callers; i++) {
            kit.spawn("caller-" + i, () -> {
                go.await();
                if (t.terminate()) {
                    trues.incrementAndGet();
                }
                done.countDown();
            });
        }
        go.countDown();
        assertThat(done.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).as("every caller returned").isTrue();
        kit.awaitUntil("the thread ends", w::ended);
        kit.assertNever("a second callback invocation", () -> w.callbacks.get() > 1);
        assertThat(w.callbacks.get()).as("callback invocations").isEqualTo(1);
        assertThat(trues.get()).as("terminate() calls that returned true").isEqualTo(1);
    }

    @Test
    @SpecRule({"1.2.a", "1.3.a", "1.3.b"})
    void required_requestsLandingBeforeAndWhileTheCallbackRunsAreAcceptedOnce() throws Exception {
        // Forces the windows of an implementation that marks a request as taken only when its
        // callback starts or ends: the callback of 'holder' blocks first, so that on an
        // implementation that runs callbacks one at a time the requests for 'target' land before
        // its callback can start; then target's own callback blocks while more requests land.
        TerminationCoordinator c = kit.coordinator();
        Gate holdHolder = kit.gate("holder-callback");
        Gate holdTarget = kit.gate("target-callback");
        CountDownLatch holderEntered = new CountDownLatch(1);
        CountDownLatch targetEntered = new CountDownLatch(1);
        CountDownLatch stopHolder = new CountDownLatch(1);
        CountDownLatch stopTarget = new CountDownLatch(1);
        AtomicInteger targetCallbacks = new AtomicInteger();
        TerminableThread holder = c.threadBuilder().name(kit.name("holder")).onTerminate(th -> {
            holderEntered.countDown();
            holdHolder.pass();
            stopHolder.countDown();
        }).start(() -> awaitQuietly(stopHolder));
        TerminableThread target = c.threadBuilder().name(kit.name("target")).onTerminate(th -> {
            targetCallbacks.incrementAndGet();
            targetEntered.countDown();
            holdTarget.pass();
            stopTarget.countDown();
        }).start(() -> awaitQuietly(stopTarget));

        Duration promptly = TckTime.scaled(Duration.ofSeconds(1)); // terminate() never waits (rule 1.2.c)
        assertThat(kit.returnsWithin("terminate() of the holder", promptly, holder::terminate)).isTrue();
        assertThat(holderEntered.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the holder's callback started").isTrue();
        int callers = 4;
        AtomicInteger trues = new AtomicInteger();
        Racers racers = new Racers(kit, callers);
        for (int i = 0; i < callers; i++) {
            racers.spawn("requester-" + i, () -> {
                if (target.terminate()) {
                    trues.incrementAndGet();
                }
            });
        }
        racers.join();
        assertThat(kit.returnsWithin("a later terminate()", promptly, target::terminate))
                .as("a request after the concurrent ones, while the holder's callback blocks").isFalse();
        assertThat(trues.get()).as("concurrent terminate() calls that returned true while the holder's callback"
                + " blocked").isEqualTo(1);
        assertThat(target.isTerminationRequested()).isTrue();

        holdHolder.open();
        assertThat(targetEntered.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the target's callback started").isTrue();
        assertThat(kit.returnsWithin("terminate() while the callback blocks", promptly, target::terminate))
                .as("a request while the target's own callback blocks").isFalse();
        holdTarget.open();
        kit.awaitUntil("the target ends", () -> target.state() == ThreadState.ENDED);
        assertThat(target.terminate()).as("a request after the end").isFalse();
        kit.assertNever("a second invocation of the target's callback", () -> targetCallbacks.get() > 1);
        assertThat(targetCallbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule("1.2.c")
    void required_terminateDoesNotWaitForTheCallback(TerminationCoordinator c) throws Exception {
        Gate gate = kit.gate("callback");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().name(kit.name("slow-callback")).onTerminate(th -> {
            entered.countDown();
            gate.pass();
            stop.countDown();
        }).start(() -> awaitQuietly(stop));

        boolean first = kit.returnsWithin("terminate() while its callback blocks", TckTime.scaled(Duration.ofSeconds(1)),
                t::terminate);
        assertThat(first).isTrue();
        assertThat(entered.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS))
                .as("the callback was invoked although terminate() had already returned").isTrue();
        assertThat(kit.returnsWithin("a second terminate() while the callback blocks",
                TckTime.scaled(Duration.ofSeconds(1)), t::terminate)).isFalse();
        gate.open();
        kit.awaitUntil("the thread ends", () -> t.state() == ThreadState.ENDED);
    }

    @Test
    @SpecRule({"1.3.a", "1.3.b", "1.2.e"})
    void required_onlyTheFirstRequestReturnsTrue(TerminationCoordinator c) {
        Worker w = Worker.named(kit, "worker");
        TerminableThread t = w.start(c);
        assertThat(t.isTerminationRequested()).isFalse();
        assertThat(t.terminate()).as("first terminate()").isTrue();
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.terminate()).as("second terminate()").isFalse();
        kit.awaitUntil("the thread ends", w::ended);
        assertThat(t.terminate()).as("terminate() after the end").isFalse();
        assertThat(w.callbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule({"1.4.a", "1.4.b", "1.4.c", "1.4.d"})
    void required_aRequestBeforeStartIsKept(TerminationCoordinator c) throws Exception {
        Worker w = Worker.named(kit, "early");
        TerminableThread t = w.create(c);

        assertThat(t.terminate()).as("terminate() before start()").isTrue();
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        kit.assertNever("the callback runs before start()", () -> w.callbacks.get() > 0);
        assertThat(t.terminate()).as("a second request before start()").isFalse();

        t.start();

        kit.awaitUntil("the kept request is honoured: the callback runs and the thread ends", w::ended);
        assertThat(w.callbacks.get()).isEqualTo(1);
        assertThat(w.journal.count("body-start", w.name)).as("the body still ran").isEqualTo(1);
        kit.awaitUntil("the ended thread leaves liveThreads", () -> c.liveThreads().isEmpty());
    }

    @Test
    @SpecRule({"1.5.a", "1.5.b", "1.5.c"})
    void required_aRequestAfterTheThreadEndedIsANoOp(TerminationCoordinator c) {
        AtomicInteger callbacks = new AtomicInteger();
        TerminableThread t = c.threadBuilder().name(kit.name("short-lived")).onTerminate(th -> callbacks.incrementAndGet())
                .start(() -> { });
        kit.awaitUntil("the thread ends on its own", () -> t.state() == ThreadState.ENDED);

        assertThat(t.terminate()).as("terminate() after the end").isFalse();
        kit.assertNever("the callback of an ended thread runs", () -> callbacks.get() > 0);
    }

    @Test
    @SpecRule({"1.6.a", "1.6.b", "1.8.b"})
    void required_aRequestFromInsideTheThreadWorksWithoutWaitingForItsCallback(TerminationCoordinator c)
            throws Exception {
        AtomicReference<TerminableThread> self = new AtomicReference<>();
        AtomicBoolean result = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        AtomicBoolean callbackSawReturn = new AtomicBoolean();
        TerminableThread t = c.threadBuilder().name(kit.name("self-terminating")).onTerminate(th -> {
            callbackThread.set(Thread.currentThread());
            // If terminate() waited for this callback, this wait could only time out.
            callbackSawReturn.set(returned.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS));
            stop.countDown();
        }).unstarted(() -> {
            result.set(self.get().terminate());
            returned.countDown();
            awaitQuietly(stop);
        });
        self.set(t);
        t.start();

        kit.awaitUntil("the thread ends", () -> t.state() == ThreadState.ENDED);
        assertThat(result.get()).as("terminate() from the thread itself returned true").isTrue();
        assertThat(callbackSawReturn.get()).as("terminate() returned before its own callback finished").isTrue();
        assertThat(callbackThread.get()).as("the callback thread").isNotNull().isNotSameAs(t.thread());
    }

    @Test
    @SpecRule({"1.7.a", "1.7.b", "1.1.c"})
    void required_theDefaultActionInterruptsTheThread(TerminationCoordinator c) throws Exception {
        Gate never = kit.gate("never");
        AtomicInteger interrupted = new AtomicInteger();
        Runnable body = () -> {
            try {
                never.pass();
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        };
        TerminableThread explicit = c.threadBuilder().name(kit.name("default-explicit")).start(body);
        TerminableThread byShutdown = c.threadBuilder().name(kit.name("default-shutdown")).start(body);

        explicit.terminate();
        kit.awaitUntil("terminate() interrupts a thread that has no callback", () -> explicit.state() == ThreadState.ENDED);
        assertThat(byShutdown.state()).isEqualTo(ThreadState.RUNNING);
        kit.shutdownAndAwait(c);
        assertThat(byShutdown.state()).isEqualTo(ThreadState.ENDED);
        assertThat(interrupted.get()).as("bodies that saw InterruptedException").isEqualTo(2);
        assertThat(never.isOpen()).isFalse();
    }

    @Test
    @SpecRule({"1.8.a", "1.8.b", "1.8.c", "1.8.d", "3.1.b"})
    void required_callbacksRunOnAnImplementationThreadNeverOnTheCaller(TerminationCoordinator c) throws Exception {
        Worker byTest = Worker.startedOn(kit, c, "by-test");
        Worker byHelper = Worker.startedOn(kit, c, "by-helper");
        Worker byShutdown = Worker.startedOn(kit, c, "by-shutdown");

        byTest.handle.terminate();
        kit.awaitUntil("callback invoked", () -> byTest.callbacks.get() >= 1);
        assertThat(byTest.callbacks.get()).as("callback invocations").isEqualTo(1);
        Thread terminator = byTest.callbackThread;
        assertThat(terminator).as("callback thread of terminate() from the test thread")
                .isNotSameAs(Thread.currentThread()).isNotSameAs(byTest.handle.thread());
        assertThat(terminator.isDaemon()).as("an implementation-owned callback thread is a daemon").isTrue();
        assertThat(c.liveThreads()).as("the callback thread is not a registered terminable thread")
                .noneMatch(t -> t.thread() == terminator);

        AtomicReference<Thread> helperThread = new AtomicReference<>();
        kit.spawn("terminate-caller", () -> {
            helperThread.set(Thread.currentThread());
            byHelper.handle.terminate();
        }).join(TckTime.awaitWindow().toMillis());
        kit.awaitUntil("callback invoked", () -> byHelper.callbacks.get() >= 1);
        assertThat(byHelper.callbacks.get()).as("callback invocations").isEqualTo(1);
        assertThat(byHelper.callbackThread).isNotSameAs(helperThread.get()).isNotSameAs(byHelper.handle.thread());

        kit.shutdownAndAwait(c);
        assertThat(byShutdown.callbackThread).as("callback thread during shutdown() called by the test thread")
                .isNotNull().isNotSameAs(Thread.currentThread()).isNotSameAs(byShutdown.handle.thread());
    }

    @Test
    @SpecRule("1.8.d")
    void required_aTerminatorFirstNeededByANonDaemonThreadIsStillADaemon() throws Exception {
        // The test's own thread is a daemon, and a new Thread inherits its creator's daemon status:
        // here the first request of a fresh coordinator comes from a non-daemon thread instead, the
        // usual case in an application (its main thread).
        TerminationCoordinator c = kit.coordinator();
        Worker requested = Worker.startedOn(kit, c, "by-non-daemon");
        Thread caller = new Thread(requested.handle::terminate, "tck-non-daemon-caller");
        caller.setDaemon(false);
        caller.start();
        caller.join(TckTime.awaitWindow().toMillis());
        assertThat(caller.isAlive()).as("terminate() returned").isFalse();

        kit.awaitUntil("callback invoked", () -> requested.callbacks.get() == 1);
        assertThat(requested.callbackThread.isDaemon())
                .as("the implementation-owned thread that ran the callback, first needed by a non-daemon thread, "
                        + "is a daemon").isTrue();
    }

    @Test
    @SpecRule("1.9.a")
    void required_platformTerminableThreadsAreNonDaemonEvenWhenCreatedByADaemon(TerminationCoordinator c)
            throws Exception {
        Worker fromTest = Worker.startedOn(kit, c, "from-test");
        assertThat(fromTest.handle.thread().isDaemon()).as("isDaemon() of a thread created by the test").isFalse();

        Worker fromDaemon = Worker.named(kit, "from-daemon");
        Thread creator = kit.spawn("daemon-creator", () -> fromDaemon.start(c));
        assertThat(creator.isDaemon()).isTrue();
        creator.join(TckTime.awaitWindow().toMillis());
        assertThat(fromDaemon.handle).isNotNull();
        assertThat(fromDaemon.handle.thread().isDaemon()).as("isDaemon() of a thread created by a daemon thread").isFalse();
    }

    @Test
    @SpecRule({"1.10.a", "1.10.b", "1.10.d", "9.1.a"})
    void required_badInputIsRejectedWithAClearExceptionAndStateIntact(TerminationCoordinator c) throws Exception {
        TerminableThreadBuilder b = c.threadBuilder().name("kept-name");
        assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("message naming the parameter").containsIgnoringCase("name"));
        assertThatThrownBy(() -> b.name("  ")).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("name"));
        assertThatThrownBy(() -> b.onTerminate(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("callback"));
        assertThatThrownBy(() -> b.owner(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("owner"));
        assertThatThrownBy(() -> b.unstarted(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("body"));
        assertThatThrownBy(() -> b.start(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("body"));
        assertThat(c.liveThreads()).as("nothing was registered by the rejected calls").isEmpty();

        Worker w = new Worker("kept-name", kit.journal());
        TerminableThread t = b.onTerminate(w.callback()).unstarted(w.body());
        assertThat(t.name()).as("the builder kept its earlier valid name").isEqualTo("kept-name");
        assertThatThrownBy(() -> t.join(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("timeout"));
        assertThatThrownBy(() -> t.join(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> t.join(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        assertThat(t.join(Duration.ofMillis(1))).as("join() of a thread never started").isFalse();

        assertThatThrownBy(() -> c.addListener(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("listener"));
        assertThatThrownBy(() -> c.removeListener(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("listener"));
        assertThatThrownBy(() -> kit.provider().newCoordinator(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("settings"));
        assertThatThrownBy(() -> c.loopBuilder().name(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("name"));
        assertThatThrownBy(() -> c.loopBuilder().name(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.loopBuilder().owner(null)).isInstanceOf(NullPointerException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("owner"));

        t.start();
        assertThat(t.join(Duration.ofMillis(20))).as("join() times out while the thread runs").isFalse();
        t.terminate();
        assertThat(t.join(TckTime.awaitWindow())).as("join() after termination").isTrue();
        assertThat(w.callbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule({"1.2.b", "1.4.d"})
    void required_aRequestRacingStartIsHonouredOnce(TerminationCoordinator c) throws Exception {
        ConcurrentLinkedQueue<Boolean> results = new ConcurrentLinkedQueue<>();
        Worker w = Worker.named(kit, "racing-start");
        TerminableThread t = w.create(c);
        CountDownLatch go = new CountDownLatch(1);
        Thread starter = kit.spawn("starter", () -> {
            go.await();
            t.start();
        });
        Thread requester = kit.spawn("requester", () -> {
            go.await();
            results.add(t.terminate());
        });
        go.countDown();
        starter.join(TckTime.awaitWindow().toMillis());
        requester.join(TckTime.awaitWindow().toMillis());
        kit.awaitUntil("the thread ends", w::ended);
        kit.assertNever("a second callback", () -> w.callbacks.get() > 1);
        assertThat(w.callbacks.get()).isEqualTo(1);
        assertThat(results).containsExactly(true);
    }

    /** What {@code currentThread()} answered on one thread: "empty", or "name@same-thread"/"name@other-thread". */
    private String current() {
        java.util.Optional<TerminableThread> t = kit.provider().currentThread();
        if (t == null) {
            return "null";
        }
        return t.map(h -> h.name() + (h.thread() == Thread.currentThread() ? "@same-thread" : "@other-thread"))
                .orElse("empty");
    }

    @Test
    @SpecRule({"1.11.a", "1.11.b"})
    void required_currentIsTheHandleOnATerminableThreadAndEmptyElsewhere(TerminationCoordinator c) throws Exception {
        java.util.Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        c.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void terminated(io.github.terminable.TerminationRecord record) {
                seen.putIfAbsent("listener", current());
            }

            @Override
            public void phaseChanged(io.github.terminable.CoordinatorPhase from, io.github.terminable.CoordinatorPhase to,
                                     io.github.terminable.ShutdownTrigger trigger) {
                seen.putIfAbsent("phase-listener", current());
            }
        });
        String name = kit.name("current");
        CountDownLatch stop = new CountDownLatch(1);
        TerminableThread t = c.threadBuilder().name(name).onTerminate(h -> {
            seen.put("callback", current());
            stop.countDown();
        }).start(() -> {
            seen.put("body", current());
            awaitQuietly(stop);
        });
        Thread plain = new Thread(() -> seen.put("plain", current()), "tck-plain-thread");
        plain.start();
        plain.join(TckTime.awaitWindow().toMillis());
        seen.put("test", current());
        kit.awaitUntil("the body ran", () -> seen.containsKey("body"));
        kit.shutdownAndAwait(c);
        assertThat(t.state()).isEqualTo(ThreadState.ENDED);
        assertThat(seen).as("TerminableThread.current() (provider.currentThread()) on each thread")
                .containsEntry("body", name + "@same-thread")
                .containsEntry("callback", "empty")
                .containsEntry("listener", "empty")
                .containsEntry("phase-listener", "empty")
                .containsEntry("plain", "empty")
                .containsEntry("test", "empty");
    }

    @Test
    @SpecRule({"1.11.a", "5.7.a"})
    void required_currentOnALoopThreadIsTheLoopsThreadHandleDuringTasksAndCleanups(TerminationCoordinator c)
            throws Exception {
        io.github.terminable.BackgroundLoop loop = kit.startLoop(c, "current-loop");
        String expected = loop.thread().name() + "@same-thread";
        java.util.Map<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
        loop.submitWithContext(ctx -> {
            seen.put("task", current());
            ctx.deferCleanup(() -> seen.put("cleanup", current()));
            return null;
        }).get(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS);
        seen.put("call", loop.call(this::current));
        loop.close();
        assertThat(seen).containsEntry("task", expected).containsEntry("cleanup", expected).containsEntry("call", expected);
    }

    @Test
    @SpecRule("6.1.b")
    void optional_currentOnAVirtualTerminableThreadIsItsHandle() throws Exception {
        io.github.terminable.tck.harness.Applicability.assumeApplicable(kit.provider().supportsVirtualThreads(),
                "this implementation has no virtual threads on Java "
                        + io.github.terminable.tck.harness.Applicability.javaFeatureVersion());
        TerminationCoordinator c = kit.coordinator();
        String name = kit.name("current-virtual");
        AtomicReference<String> seen = new AtomicReference<>();
        TerminableThread t = c.threadBuilder().name(name).virtual(true).start(() -> seen.set(current()));
        assertThat(t.join(TckTime.awaitWindow())).isTrue();
        assertThat(seen.get()).isEqualTo(name + "@same-thread");
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @SpecRule("1.2.f")
    void required_anAcceptedRequestStaysVisibleAfterTheThreadEnds(TerminationCoordinator c) throws Exception {
        TerminableThread t = Worker.startedOn(kit, c, "requested").handle;

        assertThat(t.terminate()).isTrue();
        assertThat(t.join(TckTime.awaitWindow())).as("the requested thread ends").isTrue();
        assertThat(t.isTerminationRequested()).as("isTerminationRequested() after the thread ended").isTrue();
        assertThat(t.terminate()).isFalse();
        assertThat(t.isTerminationRequested()).as("isTerminationRequested() after a later terminate()").isTrue();
        kit.shutdownAndAwait(c);
        assertThat(t.isTerminationRequested()).as("isTerminationRequested() after the shutdown completed").isTrue();
    }
}
