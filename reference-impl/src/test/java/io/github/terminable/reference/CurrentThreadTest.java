package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminableThread;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code TerminableThread.current()} through {@code ReferenceProvider.currentThread()} (rule 1.11). */
class CurrentThreadTest extends CoordinatorFixture {

    @Test
    void currentIsTheHandleOnTerminableThreadsAndEmptyElsewhere() throws Exception {
        ReferenceCoordinator c = coordinator();
        AtomicReference<Optional<TerminableThread>> inBody = new AtomicReference<>();
        AtomicReference<Optional<TerminableThread>> inCallback = new AtomicReference<>();
        List<Optional<TerminableThread>> inListener = new CopyOnWriteArrayList<>();
        c.addListener(new io.github.terminable.TerminationListener() {
            @Override
            public void terminated(io.github.terminable.TerminationRecord record) {
                inListener.add(PROVIDER.currentThread());
            }
        });
        TerminableThread t = c.threadBuilder().name("platform").onTerminate(x -> {
            inCallback.set(PROVIDER.currentThread());
            x.thread().interrupt();
        }).start(() -> {
            inBody.set(TerminableThread.current());
            untilInterrupted().run();
        });
        Waits.upTo(10).until(() -> inBody.get() != null);
        assertThat(inBody.get()).containsSame(t);
        assertThat(PROVIDER.currentThread()).as("the test's own thread").isEmpty();
        Optional<TerminableThread>[] onPlain = new Optional[1];
        Thread plain = new Thread(() -> onPlain[0] = PROVIDER.currentThread());
        plain.start();
        plain.join();
        assertThat(onPlain[0]).isEmpty();
        t.terminate();
        assertThat(t.join(TckTime.seconds(10))).isTrue();
        Waits.upTo(10).until(() -> !inListener.isEmpty());
        assertThat(inCallback.get()).as("callbacks run on terminators").isEmpty();
        assertThat(inListener).allSatisfy(o -> assertThat(o).isEmpty());
    }

    @Test
    void onALoopThreadCurrentIsTheLoopsThreadDuringTasksAndCleanups() throws Exception {
        ReferenceCoordinator c = coordinator();
        BackgroundLoop loop = c.loopBuilder().name("current-loop").start();
        AtomicReference<Optional<TerminableThread>> inCleanup = new AtomicReference<>();
        Optional<TerminableThread> inTask = loop.submitWithContext(ctx -> {
            ctx.deferCleanup(() -> inCleanup.set(PROVIDER.currentThread()));
            return PROVIDER.currentThread();
        }).get();
        assertThat(inTask).containsSame(loop.thread());
        loop.close();
        assertThat(loop.isTerminated()).isTrue();
        assertThat(inCleanup.get()).containsSame(loop.thread());
    }
}
