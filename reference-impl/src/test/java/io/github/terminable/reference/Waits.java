package io.github.terminable.reference;

import io.github.terminable.tck.harness.TckTime;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import java.time.Duration;

/** Awaitility with a scaled bound and fine polling, so passing tests never wait needlessly. */
final class Waits {

    private Waits() {
    }

    /** Waits at most {@code seconds} (scaled by the time factor), polling every 2 ms. */
    static ConditionFactory upTo(long seconds) {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .atMost(TckTime.seconds(seconds));
    }
}
