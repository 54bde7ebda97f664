package io.github.terminable.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What one test made and must release: the coordinators it created and the gates its bodies wait
 * on. A test class keeps one per test instance and calls {@link #release()} from its
 * {@code @AfterEach}.
 */
final class TestResources {

    private final List<ExecutorCoordinator> coordinators = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    /** Keeps {@code c} to be shut down when the test ends; returns it. */
    ExecutorCoordinator track(ExecutorCoordinator c) {
        coordinators.add(c);
        return c;
    }

    /** A closed gate, opened at the latest when the test ends. */
    CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    /**
     * Opens every gate (so bodies blocked on them can end), then shuts every coordinator down
     * and asserts that its shutdown completes within the await window.
     */
    void release() throws InterruptedException {
        gates.forEach(CountDownLatch::countDown);
        for (ExecutorCoordinator c : coordinators) {
            TestSupport.shutDownAndAwait(c);
        }
    }
}
