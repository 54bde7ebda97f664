package io.github.terminable.tck;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.harness.Kit;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The common base of every TCK test group: one factory hook for the implementation under test,
 * and the per-test harness ({@link Kit}) that hands out coordinators and enforces the TCK's
 * hygiene rules (errors on other threads, leaked threads and hangs fail the test).
 *
 * <p>Implementers normally extend {@link TerminableTck}, which runs every group; a single group
 * can also be run by extending it directly and implementing {@link #provider()}.
 */
public abstract class TckGroup {

    /** The per-test harness; package-private so that it stays out of the TCK's public API. */
    @RegisterExtension
    final Kit kit = new Kit(this::provider);

    /** Creates the group. */
    protected TckGroup() {
    }

    /**
     * Returns the implementation under test. It may return the same instance on every call or a
     * new one; the TCK only creates independent coordinators from it in-process, and passes its
     * class name to child JVMs for the JVM-wide rules.
     *
     * @return the provider; never {@code null}
     */
    protected abstract TerminableProvider provider();
}
