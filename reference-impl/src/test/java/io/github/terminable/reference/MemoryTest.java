package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.TerminableThread;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ended threads are forgotten: after many create/start/terminate/join cycles nothing is retained,
 * not by the registry, not by the terminators, not by owner tracking (rule 2.2).
 */
class MemoryTest extends CoordinatorFixture {

    private static final int CYCLES = 5_000;

    @Test
    void manyCyclesLeaveNothingRetained() throws Exception {
        ReferenceCoordinator c = coordinator();
        Object longLivedOwner = new Object();
        List<WeakReference<TerminableThread>> samples = new ArrayList<>();
        for (int i = 0; i < CYCLES; i++) {
            var builder = c.threadBuilder();
            if (i % 2 == 0) {
                builder.owner(longLivedOwner); // the owner outlives every thread: its tracking must be dropped
            }
            TerminableThread t = builder.start(untilInterrupted());
            t.terminate();
            assertThat(t.join(TckTime.seconds(10))).isTrue();
            if (i % 100 == 0) {
                samples.add(new WeakReference<>(t));
            }
        }
        assertThat(c.liveThreads()).isEmpty();
        Waits.upTo(20).until(() -> { // also waits out the terminators, which hold a thread until its callback returned
            System.gc();
            return samples.stream().allMatch(ref -> ref.get() == null);
        });
        assertThat(longLivedOwner).isNotNull(); // keeps the owner reachable until here
    }
}
