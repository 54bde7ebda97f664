package io.github.terminable;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a shutdown did, as seen when it was awaited (rules 3.5 and 3.8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param trigger what began the shutdown
 * @param completed whether the shutdown had completed (rule 3.7)
 * @param elapsed time from the trigger to completion for a complete report (rule 3.7), or to the
 *     moment of this report for an incomplete one (rule 3.8)
 * @param unfinished threads that had not ended, with their stacks, including those of attached
 *     coordinators (rule 2.7); empty if {@code completed}
 * @param failures callbacks that threw, in the order they were invoked
 * @param overruns names of the threads (and attached coordinators) whose turn exceeded its bound
 *     (rule 3.4), in turn order
 */
public record ShutdownReport(ShutdownTrigger trigger, boolean completed, Duration elapsed,
                             List<UnfinishedThread> unfinished, List<CallbackFailure> failures,
                             List<String> overruns) {

    /**
     * Validates and copies the components.
     *
     *
     * @param trigger see the record component
     * @param completed see the record component
     * @param elapsed see the record component
     * @param unfinished see the record component
     * @param failures see the record component
     * @param overruns see the record component
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if {@code completed} but {@code unfinished} is not empty
     */
    public ShutdownReport {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(elapsed, "elapsed");
        unfinished = List.copyOf(Objects.requireNonNull(unfinished, "unfinished"));
        failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
        overruns = List.copyOf(Objects.requireNonNull(overruns, "overruns"));
        if (completed && !unfinished.isEmpty()) {
            throw new IllegalArgumentException("a completed report cannot list unfinished threads: " + unfinished);
        }
    }

    /**
     * Renders the report for a human: one line of summary, then each unfinished thread with its
     * stack trace, then each callback failure.
     *
     * @return a multi-line description
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append("terminable shutdown (").append(trigger).append(") ")
                .append(completed ? "completed" : "did NOT complete")
                .append(" after ").append(elapsed.toMillis()).append(" ms");
        if (!unfinished.isEmpty()) {
            out.append("; ").append(unfinished.size()).append(" thread(s) still running:");
            for (UnfinishedThread t : unfinished) {
                out.append(System.lineSeparator()).append(t.describe());
            }
        }
        for (CallbackFailure f : failures) {
            out.append(System.lineSeparator()).append("callback of '").append(f.threadName())
                    .append("' failed: ").append(f.failure());
        }
        for (String name : overruns) {
            out.append(System.lineSeparator()).append("turn of '").append(name).append("' overran its bound");
        }
        return out.toString();
    }
}
