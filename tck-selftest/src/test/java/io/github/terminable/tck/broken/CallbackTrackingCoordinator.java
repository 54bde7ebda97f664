package io.github.terminable.tck.broken;

import io.github.terminable.TerminationCallback;
import io.github.terminable.TerminationCoordinator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A forwarding coordinator that records, per thread name, when each user callback has started
 * and when it has returned: for broken implementations whose {@code terminate()} looks at the
 * callback's progress (rules 1.2, 1.3).
 */
class CallbackTrackingCoordinator extends ForwardingCoordinator {

    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> finished = new ConcurrentHashMap<>();

    CallbackTrackingCoordinator(TerminationCoordinator delegate) {
        super(delegate);
    }

    @Override
    protected TerminationCallback wrapCallback(TerminationCallback callback) {
        TerminationCallback inner = super.wrapCallback(callback);
        return t -> {
            latch(started, t.name()).countDown();
            try {
                inner.onTerminate(t);
            } finally {
                latch(finished, t.name()).countDown();
            }
        };
    }

    /** Whether the callback of the thread named {@code threadName} has started. */
    boolean callbackStarted(String threadName) {
        return latch(started, threadName).getCount() == 0;
    }

    /**
     * Waits until the callback of the thread named {@code threadName} has returned or thrown.
     *
     * @return whether it did within the timeout
     */
    boolean awaitCallbackFinished(String threadName, long timeout, TimeUnit unit) throws InterruptedException {
        return latch(finished, threadName).await(timeout, unit);
    }

    private static CountDownLatch latch(Map<String, CountDownLatch> latches, String threadName) {
        return latches.computeIfAbsent(threadName, k -> new CountDownLatch(1));
    }
}
