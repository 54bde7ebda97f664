/**
 * Terminable threads and ordered shutdown for the JVM.
 *
 * <p>A library that owns a background thread creates it through a
 * {@link io.github.terminable.TerminationCoordinator}: usually the JVM-wide one returned by
 * {@link io.github.terminable.Terminables#global()}. Such a thread stays non-daemon, so its
 * cleanup runs fully, yet it never keeps the JVM alive on its own: once {@code main} has ended
 * and only terminable threads remain, the coordinator asks each of them to terminate, in
 * reverse registration order.
 *
 * <p>Every rule cited in this package's documentation ("rule 3.2") is a numbered rule of the
 * specification in {@code spec/README.md}; the TCK checks each one.
 *
 * <h2>Memory consistency</h2>
 * Unless a method says otherwise: actions in a thread before a call to
 * {@link io.github.terminable.TerminableThread#terminate()} or
 * {@link io.github.terminable.TerminationCoordinator#shutdown()}
 * <i>happen-before</i> the termination callback that call causes; and actions of a terminable
 * thread <i>happen-before</i> a successful return from
 * {@link io.github.terminable.TerminableThread#join(java.time.Duration)} or the completion of the
 * {@link io.github.terminable.ShutdownCompletion} that awaited it.
 */
package io.github.terminable;
