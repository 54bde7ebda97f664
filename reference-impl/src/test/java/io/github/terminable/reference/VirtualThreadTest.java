package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.TerminableThread;
import io.github.terminable.TerminableThreadBuilder;
import io.github.terminable.ThreadState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Virtual terminable threads where the runtime has them, a clear refusal where not (section 6). */
class VirtualThreadTest extends CoordinatorFixture {

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsAreRegisteredOrderedInterruptedAndAwaited() throws Exception {
        assertThat(PROVIDER.supportsVirtualThreads()).isTrue();
        ReferenceCoordinator c = coordinator();
        List<String> order = new CopyOnWriteArrayList<>();
        TerminableThread platform = c.threadBuilder().name("platform").onTerminate(t -> {
            order.add(t.name());
            t.thread().interrupt();
        }).start(untilInterrupted());
        TerminableThread virtual = c.threadBuilder().name("virtual").virtual(true).onTerminate(t -> {
            order.add(t.name());
            t.thread().interrupt();
        }).start(untilInterrupted());
        TerminableThread defaultCallback = c.threadBuilder().name("virtual-default").virtual(true)
                .start(untilInterrupted());
        assertThat((Boolean) Thread.class.getMethod("isVirtual").invoke(virtual.thread())).isTrue();
        assertThat(virtual.thread().isDaemon()).isTrue();
        assertThat(virtual.thread().getName()).isEqualTo("virtual");
        assertThat(c.liveThreads()).containsExactly(platform, virtual, defaultCallback);
        assertThat(c.shutdown().await(TckTime.seconds(10)).completed()).isTrue();
        assertThat(order).containsExactly("virtual", "platform");
        assertThat(defaultCallback.state()).as("default callback interrupts a virtual thread").isEqualTo(ThreadState.ENDED);
    }

    /** Rule 1.11 on a virtual thread: current() is its handle inside the body, empty in its callback. */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void currentIsTheVirtualThreadsHandle() throws Exception {
        ReferenceCoordinator c = coordinator();
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<TerminableThread>> inBody =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<java.util.Optional<TerminableThread>> inCallback =
                new java.util.concurrent.atomic.AtomicReference<>();
        TerminableThread v = c.threadBuilder().name("v").virtual(true).onTerminate(t -> {
            inCallback.set(PROVIDER.currentThread());
            t.thread().interrupt();
        }).start(() -> {
            inBody.set(PROVIDER.currentThread());
            untilInterrupted().run();
        });
        Waits.upTo(10).until(() -> inBody.get() != null);
        v.terminate();
        assertThat(v.join(TckTime.seconds(10))).isTrue();
        Waits.upTo(10).until(() -> inCallback.get() != null);
        assertThat(inBody.get()).containsSame(v);
        assertThat(inCallback.get()).isEmpty();
    }

    @Test
    @EnabledForJreRange(max = JRE.JAVA_20)
    void withoutVirtualThreadsAskingForOneFailsAtOnceNamingJava21() throws Exception {
        assertThat(PROVIDER.supportsVirtualThreads()).isFalse();
        ReferenceCoordinator c = coordinator();
        TerminableThreadBuilder b = c.threadBuilder().name("still-platform");
        assertThatThrownBy(() -> b.virtual(true)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Java 21");
        assertThat(b.virtual(false)).isSameAs(b);
        TerminableThread t = b.unstarted(untilInterrupted());
        assertThat(t.thread().isDaemon()).as("the builder was left unchanged: a platform thread").isFalse();
    }
}
