package io.github.terminable.tck.child;

/**
 * A stand-in provider used only by the discovery scenarios (section 7): a second candidate on
 * the class path, or a class to name in {@code io.github.terminable.provider}. It is never
 * declared in the TCK jar's {@code META-INF/services}; the discovery tests declare it in a
 * temporary directory. It creates nothing.
 */
public final class NamedTestProvider extends InertProvider {

    /** Creates the stand-in; starts nothing. */
    public NamedTestProvider() {
    }

    @Override
    public String name() {
        return "tck-named-test-provider";
    }
}
