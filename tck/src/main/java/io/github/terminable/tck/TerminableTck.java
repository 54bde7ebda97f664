package io.github.terminable.tck;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.harness.InChildJvms;

import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestClassOrder;

/**
 * The TCK: extend this class once in your implementation's tests and return your provider.
 *
 * <pre>{@code
 * class MyTckTest extends TerminableTck {
 *     @Override
 *     protected TerminableProvider provider() {
 *         return new MyProvider();
 *     }
 * }
 * }</pre>
 *
 * <p>JUnit Jupiter discovers every group below as an inherited {@code @Nested} class of the
 * subclass. Each group is a top-level abstract class of this package ({@link TckGroup}) and takes
 * this suite's {@link #provider()} before each test, so the groups need no code here; a single
 * group can also be run alone by extending it directly and overriding its {@code provider()}.
 *
 * <p>In-process tests use independent coordinators created from the provider. The JVM-wide
 * rules (section 4, parts of 2.5, 6.1, 7 and 9.1) run in child JVMs that start the same
 * {@code java} with the current {@code java.class.path} and
 * {@code -Dio.github.terminable.provider=<provider().getClass().getName()>}, so the provider
 * class must have a public no-argument constructor and be on the class path.
 *
 * <p>In-process tests must not run in parallel within one JVM: they watch process-wide state
 * (threads, {@code System.err}). Only the child-JVM tests ({@link InChildJvms}) may run beside
 * them, under JUnit's parallel execution configured as in
 * {@link InChildJvms#PARALLEL_CONFIGURATION}.
 *
 * <p>The groups run in JUnit's default order, except {@code Observability}, which runs last: two
 * of its tests start a flight recording, and once a JVM's flight recorder is initialised it stays
 * so. An implementation may (rule 8.5.b) skip work while no recording can exist, as the
 * reference does by building no termination record when nobody listens; every other test must
 * see that path as an application without a recording does, or a break in it (such as a failed
 * callback that is then not printed, rule 3.5) passes unnoticed.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
public abstract class TerminableTck {

    /** Creates the TCK. */
    protected TerminableTck() {
    }

    /**
     * Returns the implementation under test. It may return the same instance on every call or a
     * new one.
     *
     * @return the provider; never {@code null}
     */
    protected abstract TerminableProvider provider();

    /** Section 1: one thread's life cycle and terminate request. */
    @Nested
    class Threads extends ThreadLifecycleTests {
    }

    /** Section 2: registration, forgetting, rejection, isolation, owners. */
    @Nested
    class Registration extends RegistrationTests {
    }

    /** Section 3, rules 3.1 to 3.6: how shutdown begins and orders its callbacks. */
    @Nested
    class ShutdownOrder extends ShutdownOrderTests {
    }

    /** Section 3, rules 3.7 to 3.10: completion, reports, re-entrancy, phases. */
    @Nested
    class ShutdownCompletion extends ShutdownCompletionTests {
    }

    /** Section 3, completion order: turns that wait for each unit to end (rules 3.2 to 3.6, 3.11, 3.12). */
    @Nested
    class CompletionOrder extends CompletionOrderTests {
    }

    /** Section 2, rule 2.7: coordinators attached to a parent coordinator. */
    @Nested
    class Attached extends AttachedCoordinatorTests {
    }

    /** Section 5, rules 5.8 to 5.10: loops keep the ExecutorService contract. */
    @Nested
    class LoopContract extends LoopContractTests {
    }

    /** Section 5, rules 5.1 to 5.4: submitting work to background loops. */
    @Nested
    class Loops extends LoopTests {
    }

    /** Section 5, rules 5.5 to 5.8: cleanups, the loop context, loops as terminable threads, close(). */
    @Nested
    class LoopTermination extends LoopTerminationTests {
    }

    /** Section 4, quiescence path (child JVMs). */
    @Nested
    class Quiescence extends QuiescenceTests {
    }

    /** Section 4, JVM shutdown-hook path (child JVMs). */
    @Nested
    class JvmHook extends JvmHookTests {
    }

    /** Section 4, rule 4.12: a shutdown begun by quiescence that misses its deadline (child JVMs). */
    @Nested
    class QuiescenceDeadline extends QuiescenceDeadlineTests {
    }

    /** Rule 2.7 with the JVM-wide coordinator: attached coordinators on every exit path (child JVMs). */
    @Nested
    class AttachedGlobal extends AttachedGlobalTests {
    }

    /** Rules 4.1 and 9.1: installing the JVM-wide coordinator (child JVMs). */
    @Nested
    class GlobalInstall extends GlobalInstallTests {
    }

    /** Section 8: listeners and JFR events; last, see the class comment. */
    @Nested
    @Order(Integer.MAX_VALUE)
    class Observability extends ObservabilityTests {
    }

    /** Section 9: settings validation. */
    @Nested
    class Settings extends SettingsTests {
    }

    /** Section 6: virtual threads, or their clear absence. */
    @Nested
    class VirtualThreads extends VirtualThreadTests {
    }

    /** Section 7: provider discovery (child JVMs). */
    @Nested
    class Discovery extends DiscoveryTests {
    }

    /** Property-based shutdown scenarios (QuickTheories). */
    @Nested
    class ShutdownProperties extends ShutdownPropertyTests {
    }

    /** Property-based background-loop scenarios (QuickTheories). */
    @Nested
    class LoopProperties extends LoopPropertyTests {
    }

    /** Repeated races between terminate(), start(), shutdown(), thread exits and loop submissions. */
    @Nested
    class Races extends RaceTests {
    }
}
