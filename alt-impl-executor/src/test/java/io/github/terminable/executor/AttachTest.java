package io.github.terminable.executor;

import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownTrigger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator's bookkeeping of attached coordinators (rule 2.7): a child that shut down on
 * its own leaves its parent's units, and the threads of children of the global coordinator are
 * among the threads its hold of rule 4.11 knows. The behaviour of attaching is checked by the
 * TCK's {@code AttachedCoordinatorTests}.
 */
class AttachTest {

    private final TestResources resources = new TestResources();

    private ExecutorCoordinator coordinator(String name, Duration deadline) {
        return resources.track((ExecutorCoordinator) new ExecutorProvider().newCoordinator(CoordinatorSettings
                .builder().name(name).callbackTimeout(scaled(Duration.ofSeconds(5))).shutdownDeadline(deadline).build()));
    }

    private ExecutorCoordinator coordinator(String name) {
        return coordinator(name, scaled(Duration.ofSeconds(10)));
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        resources.release();
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
    void aChildThatShutsDownOnItsOwnIsForgottenAndAnOngoingOneIsAwaited() throws Exception {
        ExecutorCoordinator parent = coordinator("parent");
        ExecutorCoordinator done = coordinator("done-child");
        ExecutorCoordinator ongoing = coordinator("ongoing-child");
        parent.attach(done);
        parent.attach(ongoing);
        done.threadBuilder().start(TestSupport::blockUntilInterrupted);
        assertThat(done.shutdown().await(awaitWindow()).completed()).isTrue();
        // The completion's last step forgets it; it runs on the child's terminator.
        org.awaitility.Awaitility.await().atMost(awaitWindow()).until(() -> parent.registeredUnits() == 1);
        CountDownLatch release = resources.gate();
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

    @Test
    void threadsOfChildrenOfTheGlobalAreAmongItsRegisteredThreads() throws Exception {
        ExecutorCoordinator global = (ExecutorCoordinator) new ExecutorProvider().globalCoordinator();
        ExecutorCoordinator child = coordinator("global-child");
        ExecutorCoordinator grandchild = coordinator("global-grandchild");
        child.attach(grandchild);
        if (global.phase() != CoordinatorPhase.OPEN) {
            return; // another test shut the global coordinator down; nothing to check here
        }
        global.attach(child);
        io.github.terminable.TerminableThread t = grandchild.threadBuilder().start(TestSupport::blockUntilInterrupted);
        assertThat(global.registeredThreads()).contains(t.thread());
        assertThat(global.liveThreads()).doesNotContain(t);
        assertThat(grandchild.shutdown().await(awaitWindow()).completed()).isTrue();
        assertThat(child.shutdown().await(awaitWindow()).completed()).isTrue();
        org.awaitility.Awaitility.await().atMost(awaitWindow()).until(() -> !global.registeredThreads().contains(t.thread()));
    }
}
