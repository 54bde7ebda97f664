package io.github.terminable;

/**
 * A provider whose construction fails, as a broken implementation's would (it is a
 * {@link StubProvider} only so that it need not implement the provider methods it never reaches).
 */
public class ExplodingProvider extends StubProvider {

    static final String MESSAGE = "provider construction failed on purpose";

    public ExplodingProvider() {
        throw new IllegalStateException(MESSAGE);
    }
}
