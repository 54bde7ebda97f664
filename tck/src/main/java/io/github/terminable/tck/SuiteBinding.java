package io.github.terminable.tck;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Binds a test group that runs as a {@code @Nested} class of a {@link TerminableTck} subclass to
 * that suite, so that the group's {@link TckGroup#provider()} returns the suite's provider. This
 * is the one place where nested groups find the implementation under test; the groups declared in
 * {@link TerminableTck} therefore need no forwarding code.
 *
 * <p>JUnit creates the enclosing suite instance before the nested group's instance, and both are
 * in the test's {@code TestInstances} by the time any before-each callback runs. The group
 * resolves its provider lazily, from inside test methods, so the binding is in place before the
 * first use whatever order JUnit calls before-each callbacks in.
 */
final class SuiteBinding implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Object innermost = context.getRequiredTestInstance();
        if (innermost instanceof TckGroup group) {
            group.suite = context.getRequiredTestInstances().findInstance(TerminableTck.class).orElse(null);
        }
    }
}
