package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.BackgroundLoopBuilder;
import io.github.terminable.CoordinatorPhase;
import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownInProgressException;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.TerminationListener;
import io.github.terminable.UnfinishedThread;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.RecordingListener;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;

/**
 * Rule 2.7, the in-process part: an independent coordinator attached to a parent takes one
 * position in the parent's registration order; at that turn the parent begins the child's
 * shutdown with its own trigger and waits for the child's completion, at most for the child's
 * shutdown deadline. The JVM-exit part (children of the global coordinator) runs in child JVMs.
 */
public abstract class AttachedCoordinatorTests extends TckGroup {

    /** Creates the group. */
    protected AttachedCoordinatorTests() {
    }

    /**
     * A parent with one thread of its own, {@code first}, registered before its attached child,
     * whose one thread {@code inChild} keeps working after its stop signal until {@code linger}
     * opens: the child's turn comes before first's, and lasts as long as the test wants.
     */
    private record LingeringChild(TerminationCoordinator parent, TerminationCoordinator child, Worker first, Gate linger,
                                  Worker inChild) {
    }

    private LingeringChild parentWithLingeringChild() {
        TerminationCoordinator parent = kit.coordinator();
        TerminationCoordinator child = kit.coordinator();
        Worker first = Worker.startedOn(kit, parent, "first");
        Gate linger = kit.gate("child-thread");
        Worker inChild = Worker.startedLingering(kit, child, "in-child", linger, true);
        parent.attach(child);
        return new LingeringChild(parent, child, first, linger, inChild);
    }

    /**
     * Fails if {@code f}'s earlier thread gets its callback while the child's thread lingers
     * ({@code why} says when that would be), then lets the child's thread end and awaits the
     * parent's completion.
     */
    private void assertTheEarlierThreadWaitsForTheChild(LingeringChild f, ShutdownCompletion completion, String why)
            throws InterruptedException {
        kit.assertNever("the earlier thread's callback starts " + why, () -> f.first().callbacks.get() > 0);
        f.linger().open();
        kit.awaitCompleted(completion);
    }

    @Test
    @SpecRule({"2.7.b", "1.10.d"})
    void required_aFailedAttachThrowsTheNamedExceptionAndChangesNothing() throws Exception {
        TerminationCoordinator parent = kit.coordinator();
        TerminationCoordinator child = kit.coordinator();
        Worker inChild = Worker.startedOn(kit, child, "in-child");

        assertThatThrownBy(() -> parent.attach(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> parent.attach(parent)).as("attach(self)").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parent.attach(new ForeignCoordinator())).as("a coordinator of another implementation")
                .isInstanceOf(IllegalArgumentException.class);

        parent.attach(child);
        TerminationCoordinator other = kit.coordinator();
        assertThatThrownBy(() -> other.attach(child)).as("a child already attached elsewhere")
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(ShutdownInProgressException.class);
        assertThatThrownBy(() -> parent.attach(child)).as("a child already attached here")
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(ShutdownInProgressException.class);
        assertThatThrownBy(() -> child.attach(parent)).as("a cycle: the parent under its own child")
                .isInstanceOf(IllegalArgumentException.class);
        TerminationCoordinator grandchild = kit.coordinator();
        child.attach(grandchild);
        assertThatThrownBy(() -> grandchild.attach(parent)).as("a cycle through two levels")
                .isInstanceOf(IllegalArgumentException.class);

        TerminationCoordinator shutDown = kit.coordinator();
        kit.shutdownAndAwait(shutDown);
        assertThatThrownBy(() -> parent.attach(shutDown)).as("a child whose shutdown has begun")
                .isInstanceOf(IllegalStateException.class).isNotInstanceOf(ShutdownInProgressException.class);

        TerminationCoordinator closedParent = kit.coordinator();
        closedParent.shutdown();
        TerminationCoordinator fresh = kit.coordinator();
        assertThatThrownBy(() -> closedParent.attach(fresh)).as("a parent whose shutdown has begun")
                .isInstanceOf(ShutdownInProgressException.class);
        assertThatThrownBy(() -> closedParent.attach(null)).as("arguments are checked before state")
                .isInstanceOf(NullPointerException.class);

        // Nothing changed: the rejected attaches left every coordinator as it was.
        kit.shutdownAndAwait(other);
        kit.shutdownAndAwait(closedParent);
        kit.shutdownAndAwait(grandchild);
        assertThat(child.phase()).as("the child after its failed re-attachments and the cycle attempts")
                .isEqualTo(CoordinatorPhase.OPEN);
        assertThat(parent.phase()).isEqualTo(CoordinatorPhase.OPEN);
        assertThat(fresh.phase()).as("a child refused by a closed parent").isEqualTo(CoordinatorPhase.OPEN);
        TerminationCoordinator adopter = kit.coordinator();
        adopter.attach(fresh); // still attachable
        kit.shutdownAndAwait(adopter);
        assertThat(fresh.shutdown().isDone()).isTrue();
        assertThat(inChild.callbacks.get()).as("the child was not shut down by a failed attach").isZero();
        kit.shutdownAndAwait(parent);
        assertThat(inChild.callbacks.get()).isEqualTo(1);
    }

    @Test
    @SpecRule({"2.7.a", "2.5.d"})
    void required_theChildIsShutDownAtItsRegistrationPositionWithTheParentsTrigger() throws Exception {
        TerminationCoordinator parent = kit.coordinator();
        TerminationCoordinator child = kit.coordinator();
        RecordingListener childListener = kit.listenTo(child);
        Worker first = Worker.startedOn(kit, parent, "first");
        Worker inChild = Worker.startedOn(kit, child, "in-child");
        parent.attach(child);
        Worker last = Worker.startedOn(kit, parent, "last");
        assertThat(ThreadLifecycleTests.names(parent.liveThreads())).as("the parent does not list the child's threads")
                .containsExactly(first.name, last.name);
        assertThat(child.phase()).isEqualTo(CoordinatorPhase.OPEN);

        ShutdownReport report = kit.shutdownAndAwait(parent);
        assertThat(kit.journal().subjects("callback")).as("the child's threads at its position")
                .containsExactly(last.name, inChild.name, first.name);
        ShutdownCompletion childCompletion = child.shutdown();
        assertThat(childCompletion.isDone()).as("the child completed before the parent did").isTrue();
        assertThat(childCompletion.trigger()).as("the child's trigger is the parent's").isEqualTo(report.trigger());
        assertThat(childListener.phases()).extracting(RecordingListener.PhaseChange::trigger)
                .isNotEmpty().allMatch(t -> t == ShutdownTrigger.EXPLICIT);
        assertThat(report.overruns()).isEmpty();
    }

    @Test
    @SpecRule({"2.7.a", "3.2.b"})
    void required_theParentsTurnWaitsForTheChildsCompletion() throws Exception {
        LingeringChild f = parentWithLingeringChild();

        ShutdownCompletion completion = f.parent().shutdown();
        kit.awaitUntil("the child's thread was asked and goes on working",
                () -> kit.journal().count("still-working", f.inChild().name) == 1);
        assertTheEarlierThreadWaitsForTheChild(f, completion, "before the child's shutdown completed");
        assertThat(f.child().shutdown().isDone()).isTrue();
    }

    @Test
    @SpecRule({"2.7.a", "3.4.a", "3.8.a"})
    void required_theParentsTurnOverrunsAtTheChildsDeadlineAndItsCompletionStillWaits() throws Exception {
        Duration childDeadline = TckTime.scaled(Duration.ofMillis(200));
        TerminationCoordinator parent = kit.coordinator();
        RecordingListener listener = kit.listenTo(parent);
        TerminationCoordinator child = kit.coordinator(b -> b.shutdownDeadline(childDeadline));
        Gate parentLinger = kit.gate("parent-thread");
        Worker own = Worker.startedLingering(kit, parent, "parent-own", parentLinger, true);
        Gate linger = kit.gate("child-thread");
        Worker inChild = Worker.startedLingering(kit, child, "in-child", linger, true);
        parent.attach(child);
        TerminationCoordinator grandchild = kit.coordinator(b -> b.shutdownDeadline(childDeadline));
        Worker inGrandchild = Worker.startedLingering(kit, grandchild, "in-grandchild", linger, true);
        child.attach(grandchild);

        ShutdownCompletion completion = parent.shutdown();
        kit.awaitUntil("the parent's own thread gets its turn once the child's turn overran", () -> own.callbacks.get() == 1);
        assertThat(listener.overruns()).as("overran(child name, child's shutdown deadline)").first()
                .isEqualTo(new RecordingListener.Overrun(child.name(), childDeadline));
        kit.assertNever("the parent completes while a child's thread still runs", completion::isDone);
        ShutdownReport incomplete = completion.await(TckTime.scaled(Duration.ofMillis(20)));
        assertThat(incomplete.completed()).isFalse();
        assertThat(incomplete.unfinished()).extracting(UnfinishedThread::threadName)
                .as("the parent's unfinished threads, then its children's, recursively")
                .containsExactly(own.name, inChild.name, inGrandchild.name);
        assertThat(ThreadLifecycleTests.names(parent.liveThreads())).doesNotContain(inChild.name, inGrandchild.name);

        parentLinger.open();
        kit.assertNever("the parent completes while a child's thread still runs", completion::isDone);
        linger.open();
        ShutdownReport report = kit.awaitCompleted(completion);
        assertThat(report.overruns()).startsWith(child.name());
        assertThat(child.shutdown().isDone()).isTrue();
        assertThat(grandchild.shutdown().isDone()).isTrue();
    }

    @Test
    @SpecRule({"2.7.a", "3.6.a"})
    void required_aChildShuttingDownOnItsOwnIsAwaitedAtItsTurn() throws Exception {
        LingeringChild f = parentWithLingeringChild();
        ShutdownCompletion childCompletion = f.child().shutdown();
        kit.awaitUntil("the child's thread goes on working", () -> kit.journal().count("still-working", f.inChild().name) == 1);

        ShutdownCompletion completion = f.parent().shutdown();
        assertTheEarlierThreadWaitsForTheChild(f, completion, "while the child's own shutdown is under way");
        assertThat(childCompletion.isDone()).isTrue();
        assertThat(f.inChild().callbacks.get()).as("the child's shutdown ran once").isEqualTo(1);
    }

    @Test
    @SpecRule({"2.7.a", "2.2.a"})
    void required_aChildThatShutDownOnItsOwnIsForgotten() throws Exception {
        TerminationCoordinator parent = kit.coordinator();
        RecordingListener listener = kit.listenTo(parent);
        WeakReference<TerminationCoordinator> childRef = attachAndShutDownAChild(parent);
        kit.awaitUntil("the parent no longer holds a child whose shutdown completed", () -> {
            System.gc();
            return childRef.get() == null;
        });
        ShutdownReport report = kit.shutdownAndAwait(parent);
        assertThat(report.overruns()).isEmpty();
        assertThat(listener.overruns()).isEmpty();
    }

    private WeakReference<TerminationCoordinator> attachAndShutDownAChild(TerminationCoordinator parent) throws Exception {
        TerminationCoordinator child = kit.provider().newCoordinator(CoordinatorSettings.builder()
                .name(kit.name("forgotten-child")).callbackTimeout(TckTime.relaxedCallbackTimeout()).build());
        // No Worker and no journal here: they would keep the child's thread, and so perhaps the child, reachable.
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        TerminableThread inChild = child.threadBuilder().name(kit.name("in-child")).onTerminate(t -> stop.countDown())
                .start(() -> ThreadLifecycleTests.awaitQuietly(stop));
        parent.attach(child);
        assertThat(child.shutdown().await(TckTime.awaitWindow()).completed()).isTrue();
        assertThat(inChild.join(TckTime.awaitWindow())).isTrue();
        return new WeakReference<>(child);
    }

    /** A coordinator of another implementation: the attach must refuse it before calling anything. */
    private static final class ForeignCoordinator implements TerminationCoordinator {
        @Override
        public String name() {
            return "tck-foreign";
        }

        @Override
        public CoordinatorSettings settings() {
            return CoordinatorSettings.defaults();
        }

        @Override
        public TerminableThreadBuilder threadBuilder() {
            throw new UnsupportedOperationException("tck-foreign");
        }

        @Override
        public BackgroundLoopBuilder loopBuilder() {
            throw new UnsupportedOperationException("tck-foreign");
        }

        @Override
        public ShutdownCompletion shutdown() {
            throw new AssertionError("a foreign coordinator must not be shut down by the implementation under test");
        }

        @Override
        public void attach(TerminationCoordinator child) {
            throw new UnsupportedOperationException("tck-foreign");
        }

        @Override
        public CoordinatorPhase phase() {
            return CoordinatorPhase.OPEN;
        }

        @Override
        public List<TerminableThread> liveThreads() {
            return List.of();
        }

        @Override
        public void addListener(TerminationListener listener) {
            throw new UnsupportedOperationException("tck-foreign");
        }

        @Override
        public boolean removeListener(TerminationListener listener) {
            return false;
        }
    }
}
