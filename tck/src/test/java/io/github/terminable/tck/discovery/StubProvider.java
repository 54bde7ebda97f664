package io.github.terminable.tck.discovery;

import io.github.terminable.tck.child.InertProvider;

/**
 * A provider that only names itself (its simple class name): enough to prove which provider
 * discovery picked. Like every {@link InertProvider}, its coordinator methods fail, since the
 * discovery checks never need one.
 */
public class StubProvider extends InertProvider {

    /** Creates the stub; starts nothing. */
    public StubProvider() {
    }

    @Override
    public String name() {
        return getClass().getSimpleName();
    }

    /** A second stub, so that ServiceLoader can find two providers. */
    public static class Other extends StubProvider {
    }

    /** A provider whose construction fails, as a broken implementation's would. */
    public static class Exploding extends StubProvider {

        /** Always fails. */
        public Exploding() {
            throw new IllegalStateException("provider construction failed on purpose");
        }
    }
}
