package io.github.terminable;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value types validate their components and keep no reference to caller-owned lists. */
class ValueTypesTest {

    @Test
    void reportCopiesItsListsAndDescribesUnfinishedThreads() {
        List<UnfinishedThread> unfinished = new ArrayList<>();
        unfinished.add(new UnfinishedThread("stuck-1", 42,
                List.of(new StackTraceElement("com.example.Worker", "spin", "Worker.java", 7))));
        ShutdownReport r = new ShutdownReport(ShutdownTrigger.JVM_EXIT, false, Duration.ofMillis(500), unfinished,
                List.of(new CallbackFailure("bad", new IllegalStateException("boom"))), List.of("slow"));
        unfinished.clear();
        assertThat(r.unfinished()).hasSize(1);
        assertThat(r.describe())
                .contains("did NOT complete")
                .contains("\"stuck-1\" #42")
                .contains("at com.example.Worker.spin(Worker.java:7)")
                .contains("callback of 'bad' failed")
                .contains("turn of 'slow' overran its bound");
    }

    @Test
    void completedReportCannotListUnfinishedThreads() {
        List<UnfinishedThread> one = List.of(new UnfinishedThread("t", 1, List.of()));
        assertThatThrownBy(() -> new ShutdownReport(ShutdownTrigger.EXPLICIT, true, Duration.ZERO, one, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void terminationRecordRequiresAFailureExactlyWhenFailed() {
        assertThatThrownBy(() -> new TerminationRecord("t", 1, Duration.ZERO, TerminationOutcome.FAILED, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TerminationRecord("t", 1, Duration.ZERO, TerminationOutcome.COMPLETED,
                Optional.of(new RuntimeException()))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TerminationRecord("t", 1, Duration.ZERO, TerminationOutcome.OVERRAN, Optional.empty()).outcome())
                .isEqualTo(TerminationOutcome.OVERRAN);
    }

    @Test
    void nullComponentsAreNamed() {
        assertThatThrownBy(() -> new CallbackFailure(null, new RuntimeException()))
                .isInstanceOf(NullPointerException.class).hasMessage("threadName");
        assertThatThrownBy(() -> new UnfinishedThread("t", 1, null))
                .isInstanceOf(NullPointerException.class).hasMessage("stack");
    }

    @Test
    void defaultCallbackInterruptsTheThread() throws Exception {
        Thread target = new Thread(() -> { });
        TerminableThread handle = new TerminableThread() {
            @Override public String name() { return "t"; }
            @Override public Thread thread() { return target; }
            @Override public TerminationCoordinator coordinator() { throw new UnsupportedOperationException(); }
            @Override public void start() { }
            @Override public boolean terminate() { return false; }
            @Override public boolean isTerminationRequested() { return false; }
            @Override public ThreadState state() { return ThreadState.NEW; }
            @Override public boolean join(Duration timeout) { return false; }
        };
        TerminationCallback.interrupt().onTerminate(handle);
        assertThat(target.isInterrupted()).isTrue();
    }
}
