package io.github.terminable.tck.property;

import io.github.terminable.ThreadState;

import java.util.List;

/**
 * What {@link LoopScenarioRun} saw while it drove one {@link LoopScenario}: the values {@link
 * LoopOracle} judges, and nothing else. The driver takes them in three steps, in this order:
 * <ol>
 *   <li><b>when the loop was awaited</b>: whether it terminated within the await window (and if
 *       not, where its thread was);</li>
 *   <li><b>once it had terminated</b> and the terminating helper was joined: after {@code
 *       shutdownNow()}, what running the handed-back tasks did; then which futures were still
 *       pending;</li>
 *   <li><b>once the helpers were joined</b>: the loop's state, every task's run, future and
 *       result, and the cleanups.</li>
 * </ol>
 * How each task's submission ended, {@link #inlineRejectedBeforeRequest()} and {@link
 * #faults()} are recorded as they happen.
 *
 * <p>Immutable: lists are copied; futures are not kept, only what they held when read. Threads
 * are kept only to compare them with the loop thread and to name them. The oracle may read it on
 * any thread.
 *
 * @param loopName the loop's name
 * @param runningLoopStack the loop thread's stack if it had not terminated within the await
 *     window, else null (also null if the wait was interrupted)
 * @param handBackFailures what running the tasks {@code shutdownNow()} handed back threw, in
 *     order
 * @param handedBackRan the tasks the driver ran after {@code shutdownNow()} handed them back, in
 *     the order they ran
 * @param pendingAfterEnd the tasks whose futures were pending once the loop had terminated (and,
 *     after {@code shutdownNow()}, its handed-back tasks had run); empty if the loop did not
 *     terminate
 * @param interrupted whether the driving thread was interrupted while awaiting the loop
 * @param stuckHelpers the helper threads still alive when the driver stopped joining them
 * @param loopState the state of the loop's thread handle, after the helpers were joined
 * @param shutdown what {@code isShutdown()} returned then
 * @param loopThread the loop's underlying thread
 * @param maxActive the most tasks that ran at the same time on the loop
 * @param tasks per task, in scenario order
 * @param inlineRejectedBeforeRequest the tasks whose {@code call()} from the loop thread was
 *     rejected before termination was requested, as they happened
 * @param cleanupRegistered the tasks that deferred a cleanup, in the order they deferred it
 * @param cleanupRuns the deferred cleanups that ran, in the order they ran
 * @param faults what went wrong in the driver itself (a helper that threw), in words
 */
record LoopObservations(String loopName, List<StackTraceElement> runningLoopStack, List<Throwable> handBackFailures,
                        List<Integer> handedBackRan, List<Integer> pendingAfterEnd, boolean interrupted,
                        List<StuckHelper> stuckHelpers, ThreadState loopState, boolean shutdown, Thread loopThread,
                        int maxActive, List<Task> tasks, List<Integer> inlineRejectedBeforeRequest, List<Integer> cleanupRegistered,
                        List<CleanupRun> cleanupRuns, List<String> faults) implements Observations {

    /**
     * Copies the lists.
     *
     * @param loopName see the record component
     * @param runningLoopStack see the record component
     * @param handBackFailures see the record component
     * @param handedBackRan see the record component
     * @param pendingAfterEnd see the record component
     * @param interrupted see the record component
     * @param stuckHelpers see the record component
     * @param loopState see the record component
     * @param shutdown see the record component
     * @param loopThread see the record component
     * @param maxActive see the record component
     * @param tasks see the record component
     * @param inlineRejectedBeforeRequest see the record component
     * @param cleanupRegistered see the record component
     * @param cleanupRuns see the record component
     * @param faults see the record component
     */
    LoopObservations {
        runningLoopStack = runningLoopStack == null ? null : List.copyOf(runningLoopStack);
        handBackFailures = List.copyOf(handBackFailures);
        handedBackRan = List.copyOf(handedBackRan);
        pendingAfterEnd = List.copyOf(pendingAfterEnd);
        stuckHelpers = List.copyOf(stuckHelpers);
        tasks = List.copyOf(tasks);
        inlineRejectedBeforeRequest = List.copyOf(inlineRejectedBeforeRequest);
        cleanupRegistered = List.copyOf(cleanupRegistered);
        cleanupRuns = List.copyOf(cleanupRuns);
        faults = List.copyOf(faults);
    }

    /**
     * Returns the name of task {@code i}, for messages.
     *
     * @param i the task's index in the scenario
     * @return its name
     */
    static String taskName(int i) {
        return "k" + i;
    }

    /**
     * One task's run on the loop, after the helpers were joined. Clock values come from the run's
     * event clock; 0 means the event was not seen. Runs of handed-back tasks by the driver are not
     * counted here.
     *
     * @param ranAt when its body began on the loop
     * @param endedAt when its body returned on the loop
     * @param ranOn the thread its body ran on, or null
     * @param submission how its submission ended, or null if it was never submitted
     * @param future what its future held, or null if it has none (a {@code call()} by its
     *     producer, or a rejected submission)
     * @param callResult for a task its producer ran with {@code call()}: the value, or the
     *     {@code RejectedExecutionException} or {@code CancellationException} it ended with; else
     *     null
     */
    record Task(int ranAt, int endedAt, Thread ranOn, Submission submission, FutureSeen future, Object callResult) {
    }

    /** What a future held when the driver read it. */
    enum FutureState {
        /** Not done. */
        PENDING,
        /** Cancelled. */
        CANCELLED,
        /** Completed with a value. */
        SUCCEEDED,
        /** Completed exceptionally. */
        FAILED,
        /** Done and not cancelled, but not read: the driving thread was interrupted. */
        UNREAD
    }

    /**
     * A future as the driver read it.
     *
     * @param state what it held
     * @param value its value if SUCCEEDED, the cause of its failure if FAILED, else null
     */
    record FutureSeen(FutureState state, Object value) {
    }

    /**
     * How a task's submission ended.
     *
     * @param beganAfterRequest whether the submission began after the terminating call returned
     * @param failure what the submission threw, or null if it was accepted
     * @param requested whether termination had been requested when it threw (false if accepted)
     */
    record Submission(boolean beganAfterRequest, Exception failure, boolean requested) {
    }

    /**
     * A deferred cleanup that ran.
     *
     * @param task the task that deferred it
     * @param at when it ran, on the run's event clock
     * @param on the thread it ran on
     */
    record CleanupRun(int task, int at, Thread on) {
    }
}
