package io.github.terminable.tck.property;

import static io.github.terminable.tck.property.LoopObservations.taskName;

import io.github.terminable.ThreadState;
import io.github.terminable.tck.harness.TckTime;
import io.github.terminable.tck.property.LoopObservations.CleanupRun;
import io.github.terminable.tck.property.LoopObservations.FutureSeen;
import io.github.terminable.tck.property.LoopObservations.FutureState;
import io.github.terminable.tck.property.LoopObservations.Submission;
import io.github.terminable.tck.property.LoopObservations.Task;
import io.github.terminable.tck.property.LoopScenario.TaskKind;
import io.github.terminable.tck.property.LoopScenario.Termination;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Judges what {@link LoopScenarioRun} saw against the rules of section 5: an {@link Oracle} of a
 * {@link LoopScenario} and its {@link LoopObservations}.
 *
 * <p>The invariants:
 * <ul>
 *   <li>accepted tasks run on the loop thread, one at a time, each producer's in its order
 *       (rule 5.1), {@link #checkRuns};</li>
 *   <li>every future handed out is done once the loop has terminated, except those of the tasks
 *       {@code shutdownNow()} hands back, which complete when the scenario runs them; those come
 *       back in each producer's order (rule 5.10), {@link #checkEnd}; after a graceful shutdown
 *       none is cancelled (rules 5.2 and 5.7), {@link #checkResult};</li>
 *   <li>a submission is rejected only once termination was requested, always after the request
 *       returned, with a message naming the loop (rule 5.3), {@link #checkSubmission};</li>
 *   <li>{@code call()} from the loop thread runs inline (rule 5.4), {@link #checkResult};</li>
 *   <li>deferred cleanups run once each, last registered first, on the loop thread, after the last
 *       task (rule 5.5), {@link #checkCleanups};</li>
 *   <li>nothing blocks: producers, the terminating call and the loop all finish.</li>
 * </ul>
 * Violations are written in this order: the loop's end and the futures then, helpers that did not
 * return, the loop's state, each task, each producer's order, the cleanups, the submissions, and
 * last the driver's own faults.
 */
final class LoopOracle extends Oracle<LoopScenario, LoopObservations> {

    /**
     * Creates the oracle of one run; {@link #judge()} then judges it.
     *
     * @param scenario the scenario that was driven
     * @param seen what the driver saw
     */
    LoopOracle(LoopScenario scenario, LoopObservations seen) {
        super(scenario, seen);
    }

    @Override
    void checkInvariants() {
        checkRuns();
        checkCleanups();
        for (int i = 0; i < scenario.tasks().size(); i++) {
            checkSubmission(i);
        }
        for (int i : seen.inlineRejectedBeforeRequest()) {
            outcome.violation("call() from the loop thread in " + taskName(i) + " was rejected before termination"
                    + " was requested");
        }
    }

    /**
     * The loop terminates (no deadlock); after {@code shutdownNow()}, running the tasks it handed
     * back works and follows each producer's order (rule 5.10); then every future is done.
     */
    @Override
    void checkEnd() {
        if (seen.runningLoopStack() != null) {
            outcome.violation("the loop did not end within " + TckTime.awaitWindow().toMillis() + " ms after "
                    + scenario.how().text + "; its thread is at " + seen.runningLoopStack());
        }
        for (Throwable e : seen.handBackFailures()) {
            outcome.violation("running a task handed back by shutdownNow() threw " + e);
        }
        List<Integer> handedBack = seen.handedBackRan();
        for (int p = 0; p < scenario.producers(); p++) {
            int previous = -1;
            for (int i : handedBack) {
                if (i % scenario.producers() == p) {
                    outcome.check(i > previous, "shutdownNow() handed back " + taskName(i) + " after a later task of the same"
                            + " producer: " + handedBack.stream().map(LoopObservations::taskName).toList());
                    previous = i;
                }
            }
        }
        for (int i : seen.pendingAfterEnd()) {
            outcome.violation((scenario.how() == Termination.SHUTDOWN_NOW ? "(after running the tasks shutdownNow()"
                    + " handed back) " : "") + "every future completes: the future of " + taskName(i) + " is pending although"
                    + " the loop has terminated");
        }
        if (seen.interrupted()) {
            outcome.violation("interrupted");
        }
    }

    /** The loop's state, then one at a time on the loop thread (rule 5.1), each task, each producer's order. */
    private void checkRuns() {
        outcome.check(seen.loopState() == ThreadState.ENDED, "the loop thread is " + seen.loopState());
        outcome.check(seen.shutdown(), "isShutdown() is false after " + scenario.how().text);
        outcome.check(seen.maxActive() <= 1, "one at a time: " + seen.maxActive() + " tasks ran at the same time");
        for (int i = 0; i < scenario.tasks().size(); i++) {
            Task t = seen.tasks().get(i);
            if (t.ranAt() != 0) {
                outcome.check(t.ranOn() == seen.loopThread(), taskName(i) + " ran on " + t.ranOn() + ", not on the loop thread");
            }
            checkResult(i);
        }
        for (int p = 0; p < scenario.producers(); p++) {
            int previous = 0;
            for (int i = p; i < scenario.tasks().size(); i += scenario.producers()) {
                int ranAt = seen.tasks().get(i).ranAt();
                if (ranAt != 0) {
                    outcome.check(ranAt > previous, "acceptance order: " + taskName(i) + " of producer " + (char) ('A' + p)
                            + " ran before an earlier task of the same producer");
                    previous = ranAt;
                }
            }
        }
    }

    /**
     * What task {@code i} ended with: no cancellation after a graceful shutdown (rules 5.2, 5.7),
     * a failure only where the task throws, an inline {@code call()} from the loop thread (rule
     * 5.4), and a producer's {@code call()} that returned, was rejected or was cancelled.
     */
    private void checkResult(int i) {
        TaskKind kind = scenario.tasks().get(i);
        if (seen.handedBackRan().contains(i)) {
            return; // run by the scenario itself, off the loop: its result says nothing about the loop
        }
        Task t = seen.tasks().get(i);
        FutureSeen f = t.future();
        if (f != null && f.state() != FutureState.PENDING) {
            if (scenario.how() == Termination.GRACEFUL || scenario.how() == Termination.CLOSE) {
                outcome.check(f.state() != FutureState.CANCELLED, "after " + scenario.how().text + " the accepted "
                        + taskName(i) + " was cancelled");
            }
            if (f.state() == FutureState.SUCCEEDED) {
                if (kind == TaskKind.THROWS) {
                    outcome.violation(taskName(i) + " threw, but its future completed normally with " + f.value());
                }
                if (kind == TaskKind.CALLS_INLINE) {
                    outcome.check("inline".equals(f.value()) || "rejected".equals(f.value()),
                            "call() from the loop thread in " + taskName(i) + " did not run inline: " + f.value());
                }
            } else if (f.state() == FutureState.FAILED) {
                outcome.check(kind == TaskKind.THROWS || f.value() instanceof InterruptedException,
                        "the future of " + taskName(i) + " failed with " + f.value());
            }
        }
        if (kind == TaskKind.CALLED_FROM_PRODUCER) {
            Object r = t.callResult();
            outcome.check("value".equals(r) || r instanceof RejectedExecutionException || r instanceof CancellationException,
                    "call() of " + taskName(i) + " by its producer ended with " + r);
        }
    }

    /** Deferred cleanups run once each, last registered first, on the loop thread, after the last task (rule 5.5). */
    private void checkCleanups() {
        int lastTaskEnd = 0;
        for (Task t : seen.tasks()) {
            if (t.ranAt() != 0) {
                lastTaskEnd = Math.max(lastTaskEnd, t.endedAt());
            }
        }
        List<Integer> expected = new ArrayList<>(seen.cleanupRegistered());
        Collections.reverse(expected);
        List<Integer> ran = seen.cleanupRuns().stream().map(CleanupRun::task).toList();
        outcome.check(ran.equals(expected), "deferred cleanups registered by " + seen.cleanupRegistered()
                + " must run once each, last first; they ran as " + ran);
        outcome.check(seen.cleanupRuns().stream().allMatch(c -> c.on() == seen.loopThread()), "a cleanup ran off the loop thread");
        int firstCleanup = seen.cleanupRuns().isEmpty() ? Integer.MAX_VALUE : seen.cleanupRuns().get(0).at();
        outcome.check(firstCleanup > lastTaskEnd, "a cleanup ran before the last task ended");
    }

    /**
     * A submission is rejected only once termination was requested, and accepted never after the
     * request returned (the coordinator requests asynchronously, so not after its shutdown());
     * its rejection names the loop (rule 5.3).
     */
    private void checkSubmission(int i) {
        Submission s = seen.tasks().get(i).submission();
        if (s == null) {
            return; // never submitted: its producer stopped before it
        }
        if (s.failure() == null) {
            if (s.beganAfterRequest() && scenario.how() != Termination.COORDINATOR) {
                outcome.violation("a submission of " + taskName(i) + " that began after " + scenario.how().text
                        + " returned was accepted");
            }
        } else if (s.failure() instanceof RejectedExecutionException e) {
            if (!s.requested()) {
                outcome.violation(taskName(i) + " was rejected before termination was requested: " + e);
            }
            if (e.getMessage() == null || !e.getMessage().contains(seen.loopName())) {
                outcome.violation("the rejection of " + taskName(i) + " does not name the loop '" + seen.loopName() + "': "
                        + e.getMessage());
            }
        } else {
            outcome.violation("submitting " + taskName(i) + " threw " + s.failure());
        }
    }
}
