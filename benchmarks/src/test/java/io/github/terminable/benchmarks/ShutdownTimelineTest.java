package io.github.terminable.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShutdownTimelineTest {

    @Test
    void aThreadThatRecordedNoWakeUpIsNamedInsteadOfCountedAsZero() {
        ShutdownTimeline timeline = triggeredWithThreadZeroEnded(2);
        timeline.ended(1);
        timeline.windowEnded();

        assertThatThrownBy(timeline::summary).isInstanceOf(IllegalStateException.class)
                .hasMessage("thread 1 recorded no wake-up");
    }

    @Test
    void aSummaryBeforeTheWindowEndedIsRefused() {
        ShutdownTimeline timeline = triggeredWithThreadZeroEnded(1);

        assertThatThrownBy(timeline::summary).isInstanceOf(IllegalStateException.class)
                .hasMessage("windowEnded() was not called");
    }

    @Test
    void theSummaryNamesEveryPhaseOfACompleteWindow() {
        ShutdownTimeline timeline = triggeredWithThreadZeroEnded(1);
        timeline.windowEnded();

        assertThat(timeline.summary()).containsPattern("^hand-off-ms=[\\d.]+ requests-ms=0\\.00 drain-ms=[\\d.]+ completion-ms=[\\d.]+"
                + " window-ms=[\\d.]+ median-woke-to-ended-us=[\\d.]+ cpu-ms=\\d+ busy-cores=[\\d.]+ collections=\\d+ collection-ms=\\d+$");
    }

    @Test
    void noThreadsIsABadCall() {
        assertThatThrownBy(() -> new ShutdownTimeline(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be positive, got 0");
    }

    /** A timeline whose window is open and whose thread 0 woke and ended; the others recorded nothing. */
    private static ShutdownTimeline triggeredWithThreadZeroEnded(int threads) {
        ShutdownTimeline timeline = new ShutdownTimeline(threads);
        timeline.triggered();
        timeline.woke(0);
        timeline.ended(0);
        return timeline;
    }
}
