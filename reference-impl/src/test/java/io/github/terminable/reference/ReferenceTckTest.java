package io.github.terminable.reference;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.TerminableTck;

/** Runs the shared TCK against this implementation: it must pass every rule. */
class ReferenceTckTest extends TerminableTck {

    private static final ReferenceProvider PROVIDER = new ReferenceProvider();

    @Override
    protected TerminableProvider provider() {
        return PROVIDER;
    }
}
