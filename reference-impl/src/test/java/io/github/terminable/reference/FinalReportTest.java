package io.github.terminable.reference;

import io.github.terminable.CallbackFailure;
import io.github.terminable.ShutdownReport;
import io.github.terminable.ShutdownTrigger;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReferenceShutdownCompletion} builds its final report lazily, on first need, from the
 * failures and overruns it collected (rules 3.5 and 3.7). A callback may still fail or be declared
 * overrun after the shutdown completed (one that outlived its bound); what it reports then must not
 * reach a report built later, or two callers would be told different final reports.
 */
class FinalReportTest {

    @Test
    void outcomesRecordedAfterCompletionStayOutOfTheFinalReport() throws Exception {
        ReferenceShutdownCompletion completion = new ReferenceShutdownCompletion("final-report",
                new Reporter("final-report"), List::of, ShutdownTrigger.EXPLICIT);
        completion.addFailure(new CallbackFailure("before", new IllegalStateException("failed in its turn")));
        completion.addOverrun("before");

        completion.complete();
        completion.addFailure(new CallbackFailure("after", new IllegalStateException("failed after completion")));
        completion.addOverrun("after");

        ShutdownReport report = completion.await(Duration.ofSeconds(1));
        assertThat(report.completed()).isTrue();
        assertThat(report.failures()).extracting(CallbackFailure::threadName).containsExactly("before");
        assertThat(report.overruns()).containsExactly("before");
        assertThat(completion.toCompletionStage().toCompletableFuture().getNow(null)).isSameAs(report);
    }
}
