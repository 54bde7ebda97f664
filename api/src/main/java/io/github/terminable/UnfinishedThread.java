package io.github.terminable;

import java.util.List;
import java.util.Objects;

/**
 * A terminable thread that had not ended when a shutdown was awaited (rules 3.8 and 4.8).
 *
 * <p>Immutable and thread-safe.
 *
 * @param threadName the thread's name
 * @param threadId the underlying thread's id
 * @param stack the thread's stack when the report was made, innermost frame first
 */
public record UnfinishedThread(String threadName, long threadId, List<StackTraceElement> stack) {

    /**
     * Validates and copies the components.
     *
     *
     * @param threadName see the record component
     * @param threadId see the record component
     * @param stack see the record component
     * @throws NullPointerException if {@code threadName} or {@code stack} is null
     */
    public UnfinishedThread {
        Objects.requireNonNull(threadName, "threadName");
        stack = List.copyOf(Objects.requireNonNull(stack, "stack"));
    }

    /**
     * Renders the thread in the style of a thread dump.
     *
     * @return a multi-line description
     */
    public String describe() {
        StringBuilder out = new StringBuilder("  \"").append(threadName).append("\" #").append(threadId);
        for (StackTraceElement frame : stack) {
            out.append(System.lineSeparator()).append("      at ").append(frame);
        }
        return out.toString();
    }
}
