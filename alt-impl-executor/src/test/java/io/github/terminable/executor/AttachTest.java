package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.UnfinishedThread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attached coordinators (rule 2.7): validation, turns, completion, reports and bookkeeping. */
class AttachTest {

    private final List<ExecutorCoordinator> coordinators = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    private ExecutorCoordinator coordinator(String name, Duration deadline) {
        ExecutorCoordinator c = (ExecutorCoordinator) new ExecutorProvider().newCoordinator(CoordinatorSettings
                .builder().name(name).callbackTimeout(scaled(Duration.ofSeconds(5))).shutdownDeadline(deadline).build());
        coordinators.add(c);
        return c;
    }

    private ExecutorCoordinator coordinator(String name) {
        return coordinator(name, scaled(Duration.ofSeconds(10)));
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        gates.forEach(CountDownLatch::countDown);
        for (ExecutorCoordinator c : coordinators) {
            TestSupport.shutDownAndAwait(c);
        }
    }

    private static void untilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException end) {
            // end
        }
    }

    private static Runnable ignoresTerminationUntil(CountDownLatch release) {
        return () -> {
            for (;;) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // stubborn
                }
            }
        };
    }

    @Test
    void badAttachesAreRejectedAndChangeNothing() {
        ExecutorCoordinator parent = coordinator("parent");
        ExecutorCoordinator child = coordinator("child");
        ExecutorCoordinator grandchild = coordinator("grandchild");
        assertThatThrownBy(() -> parent.attach(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> parent.attach(parent)).isInstanceOf(IllegalArgumentException.class);
        TerminationCoordinator foreign = (TerminationCoordinator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TerminationCoordinator.class}, (p, m, a) -> null);
        assertThatThrownBy(() -> parent.attach(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executor");
        assertThatThrownBy(() -> parent.attach(new ExecutorProvider().globalCoordinator()))
                .isInstanceOf(IllegalArgumentException.class);
        parent.attach(child);
        child.attach(grandchild);
        assertThatThrownBy(() -> grandchild.attach(parent)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
        assertThatThrownBy(() -> child.attach(parent)).isInstanceOf(IllegalArgumentException.class);
        ExecutorCoordinator other = coordinator("other");
        assertThatThrownBy(() -> other.attach(child)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parent");
        assertThatThrownBy(() -> parent.attach(child)).isInstanceOf(IllegalStateException.class);
        ExecutorCoordinator closed = coordinator("closed");
        closed.shutdown();
        assertThatThrownBy(() -> other.attach(closed)).isInstanceOf(IllegalStateException.class);
        ExecutorCoordinator fresh = coordinator("fresh");
        assertThatThrownBy(() -> closed.attach(fresh)).isInstanceOf(ShutdownInProgressException.class);
        assertThat(fresh.attachedAs()).isNull();
        assertThat(closed.registeredUnits()).isZero();
        assertThat(parent.registeredUnits()).isEqualTo(1);
        assertThat(parent.liveThreads()).isEmpty(); // children are not listed as threads
    }

    @RepeatedTest(5)
    void theChildTakesOnePositionAndShutsDownWithTheParentsTrigger() throws Exception {
        ExecutorCoordinator parent = coordinator("parent");
        ExecutorCoordinator child = coordinator("child");
        List<String> order = new CopyOnWriteArrayList<>();
        List<ShutdownTrigger> childTriggers = new CopyOnWriteArrayList<>();
        child.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void phaseChanged(CoordinatorPhase from, CoordinatorPhase to, ShutdownTrigger trigger) {
                childTriggers.add(trigger);
            }
        });
        parent.threadBuilder().name("first").onTerminate(t -> {
            order.add("first");
            t.thread().interrupt();
        }).start(AttachTest::untilInterrupted);
        parent.attach(child);
        child.threadBuilder().name("child-a").onTerminate(t -> {
            order.add("child-a");
            t.thread().interrupt();
        }).start(AttachTest::untilInterrupted);
        child.threadBuilder().name("child-b").onTerminate(t -> {
            order.add("child-b");
            t.thread().interrupt();
        }).start(AttachTest::untilInterrupted);
        parent.threadBuilder().name("last").onTerminate(t -> {
            order.add("last");
            t.thread().interrupt();
        }).start(AttachTest::untilInterrupted);
        ShutdownReport report = parent.shutdown().await(awaitWindow());
        assertThat(report.completed()).isTrue();
        assertThat(order).containsExactly("last", "child-b", "child-a", "first");
        assertThat(child.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(child.shutdown().trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        assertThat(childTriggers).containsOnly(ShutdownTrigger.EXPLICIT);
        assertThat(parent.registeredUnits()).isZero();
    }

    @Test
    void aChildThatMissesItsDeadlineOverrunsItsTurnAndIsReportedAsUnfinished() throws Exception {
        Duration childDeadline = scaled(Duration.ofMillis(300));
        ExecutorCoordinator parent = coordinator("parent");
        ExecutorCoordinator child = coordinator("slow-child", childDeadline);
        TestSupport.Recorder recorder = new TestSupport.Recorder();
        List<Duration> bounds = new CopyOnWriteArrayList<>();
        parent.addListener(recorder);
        parent.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void overran(String name, Duration bound) {
                bounds.add(bound);
            }
        });
        CountDownLatch release = gate();
        CountDownLatch firstCalled = new CountDownLatch(1);
        parent.threadBuilder().name("first").onTerminate(t -> {
            firstCalled.countDown();
            t.thread().interrupt();
        }).start(ignoresTerminationUntil(release));
        parent.attach(child);
        child.threadBuilder().name("stuck-in-child").start(ignoresTerminationUntil(release));
        ShutdownCompletion completion = parent.shutdown();
        assertThat(firstCalled.await(awaitWindow().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
        assertThat(recorder.events).contains("overran slow-child");
        assertThat(recorder.events).noneMatch(e -> e.contains("stuck-in-child")); // child's events stay the child's
        assertThat(bounds).containsExactly(childDeadline);
        ShutdownReport incomplete = completion.await(scaled(Duration.ofMillis(50)));
        assertThat(incomplete.completed()).isFalse();
        assertThat(incomplete.overruns()).contains("slow-child");
        assertThat(incomplete.unfinished()).extracting(UnfinishedThread::threadName)
                .containsExactly("first", "stuck-in-child");
        release.countDown();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
        assertThat(child.shutdown().isDone()).isTrue();
    }

    @Test
    void aChildThatShutsDownOnItsOwnIsForgottenAndAnOngoingOneIsAwaited() throws Exception {
        ExecutorCoordinator parent = coordinator("parent");
        ExecutorCoordinator done = coordinator("done-child");
        ExecutorCoordinator ongoing = coordinator("ongoing-child");
        parent.attach(done);
        parent.attach(ongoing);
        done.threadBuilder().start(AttachTest::untilInterrupted);
        assertThat(done.shutdown().await(awaitWindow()).completed()).isTrue();
        // The completion's last step forgets it; it runs on the child's terminator.
        org.awaitility.Awaitility.await().atMost(awaitWindow()).until(() -> parent.registeredUnits() == 1);
        CountDownLatch release = gate();
        ongoing.threadBuilder().start(ignoresTerminationUntil(release));
        ShutdownCompletion own = ongoing.shutdown();
        ShutdownCompletion completion = parent.shutdown();
        assertThat(completion.await(scaled(Duration.ofMillis(100))).completed()).isFalse();
        assertThat(completion.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        release.countDown();
        assertThat(completion.await(awaitWindow()).completed()).isTrue();
        assertThat(own.isDone()).isTrue();
        assertThat(parent.registeredUnits()).isZero();
    }

    /** Racing attaches and shutdowns: every attach either fails cleanly or is awaited. */
    @RepeatedTest(30)
    void attachRacingShutdownsIsAtomic() throws Exception {
        ExecutorCoordinator parent = coordinator("parent");
        ExecutorCoordinator child = coordinator("child");
        child.threadBuilder().start(AttachTest::untilInterrupted);
        CyclicBarrier barrier = new CyclicBarrier(3);
        AtomicInteger attached = new AtomicInteger();
        Thread attacher = new Thread(() -> {
            try {
                barrier.await();
                parent.attach(child);
                attached.incrementAndGet();
            } catch (IllegalStateException expected) { // ShutdownInProgressException included
                // lost the race
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Thread parentCloser = new Thread(() -> {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            parent.shutdown();
        });
        attacher.start();
        parentCloser.start();
        barrier.await();
        if (Math.random() < 0.5) {
            child.shutdown();
        }
        attacher.join();
        parentCloser.join();
        ShutdownReport report = parent.shutdown().await(awaitWindow());
        assertThat(report.completed()).isTrue();
        if (attached.get() == 1) {
            assertThat(child.shutdown().isDone()).as("the parent's completion waits for an attached child").isTrue();
        }
        assertThat(parent.registeredUnits()).isZero();
    }

    @Test
    void threadsOfChildrenOfTheGlobalAreAmongItsRegisteredThreads() throws Exception {
        ExecutorCoordinator global = (ExecutorCoordinator) new ExecutorProvider().globalCoordinator();
        ExecutorCoordinator child = coordinator("global-child");
        ExecutorCoordinator grandchild = coordinator("global-grandchild");
        child.attach(grandchild);
        if (global.phase() != CoordinatorPhase.OPEN) {
            return; // another test shut the JVM-wide coordinator down; nothing to check here
        }
        global.attach(child);
        io.github.terminable.TerminableThread t = grandchild.threadBuilder().start(AttachTest::untilInterrupted);
        assertThat(global.registeredThreads()).contains(t.thread());
        assertThat(global.liveThreads()).doesNotContain(t);
        assertThat(grandchild.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(child.shutdown().await(awaitWindow()).completed()).isTrue();
        org.awaitility.Awaitility.await().atMost(awaitWindow()).until(() -> !global.registeredThreads().contains(t.thread()));
    }
}
