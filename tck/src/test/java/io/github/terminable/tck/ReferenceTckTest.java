package io.github.terminable.tck;

import io.github.terminable.reference.ReferenceProvider;
import io.github.terminable.spi.TerminableProvider;

/**
 * The in-build check: the reference implementation must pass the whole TCK.
 */
class ReferenceTckTest extends TerminableTck {

    private static final ReferenceProvider PROVIDER = new ReferenceProvider();

    @Override
    protected TerminableProvider provider() {
        return PROVIDER;
    }
}
