package io.github.terminable;

/**
 * The lifecycle state of a {@link TerminableThread}.
 *
 * <p>States only move forward: {@code NEW -> RUNNING -> ENDED}. Whether termination has been
 * requested is reported separately, by {@link TerminableThread#isTerminationRequested()}.
 */
public enum ThreadState {
    /** Created, not yet started or registered. */
    NEW,
    /** Started and registered with its coordinator; its body has not yet returned. */
    RUNNING,
    /** Its body has returned or thrown; it has been forgotten by its coordinator (rule 2.2). */
    ENDED
}
