package io.github.terminable.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.terminable.ShutdownCompletion;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.tck.child.ShutdownPathScenario.Mode;
import io.github.terminable.tck.harness.Applicability;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.tck.harness.Gate;
import io.github.terminable.tck.harness.InChildJvms;
import io.github.terminable.tck.harness.TckTime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Section 6 of the spec: virtual terminable threads where the runtime has them (optional rule
 * 6.1), and a clear refusal where it does not (rule 6.2). Whichever of the two does not apply
 * on the running JDK is reported as not applicable.
 */
public abstract class VirtualThreadTests extends TckGroup {

    /** Creates the group. */
    protected VirtualThreadTests() {
    }

    static boolean isVirtual(Thread t) {
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (NoSuchMethodException e) {
            return false;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int java() {
        return Applicability.javaFeatureVersion();
    }

    @Test
    @SpecRule({"6.2.a", "6.2.b", "6.2.d", "1.10.d"})
    void required_withoutVirtualThreadsAskingForOneFailsAtOnce() throws Exception {
        if (java() < 21) {
            assertThat(kit.provider().supportsVirtualThreads()).as("supportsVirtualThreads() on Java " + java()).isFalse();
        }
        Applicability.assumeApplicable(!kit.provider().supportsVirtualThreads(),
                "this implementation supports virtual threads on Java " + java() + " (rule 6.1 applies instead)");
        TerminationCoordinator c = kit.coordinator();
        TerminableThreadBuilder b = c.threadBuilder().name(kit.name("kept"));
        assertThatThrownBy(() -> b.virtual(true)).isInstanceOf(UnsupportedOperationException.class)
                .satisfies(e -> assertThat(e.getMessage()).as("message naming the required Java version").contains("21"));
        Worker w = new Worker("unused", kit.journal());
        TerminableThread t = b.virtual(false).onTerminate(w.callback()).unstarted(w.body());
        assertThat(t.name()).as("the builder kept its configuration").startsWith("kept");
        t.start();
        assertThat(t.thread().isDaemon()).as("a platform thread after virtual(false)").isFalse();
        t.terminate();
        assertThat(t.join(TckTime.awaitWindow())).isTrue();
    }

    @Test
    @SpecRule({"6.1.a", "6.1.b"})
    void optional_virtualTerminableThreadsFollowTheRulesOfSectionsOneToThree() throws Exception {
        Applicability.assumeApplicable(java() >= 21, "virtual threads need Java 21; this is Java " + java());
        assertThat(kit.provider().supportsVirtualThreads()).as("supportsVirtualThreads() on Java " + java()).isTrue();
        // the stubborn thread's turn comes first and overruns: a short bound keeps the test short
        TerminationCoordinator c = kit.coordinator(b -> b.callbackTimeout(TckTime.shortCallbackTimeout()));
        Worker p1 = Worker.named(kit, "p1");
        Worker v1 = Worker.named(kit, "v1");
        Worker p2 = Worker.named(kit, "p2");
        Worker v2 = Worker.named(kit, "v2");
        p1.start(c);
        v1.handle = c.threadBuilder().name(v1.name).virtual(true).onTerminate(v1.callback()).start(v1.body());
        p2.start(c);
        v2.handle = c.threadBuilder().name(v2.name).virtual(true).onTerminate(v2.callback()).start(v2.body());
        Gate release = kit.gate("stubborn-virtual");
        CountDownLatch inBody = new CountDownLatch(1);
        TerminableThread stubborn = c.threadBuilder().name(kit.name("v-stubborn")).virtual(true)
                .start(() -> stubbornVirtualBody(release, inBody));

        for (Worker v : List.of(v1, v2)) {
            assertThat(isVirtual(v.handle.thread())).as(v.name + " is virtual").isTrue();
            assertThat(v.handle.thread().isDaemon()).as(v.name + " is a daemon, as every virtual thread").isTrue();
        }
        assertThat(ThreadLifecycleTests.names(c.liveThreads()))
                .containsExactly(p1.name, v1.name, p2.name, v2.name, stubborn.name());
        assertThat(v2.handle.terminate()).isTrue();
        kit.awaitUntil("the virtual thread is terminated", v2::ended);
        assertThat(inBody.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        ShutdownCompletion completion = c.shutdown();
        kit.awaitUntil("the cooperative threads end", () -> p1.ended() && v1.ended() && p2.ended());
        ShutdownReport partial = completion.await(TckTime.scaled(Duration.ofMillis(100)));
        assertThat(partial.completed()).isFalse();
        assertThat(partial.unfinished()).singleElement().satisfies(u -> {
            assertThat(u.threadName()).isEqualTo(stubborn.name());
            assertThat(u.stack()).anyMatch(f -> f.getMethodName().equals("stubbornVirtualBody"));
        });
        release.open();
        kit.awaitCompleted(completion);
        assertThat(stubborn.state()).isEqualTo(ThreadState.ENDED);
        assertThat(kit.journal().subjects("callback")).containsExactly(v2.name, p2.name, v1.name, p1.name);
    }

    @Test
    @SpecRule("1.11.a")
    void required_currentIsTheHandleInTheBodyOfAVirtualTerminableThread() throws Exception {
        Applicability.assumeApplicable(java() >= 21 && kit.provider().supportsVirtualThreads(),
                "virtual threads need Java 21 and an implementation that supports them; this is Java " + java());
        TerminationCoordinator c = kit.coordinator();
        AtomicReference<Optional<TerminableThread>> seen = new AtomicReference<>();
        CountDownLatch recorded = new CountDownLatch(1);
        TerminableThread v = c.threadBuilder().name(kit.name("v-current")).virtual(true).start(() -> {
            seen.set(TerminableThread.current());
            recorded.countDown();
        });

        assertThat(recorded.await(TckTime.awaitWindow().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(seen.get()).as("TerminableThread.current() in the body of a virtual terminable thread")
                .containsSame(v);
        kit.shutdownAndAwait(c);
    }

    private static void stubbornVirtualBody(Gate release, CountDownLatch inBody) {
        inBody.countDown();
        release.passUninterruptibly();
    }

    @Test
    @InChildJvms
    @SpecRule("6.1.b")
    void optional_virtualTerminableThreadsNeverKeepTheJvmAlive() throws Exception {
        Applicability.assumeApplicable(java() >= 21, "virtual threads need Java 21; this is Java " + java());
        ChildProcess child = Children.runToExit(Children.shutdownPath(kit, Mode.VIRTUAL, Map.of()));
        int code = child.exitValue();
        Children.assertExitCode(child, code, 0, "exit status once main returned");
        Children.assertContainsLine(child, "VIRTUAL true");
        assertThat(Children.callbackOrder(child)).as(child.describe()).containsExactly("v1");
        Children.assertContainsLine(child, "ENDED v1");
    }
}
