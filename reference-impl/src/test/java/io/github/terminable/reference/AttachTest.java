package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminationCoordinator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attached coordinators (rule 2.7): validation, position, trigger, bound, completion, memory. */
class AttachTest extends CoordinatorFixture {

    private ReferenceCoordinator named(String name, Duration deadline) {
        return coordinator(CoordinatorSettings.builder().name(name).callbackTimeout(TckTime.seconds(5))
                .shutdownDeadline(deadline).build());
    }

    @Test
    void invalidAttachesAreRejectedAndChangeNothing() {
        ReferenceCoordinator parent = named("parent", TckTime.seconds(5));
        ReferenceCoordinator child = named("child", TckTime.seconds(5));
        ReferenceCoordinator grandchild = named("grandchild", TckTime.seconds(5));
        assertThatThrownBy(() -> parent.attach(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> parent.attach(parent)).isInstanceOf(IllegalArgumentException.class);
        TerminationCoordinator foreign = (TerminationCoordinator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TerminationCoordinator.class}, (p, m, a) -> m.getName().equals("name") ? "foreign" : null);
        assertThatThrownBy(() -> parent.attach(foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another implementation");
        parent.attach(child);
        child.attach(grandchild);
        assertThatThrownBy(() -> grandchild.attach(parent)).as("cycle").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> child.attach(parent)).as("cycle").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parent.attach(child)).as("already attached here").isInstanceOf(IllegalStateException.class);
        ReferenceCoordinator other = named("other", TckTime.seconds(5));
        assertThatThrownBy(() -> other.attach(grandchild)).as("attached elsewhere").isInstanceOf(IllegalStateException.class);
        ReferenceCoordinator closed = named("closed", TckTime.seconds(5));
        closed.shutdown();
        assertThatThrownBy(() -> other.attach(closed)).isInstanceOf(IllegalStateException.class);
        ReferenceCoordinator fresh = named("fresh", TckTime.seconds(5));
        assertThatThrownBy(() -> closed.attach(fresh)).isInstanceOf(ShutdownInProgressException.class);
        other.attach(fresh); // the failed attach changed nothing
        assertThat(parent.liveThreads()).as("children are not listed as threads").isEmpty();
    }

    @Test
    void theChildTakesOnePositionAndIsShutDownWithTheParentsTrigger() throws Exception {
        ReferenceCoordinator parent = named("parent", TckTime.seconds(5));
        ReferenceCoordinator child = named("child", TckTime.seconds(5));
        List<String> order = new CopyOnWriteArrayList<>();
        RecordingListener childListener = new RecordingListener();
        child.addListener(childListener);
        parent.threadBuilder().name("before").onTerminate(t -> {
            order.add("before");
            t.thread().interrupt();
        }).start(untilInterrupted());
        parent.attach(child);
        child.threadBuilder().name("in-child").onTerminate(t -> {
            order.add("in-child");
            t.thread().interrupt();
        }).start(untilInterrupted());
        parent.threadBuilder().name("after").onTerminate(t -> {
            order.add("after");
            t.thread().interrupt();
        }).start(untilInterrupted());
        ShutdownReport report = parent.shutdown().await(TckTime.seconds(10));
        assertThat(report.completed()).isTrue();
        assertThat(order).containsExactly("after", "in-child", "before");
        assertThat(child.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        assertThat(child.completion().trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
        assertThat(childListener.events()).contains("phase OPEN->TERMINATING EXPLICIT");
    }

    @Test
    void aChildThatMissesItsDeadlineOverrunsAndTheParentsCompletionWaitsForIt() throws Exception {
        Duration childDeadline = TckTime.millis(300);
        ReferenceCoordinator parent = named("parent", TckTime.seconds(5));
        ReferenceCoordinator child = named("slow-child", childDeadline);
        RecordingListener parentListener = new RecordingListener();
        parent.addListener(parentListener);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch earlierCalled = new CountDownLatch(1);
        TerminableThread parentThread = parent.threadBuilder().name("parent-thread").onTerminate(t -> {
            earlierCalled.countDown();
            t.thread().interrupt();
        }).start(untilInterrupted());
        parent.attach(child);
        child.threadBuilder().name("stuck").start(until(release));
        long start = System.nanoTime();
        ShutdownCompletion done = parent.shutdown();
        earlierCalled.await();
        assertThat(parentThread.join(TckTime.seconds(10))).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(childDeadline.toNanos());
        ShutdownReport pending = done.await(TckTime.millis(50));
        assertThat(pending.completed()).isFalse();
        assertThat(pending.overruns()).containsExactly("slow-child");
        assertThat(pending.unfinished()).extracting(u -> u.threadName()).containsExactly("stuck");
        assertThat(parentListener.events()).contains("overran slow-child").doesNotContain("terminated stuck COMPLETED");
        release.countDown();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(child.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
    }

    @Test
    void unfinishedReportsListOwnThreadsThenChildrensRecursively() throws Exception {
        ReferenceCoordinator parent = named("parent", TckTime.seconds(5));
        ReferenceCoordinator child = named("child", TckTime.millis(100));
        ReferenceCoordinator grandchild = named("grandchild", TckTime.millis(100));
        CountDownLatch release = new CountDownLatch(1);
        parent.attach(child);
        child.attach(grandchild);
        grandchild.threadBuilder().name("g").start(until(release));
        child.threadBuilder().name("c").start(until(release));
        parent.threadBuilder().name("p").start(until(release));
        ShutdownCompletion done = parent.shutdown();
        ShutdownReport pending = done.await(TckTime.millis(100));
        assertThat(pending.unfinished()).extracting(u -> u.threadName()).containsExactly("p", "c", "g");
        release.countDown();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
    }

    @Test
    void aChildThatShutsDownOnItsOwnIsForgottenAndMemoryStaysBounded() throws Exception {
        ReferenceCoordinator parent = named("parent", TckTime.seconds(5));
        for (int i = 0; i < 500; i++) {
            ReferenceCoordinator child = (ReferenceCoordinator) PROVIDER.newCoordinator(CoordinatorSettings.builder()
                    .name("c" + i).build());
            parent.attach(child);
            TerminableThread t = child.threadBuilder().start(untilInterrupted());
            assertThat(child.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
            assertThat(t.state()).isEqualTo(io.github.terminable.ThreadState.ENDED);
        }
        Waits.upTo(10).until(() -> parent.unitCount() == 0);
        assertThat(parent.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
    }

    @Test
    void aChildAlreadyShuttingDownIsWaitedForAtItsTurn() throws Exception {
        ReferenceCoordinator parent = named("parent", TckTime.seconds(5));
        ReferenceCoordinator child = named("child", TckTime.seconds(5));
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> childDoneWhenEarlierCalled = new ArrayList<>();
        parent.threadBuilder().name("earlier").onTerminate(t -> {
            childDoneWhenEarlierCalled.add(child.completion().isDone());
            t.thread().interrupt();
        }).start(untilInterrupted());
        parent.attach(child);
        child.threadBuilder().name("slow").start(until(release));
        ShutdownCompletion own = child.shutdown();
        ShutdownCompletion done = parent.shutdown();
        Waits.upTo(1).during(TckTime.millis(100)).until(childDoneWhenEarlierCalled::isEmpty);
        release.countDown();
        assertThat(own.await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(done.await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(childDoneWhenEarlierCalled).containsExactly(true);
        assertThat(own.trigger()).isEqualTo(ShutdownTrigger.EXPLICIT);
    }

    @Test
    void concurrentCrossAttachesNeverMakeACycle() throws Exception {
        for (int round = 0; round < 200; round++) {
            ReferenceCoordinator a = (ReferenceCoordinator) PROVIDER.newCoordinator(CoordinatorSettings.builder().name("a").build());
            ReferenceCoordinator b = (ReferenceCoordinator) PROVIDER.newCoordinator(CoordinatorSettings.builder().name("b").build());
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread t1 = new Thread(() -> attachQuietly(go, a, b, failures));
            Thread t2 = new Thread(() -> attachQuietly(go, b, a, failures));
            t1.start();
            t2.start();
            go.countDown();
            t1.join();
            t2.join();
            assertThat(failures).as("exactly one of the two attaches fails").hasSize(1);
            ReferenceCoordinator root = a.isAttached() ? b : a;
            assertThat(root.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
            assertThat(a.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
            assertThat(b.phase()).isEqualTo(CoordinatorPhase.TERMINATED);
        }
    }

    @Test
    void attachRacingTheParentsShutdownIsAtomic() throws Exception {
        for (int round = 0; round < 200; round++) {
            ReferenceCoordinator parent = (ReferenceCoordinator) PROVIDER.newCoordinator(CoordinatorSettings.builder()
                    .name("p").build());
            ReferenceCoordinator child = (ReferenceCoordinator) PROVIDER.newCoordinator(CoordinatorSettings.builder()
                    .name("c").build());
            parent.threadBuilder().start(untilInterrupted());
            child.threadBuilder().start(untilInterrupted());
            CountDownLatch go = new CountDownLatch(1);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            ShutdownCompletion[] done = new ShutdownCompletion[1];
            Thread attacher = new Thread(() -> attachQuietly(go, parent, child, failures));
            Thread closer = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                done[0] = parent.shutdown();
            });
            attacher.start();
            closer.start();
            go.countDown();
            attacher.join();
            closer.join();
            assertThat(done[0].await(TckTime.seconds(10)).completed()).isTrue();
            if (failures.isEmpty()) {
                assertThat(child.isAttached()).isTrue();
                assertThat(child.phase()).as("shut down at its turn, before the parent completed")
                        .isEqualTo(CoordinatorPhase.TERMINATED);
            } else {
                assertThat(failures).singleElement().isInstanceOf(ShutdownInProgressException.class);
                assertThat(child.isAttached()).isFalse();
                assertThat(child.phase()).isEqualTo(CoordinatorPhase.OPEN);
                assertThat(child.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
            }
        }
    }

    private static void attachQuietly(CountDownLatch go, ReferenceCoordinator parent, ReferenceCoordinator child,
                                      List<Throwable> failures) {
        try {
            go.await();
            parent.attach(child);
        } catch (Throwable e) {
            failures.add(e);
        }
    }
}
