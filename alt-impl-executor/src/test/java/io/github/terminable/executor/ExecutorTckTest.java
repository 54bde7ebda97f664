package io.github.terminable.executor;

import io.github.terminable.spi.TerminableProvider;
import io.github.terminable.tck.TerminableTck;

/** Runs the shared TCK against this implementation. */
class ExecutorTckTest extends TerminableTck {

    @Override
    protected TerminableProvider provider() {
        return new ExecutorProvider();
    }
}
