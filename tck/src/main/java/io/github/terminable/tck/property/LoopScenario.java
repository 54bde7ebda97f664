package io.github.terminable.tck.property;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated background-loop scenario: tasks submitted by concurrent producers while
 * another thread ends the loop one of five ways.
 *
 * @param tasks the tasks, named {@code k0, k1, ...}; task {@code i} belongs to producer
 *     {@code i % producers}, which submits its tasks in index order
 * @param producers how many foreground threads submit at the same time
 * @param how how the loop is ended
 * @param terminateAfter after how many submission attempts the loop is ended (0: at once,
 *     racing the first submissions)
 */
public record LoopScenario(List<TaskKind> tasks, int producers, Termination how, int terminateAfter) implements Scenario {

    /** What a task does, and how it is submitted. */
    public enum TaskKind {
        /** Returns a value (submit). */
        RETURNS("returns a value (submit)"),
        /** Throws (submit). */
        THROWS("throws an exception (submit)"),
        /** Blocks until interrupted, or until released once termination was requested (submit). */
        BLOCKS_UNTIL_INTERRUPTED("blocks until interrupted or released after the termination request (submit)"),
        /** Calls {@code loop.call(...)} from the loop thread (submit). */
        CALLS_INLINE("calls loop.call(...) from the loop thread (submit)"),
        /** Registers a deferred cleanup (submitWithContext). */
        DEFERS_CLEANUP("registers a deferred cleanup (submitWithContext)"),
        /** Returns a value, submitted with the blocking {@code call()} by its producer. */
        CALLED_FROM_PRODUCER("returns a value, submitted with the blocking call()");

        final String text;

        TaskKind(String text) {
            this.text = text;
        }
    }

    /** How the loop is ended. */
    public enum Termination {
        /** {@code loop.terminate()}. */
        TERMINATE("loop.terminate()"),
        /** {@code loop.shutdownNow()}. */
        SHUTDOWN_NOW("loop.shutdownNow()"),
        /** {@code loop.shutdown()}: graceful, queued tasks still run. */
        GRACEFUL("loop.shutdown() (graceful)"),
        /** {@code loop.close()}. */
        CLOSE("loop.close()"),
        /** The coordinator's {@code shutdown()}. */
        COORDINATOR("the coordinator's shutdown()");

        final String text;

        Termination(String text) {
            this.text = text;
        }
    }

    /**
     * Validates and copies the components.
     *
     * @param tasks see the record component
     * @param producers see the record component
     * @param how see the record component
     * @param terminateAfter see the record component
     */
    public LoopScenario {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty() || producers < 1) {
            throw new IllegalArgumentException("a loop scenario needs a task and a producer");
        }
        terminateAfter = Math.max(0, Math.min(terminateAfter, tasks.size()));
    }

    @Override
    public List<String> steps() {
        List<String> steps = new ArrayList<>();
        steps.add("create an independent coordinator and start a loop");
        for (int i = 0; i < tasks.size(); i++) {
            steps.add("task k" + i + " of producer " + (char) ('A' + i % producers) + ": " + tasks.get(i).text);
        }
        steps.add((producers == 1 ? "producer A submits its tasks" : "producers A.." + (char) ('A' + producers - 1)
                + " submit their tasks in order, concurrently") + "; after " + terminateAfter
                + " submission(s) (or once the producers stall) another thread ends the loop with " + how.text);
        steps.add("release blocked tasks; await the loop's end; check the invariants");
        return steps;
    }

    @Override
    public List<LoopScenario> simpler() {
        List<LoopScenario> out = new ArrayList<>();
        for (int i = 0; tasks.size() > 1 && i < tasks.size(); i++) {
            List<TaskKind> fewer = new ArrayList<>(tasks);
            fewer.remove(i);
            out.add(new LoopScenario(fewer, producers, how, terminateAfter > i ? terminateAfter - 1 : terminateAfter));
        }
        if (producers > 1) {
            out.add(new LoopScenario(tasks, 1, how, terminateAfter));
        }
        if (terminateAfter < tasks.size()) {
            out.add(new LoopScenario(tasks, producers, how, tasks.size()));
        }
        if (how != Termination.TERMINATE) {
            out.add(new LoopScenario(tasks, producers, Termination.TERMINATE, terminateAfter));
        }
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i) != TaskKind.RETURNS) {
                List<TaskKind> changed = new ArrayList<>(tasks);
                changed.set(i, TaskKind.RETURNS);
                out.add(new LoopScenario(changed, producers, how, terminateAfter));
            }
        }
        return out;
    }

    @Override
    public int size() {
        int size = tasks.size() * 2 + producers + (how == Termination.TERMINATE ? 0 : 1)
                + (terminateAfter == tasks.size() ? 0 : 1);
        for (TaskKind k : tasks) {
            size += k == TaskKind.RETURNS ? 0 : 1;
        }
        return size;
    }

    @Override
    public String toString() {
        return Scenario.render(steps());
    }
}
