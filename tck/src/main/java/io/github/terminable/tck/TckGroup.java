package io.github.terminable.tck;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.harness.Kit;
import io.github.terminable.tck.harness.KitParameters;
import io.github.terminable.tck.harness.TestHygiene;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The common base of every TCK test group: one factory hook for the implementation under test,
 * the per-test fixtures ({@link Kit}: coordinators, gates, helper threads, child JVMs), the
 * most common of them as test parameters ({@link KitParameters}: a {@code TerminationCoordinator}
 * or a {@code BackgroundLoop}), and the hygiene rules around each test ({@link TestHygiene}:
 * errors on other threads, leaked threads and hangs fail the test).
 *
 * <p>Implementers normally extend {@link TerminableTck}, which runs every group as a
 * {@code @Nested} class; each group then takes the suite's provider ({@link SuiteBinding}). A
 * single group can also be run alone by extending it directly and overriding {@link #provider()}.
 */
@ExtendWith(SuiteBinding.class)
public abstract class TckGroup {

    /** The per-test fixtures; package-private so that they stay out of the TCK's public API. */
    final Kit kit = new Kit(this::provider);

    /** Enforces the hygiene rules around each test and releases {@link #kit}'s fixtures after it. */
    @RegisterExtension
    final TestHygiene hygiene = new TestHygiene(kit);

    /** Resolves a test's {@code TerminationCoordinator} and {@code BackgroundLoop} parameters with {@link #kit}'s. */
    @RegisterExtension
    final KitParameters parameters = new KitParameters(kit);

    /**
     * The suite this group runs in as a nested class, set by {@link SuiteBinding} before each test;
     * {@code null} when the group runs alone. Written and read on the test's thread only.
     */
    TerminableTck suite;

    /** Creates the group. */
    protected TckGroup() {
    }

    /**
     * Returns the implementation under test. It may return the same instance on every call or a
     * new one; the TCK only creates independent coordinators from it in-process, and passes its
     * class name to child JVMs for the JVM-wide rules.
     *
     * <p>By default, the provider of the {@link TerminableTck} suite that runs this group. A group
     * run alone overrides this method.
     *
     * @return the provider; never {@code null}
     * @throws IllegalStateException if the group runs outside a {@link TerminableTck} suite and
     *         does not override this method
     */
    protected TerminableProvider provider() {
        TerminableTck enclosing = suite;
        if (enclosing == null) {
            throw new IllegalStateException(getClass().getName() + " runs outside a TerminableTck subclass:"
                    + " override provider() to return the implementation under test");
        }
        return enclosing.provider();
    }
}
