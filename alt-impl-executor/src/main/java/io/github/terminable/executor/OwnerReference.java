package io.github.terminable.executor;

import java.lang.ref.WeakReference;

/**
 * The owner given to a builder, held weakly from the start (rule 2.6), so that neither a builder
 * kept in a variable nor anything else of this implementation keeps the owner reachable.
 *
 * <p><b>Thread-safety.</b> As {@link WeakReference}.
 */
final class OwnerReference extends WeakReference<Object> {

    OwnerReference(Object owner) {
        super(owner);
    }
}
