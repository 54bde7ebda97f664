/**
 * The reference implementation of the terminable specification. Nothing here is exported; the
 * only entry point is {@link io.github.terminable.reference.ReferenceProvider}, found through
 * {@link java.util.ServiceLoader}.
 *
 * <h2>Map of the package</h2>
 * <ul>
 *   <li>{@link io.github.terminable.reference.ReferenceProvider}: the service provider; starts
 *       nothing until asked (rule 4.1).</li>
 *   <li>{@link io.github.terminable.reference.ReferenceCoordinator}: the phase state machine
 *       {@code OPEN -> TERMINATING -> TERMINATED} and the registry of live threads (sections 2
 *       and 3). It builds each turn and hands it to a terminator; nothing on the callback path
 *       calls it back.</li>
 *   <li>{@link io.github.terminable.reference.ReferenceTerminableThread}: the per-thread state
 *       machine {@code NEW -> RUNNING -> ENDED} plus its termination-requested flag (section 1), the
 *       end signal a terminate-phase turn waits on (rule 3.2) and {@code current()} (rule 1.11).</li>
 *   <li>{@link io.github.terminable.reference.CallbackJob},
 *       {@link io.github.terminable.reference.AttachedTurnJob} and
 *       {@link io.github.terminable.reference.PhaseStep}: one callback, terminate-phase turn or
 *       phase step each: callback, then the wait for the unit's end, within the turn's bound
 *       (rules 2.7, 3.2 to 3.6, 3.11 and 3.12). Each is given a name, a bound and the
 *       coordinator's {@link io.github.terminable.reference.Reporter}, not the coordinator.</li>
 *   <li>{@link io.github.terminable.reference.Terminator}: runs termination callbacks and
 *       listener notifications one at a time, each bounded (rules 1.8, 3.3 and 3.4). Each
 *       coordinator has two: one for the terminate phase of its shutdown, one for requests made
 *       outside it, so neither kind of callback waits for the other (rules 1.2 and 3.7).</li>
 *   <li>{@link io.github.terminable.reference.ReferenceShutdownCompletion}: the one completion
 *       handle of a shutdown (rules 3.1, 3.7 and 3.8).</li>
 *   <li>{@link io.github.terminable.reference.GlobalCoordinator},
 *       {@link io.github.terminable.reference.QuiescenceWatcher} and
 *       {@link io.github.terminable.reference.JvmExitHook}: the JVM-wide coordinator, the hold
 *       of its last thread (rule 4.11), and its triggers (section 4).</li>
 *   <li>{@link io.github.terminable.reference.ReferenceBackgroundLoop} with
 *       {@link io.github.terminable.reference.LoopTaskQueue} and
 *       {@link io.github.terminable.reference.LoopContextImpl}: background loops (section 5).</li>
 *   <li>{@link io.github.terminable.reference.OwnerCleaner}: unreachable owners (rule 2.6).</li>
 *   <li>{@link io.github.terminable.reference.VirtualThreads}: virtual threads, found at run time
 *       (section 6).</li>
 *   <li>{@link io.github.terminable.reference.Reporter}: one per coordinator; where every
 *       outcome goes, fanned out to {@link io.github.terminable.reference.ListenerBroadcast},
 *       {@link io.github.terminable.reference.FlightRecorderEvents},
 *       {@link io.github.terminable.spi.DiagnosticCode#report DiagnosticCode.report} and the shutdown's report
 *       (section 8).</li>
 * </ul>
 *
 * <h2>Locking</h2>
 * There are three kinds of lock, always taken in this order and never held while user code
 * (callbacks, listeners, thread bodies, tasks) runs: the class-wide attach lock (only
 * {@code attach}), a parent coordinator's lock, a child coordinator's lock (only {@code attach}),
 * then a terminator's lock; a loop's queue lock is independent of all of them. A terminator's
 * watchdog, holding the terminator's lock, only reads volatile state of threads and
 * coordinators. A turn waits (for a thread's end or a child's completion) holding no lock.
 */
package io.github.terminable.reference;
