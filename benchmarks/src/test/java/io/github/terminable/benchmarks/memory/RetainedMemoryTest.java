package io.github.terminable.benchmarks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.terminable.benchmarks.memory.HeapProbe.ClassCount;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

/** Row 4's arithmetic: what a live terminable thread costs beyond its {@code Thread}. */
class RetainedMemoryTest {

    private static final long THREAD = 376; // a plain Thread's shallow size (the figure does not matter)
    private static final int N = 1000;

    @Test
    void aThreadSubclassCountsOnlyTheFieldsItAdds() {
        // Terminable set minus plain set: N subclass instances of 16 extra bytes each replace N
        // plain Threads, and each thread has one 40-byte handle and a share of the group's array.
        Map<String, ClassCount> extra = Map.of(
                "impl.HandleThread", new ClassCount(N, N * (THREAD + 16)),
                "java.lang.Thread", new ClassCount(-N, -N * THREAD),
                "impl.Handle", new ClassCount(N, N * 40L),
                "[Ljava.lang.Thread;", new ClassCount(0, 64));

        Map<String, ClassCount> beyond = RetainedMemory.beyondThread(extra, THREAD,
                Set.of("impl.HandleThread", "java.lang.Thread")::contains);

        // 56 bytes per thread; removing the Thread classes whole would report 40 + 376 + 16 = 432.
        assertThat(HeapProbe.totalBytes(beyond) / N).isEqualTo(56);
        assertThat(beyond).containsOnlyKeys("impl.HandleThread", "impl.Handle")
                .containsEntry("impl.HandleThread", new ClassCount(N, N * 16L));
    }

    @Test
    void plainThreadsOnBothSidesCancel() {
        Map<String, ClassCount> extra = Map.of(
                "java.lang.Thread", new ClassCount(3, 3 * THREAD),
                "impl.Handle", new ClassCount(N, N * 24L));

        Map<String, ClassCount> beyond = RetainedMemory.beyondThread(extra, THREAD, "java.lang.Thread"::equals);

        assertThat(beyond).containsOnlyKeys("impl.Handle");
    }
}
