package io.github.terminable.tck;

import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;

/**
 * The TCK against whatever provider {@link Terminables#provider()} finds: the one named by the
 * system property {@value Terminables#PROVIDER_PROPERTY}, else the one {@code ServiceLoader}
 * finds. The runner CLI runs this class; from Maven, run it with Surefire's
 * {@code dependenciesToScan} (see the TCK's README).
 */
public class DiscoveredProviderTck extends TerminableTck {

    /** Creates the TCK. */
    public DiscoveredProviderTck() {
    }

    @Override
    protected TerminableProvider provider() {
        return Terminables.provider();
    }
}
