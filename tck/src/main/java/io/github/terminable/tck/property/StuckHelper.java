package io.github.terminable.tck.property;

import java.util.List;

/**
 * A scenario's helper thread that was still alive when the driver stopped waiting for it: its
 * name and where it was, captured by the driver at that moment.
 *
 * <p>Immutable.
 *
 * @param name the helper thread's name
 * @param stack its stack when the driver gave up waiting, innermost frame first
 */
record StuckHelper(String name, List<StackTraceElement> stack) {

    /** How many frames a violation message shows: enough to see what the helper waits on. */
    private static final int FRAMES_SHOWN = 6;

    /**
     * Captures a helper thread that is still alive.
     *
     * @param helper the thread
     * @return its name and its stack now
     */
    static StuckHelper of(Thread helper) {
        return new StuckHelper(helper.getName(), List.of(helper.getStackTrace()));
    }

    /**
     * Copies the stack.
     *
     * @param name see the record component
     * @param stack see the record component
     */
    StuckHelper {
        stack = List.copyOf(stack);
    }

    /**
     * Returns the innermost frames of the stack, as a violation message shows them.
     *
     * @return at most six frames, innermost first
     */
    List<StackTraceElement> topFrames() {
        return stack.subList(0, Math.min(FRAMES_SHOWN, stack.size()));
    }
}
