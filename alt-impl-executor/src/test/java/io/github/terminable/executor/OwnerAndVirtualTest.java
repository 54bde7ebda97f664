package io.github.terminable.executor;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Owner tracking (rule 2.6) and virtual threads (rules 6.1 and 6.2). */
class OwnerAndVirtualTest {

    private final ExecutorCoordinator coordinator = TestSupport.coordinator("owner-test");

    @AfterEach
    void shutDown() throws InterruptedException {
        TestSupport.shutDownAndAwait(coordinator);
    }

    private static void sleepUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException expected) {
            // end
        }
    }

    /** Builds the thread in its own frame so no local variable keeps the owner reachable. */
    private WeakReference<Object> startOwnedThread(List<TerminableThread> out) {
        Object owner = new Object();
        out.add(coordinator.threadBuilder().name("owned").owner(owner).start(OwnerAndVirtualTest::sleepUntilInterrupted));
        return new WeakReference<>(owner);
    }

    @Test
    void aThreadWhoseOwnerBecomesUnreachableIsTerminated() {
        List<TerminableThread> threads = new CopyOnWriteArrayList<>();
        WeakReference<Object> owner = startOwnedThread(threads);
        TerminableThread t = threads.get(0);
        await().atMost(awaitWindow()).until(() -> {
            System.gc();
            return owner.get() == null && t.state() == io.github.terminable.ThreadState.ENDED;
        });
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.terminate()).isFalse(); // the owner made the one accepted request
    }

    /** Gives {@code builder} an owner that nothing else references. */
    private static WeakReference<Object> ownBy(TerminableThreadBuilder builder) {
        Object owner = new Object();
        builder.owner(owner);
        return new WeakReference<>(owner);
    }

    @Test
    void aBuilderKeptInAVariableDoesNotKeepItsOwnerAlive() {
        TerminableThreadBuilder builder = coordinator.threadBuilder().name("kept-builder");
        WeakReference<Object> owner = ownBy(builder);
        TerminableThread t = builder.start(OwnerAndVirtualTest::sleepUntilInterrupted);
        await().atMost(awaitWindow()).until(() -> {
            System.gc();
            return owner.get() == null && t.state() == io.github.terminable.ThreadState.ENDED;
        });
        assertThat(builder).isNotNull(); // the builder stayed reachable throughout
    }

    @Test
    void anOwnerReachableAsLongAsTheThreadRunsDoesNotTerminateIt() throws InterruptedException {
        Object owner = new Object();
        TerminableThread t = coordinator.threadBuilder().owner(owner).start(OwnerAndVirtualTest::sleepUntilInterrupted);
        System.gc();
        await().during(TckTime.quietWindow()).atMost(TckTime.quietWindow().multipliedBy(3))
                .until(() -> !t.isTerminationRequested());
        assertThat(owner).isNotNull(); // keeps the owner reachable until here
        assertThat(t.terminate()).isTrue();
        assertThat(t.join(awaitWindow())).isTrue();
    }

    private WeakReference<Object> startOwnedLoop(List<BackgroundLoop> out) {
        Object owner = new Object();
        out.add(coordinator.loopBuilder().name("owned-loop").owner(owner).start());
        return new WeakReference<>(owner);
    }

    @Test
    void aLoopWhoseOwnerBecomesUnreachableIsTerminated() {
        List<BackgroundLoop> loops = new CopyOnWriteArrayList<>();
        WeakReference<Object> owner = startOwnedLoop(loops);
        await().atMost(awaitWindow()).until(() -> {
            System.gc();
            return owner.get() == null && loops.get(0).isTerminated();
        });
    }

    @Test
    void virtualThreadsFollowTheRuntime() throws InterruptedException {
        ExecutorProvider provider = new ExecutorProvider();
        TerminableThreadBuilder builder = coordinator.threadBuilder().name("v");
        if (Runtime.version().feature() < 21) {
            assertThat(provider.supportsVirtualThreads()).isFalse();
            assertThatThrownBy(() -> builder.virtual(true)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("Java 21");
            builder.virtual(false);
            assertThat(builder.unstarted(() -> { }).thread().isDaemon()).isFalse();
            return;
        }
        assertThat(provider.supportsVirtualThreads()).isTrue();
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            coordinator.threadBuilder().name("v" + i).virtual(true).onTerminate(t -> {
                order.add(t.name());
                t.thread().interrupt();
            }).start(OwnerAndVirtualTest::sleepUntilInterrupted);
        }
        TerminableThread v = coordinator.liveThreads().get(0);
        assertThat(v.thread().isDaemon()).isTrue();
        assertThat(v.thread().getName()).isEqualTo("v0");
        assertThat(virtual(v.thread())).isTrue();
        assertThat(coordinator.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(order).containsExactly("v2", "v1", "v0");
    }

    /** {@code Thread.isVirtual()} without linking against Java 21. */
    private static boolean virtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
