/**
 * The TCK's test harness, also the one harness of every other module's tests (used in test
 * scope): how a test starts a child JVM, how long it waits, and how it observes an
 * implementation.
 *
 * <h2>Public contract</h2>
 * These classes are for use outside the TCK; they keep their behaviour as documented on each:
 * <ul>
 *   <li>{@link io.github.terminable.tck.harness.ChildJvm} and
 *       {@link io.github.terminable.tck.harness.ChildProcess}: the project's only launcher of
 *       child processes. A child runs the running JDK's {@code java} with the current class path,
 *       light flags and the time factor; at most
 *       {@value io.github.terminable.tck.harness.ChildJvm#MAX_CONCURRENT} run at once per JVM;
 *       every wait is bounded, and a child that overstays is killed and fails the test with its
 *       whole output.</li>
 *   <li>{@link io.github.terminable.tck.harness.TckTime}: the one time factor of the whole
 *       build (system property {@value io.github.terminable.tck.harness.TckTime#FACTOR_PROPERTY},
 *       else environment variable {@value io.github.terminable.tck.harness.TckTime#FACTOR_ENV},
 *       else 1) and the windows scaled by it. No other code parses the factor.</li>
 *   <li>{@link io.github.terminable.tck.harness.RecordingListener}: a thread-safe
 *       {@code TerminationListener} that records every event in order.</li>
 *   <li>{@link io.github.terminable.tck.harness.Gate}: a one-shot latch that test code blocks on
 *       until the test opens it, bounded by the test timeout.</li>
 *   <li>{@link io.github.terminable.tck.harness.SimulatedWork}: work that takes time in a
 *       body, callback or cleanup, or that never ends on its own; the one way the build's tests
 *       spend time, never how they wait for another thread.</li>
 *   <li>{@link io.github.terminable.tck.harness.Locations}: the jar or directory a class was
 *       loaded from, for building class and module paths of children.</li>
 *   <li>{@link io.github.terminable.tck.harness.StdErrCapture#during}: what an action wrote to
 *       {@code System.err}, for checking diagnostics.</li>
 * </ul>
 *
 * <p>The other public classes of this package ({@code Kit}, {@code TestHygiene},
 * {@code KitParameters}, {@code ShortBound}, {@code InChildJvms},
 * {@code Journal}, {@code Applicability}, {@code StdErrCapture} apart from {@code during},
 * {@code TckKnobs},
 * {@code ErrorCollector}, {@code StackDump}) are public only because the TCK's own packages use
 * them; they are not part of this contract and may change with the TCK.
 *
 * <p>None of these classes makes a test pass by waiting: a fixed sleep is never a correctness
 * condition. Waits for something that must happen use
 * {@link io.github.terminable.tck.harness.TckTime#awaitWindow()} and return as soon as it does;
 * only checks that something must not happen watch a whole
 * {@link io.github.terminable.tck.harness.TckTime#quietWindow()}.
 */
package io.github.terminable.tck.harness;
