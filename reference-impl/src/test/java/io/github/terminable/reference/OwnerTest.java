package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminableThread;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** A thread whose owner becomes unreachable is terminated (rule 2.6). */
class OwnerTest extends CoordinatorFixture {

    /** Creates an owner that only the builder sees, so it is unreachable once this returns. */
    private static TerminableThread threadWithDroppedOwner(ReferenceCoordinator c, CountDownLatch callbackRan) {
        Object owner = new Object();
        return c.threadBuilder().name("owned").owner(owner).onTerminate(t -> {
            callbackRan.countDown();
            t.thread().interrupt();
        }).start(untilInterrupted());
    }

    @Test
    void threadIsTerminatedOnceItsOwnerIsUnreachable() throws Exception {
        ReferenceCoordinator c = coordinator();
        CountDownLatch callbackRan = new CountDownLatch(1);
        TerminableThread t = threadWithDroppedOwner(c, callbackRan);
        Waits.upTo(20).until(() -> {
            System.gc();
            return callbackRan.getCount() == 0;
        });
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        assertThat(t.isTerminationRequested()).isTrue();
        assertThat(t.terminate()).as("the owner's request was the first").isFalse();
    }

    @Test
    void aLiveOwnerKeepsTheThreadRunning() throws Exception {
        ReferenceCoordinator c = coordinator();
        Object owner = new Object();
        TerminableThread t = c.threadBuilder().owner(owner).start(untilInterrupted());
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(t.isTerminationRequested()).isFalse();
        assertThat(t.state()).isEqualTo(ThreadState.RUNNING);
        java.lang.ref.Reference.reachabilityFence(owner);
    }

    @Test
    void anOwnerLostBeforeStartCountsAsARequestBeforeStart() throws Exception {
        ReferenceCoordinator c = coordinator();
        TerminableThread t = unstartedWithDroppedOwner(c);
        Waits.upTo(20).until(() -> {
            System.gc();
            return t.isTerminationRequested();
        });
        assertThat(t.state()).isEqualTo(ThreadState.NEW);
        t.start();
        assertThat(t.join(TckTime.seconds(10))).as("rule 1.4: honoured after start").isTrue();
    }

    private static TerminableThread unstartedWithDroppedOwner(ReferenceCoordinator c) {
        return c.threadBuilder().owner(new Object()).unstarted(untilInterrupted());
    }

    @Test
    void aLoopIsTerminatedOnceItsOwnerIsUnreachable() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = loopWithDroppedOwner(c);
        Waits.upTo(20).until(() -> {
            System.gc();
            return loop.isTerminated();
        });
        assertThat(loop.thread().isTerminationRequested()).isTrue();
    }

    private static BackgroundLoop loopWithDroppedOwner(ReferenceCoordinator c) {
        return c.loopBuilder().owner(new Object()).start();
    }
}
