package io.github.terminable.tck.harness;

import io.github.terminable.TerminationCoordinator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each {@link TerminationCoordinator} parameter of a test method a new coordinator from the
 * test's kit ({@link Kit#coordinator()}): independent, with the relaxed callback bound, named
 * after the test, and shut down and awaited when the test ends. It is the set-up most TCK tests
 * begin with; a test that needs other settings takes no such parameter and calls
 * {@link Kit#coordinator(java.util.function.UnaryOperator)} itself.
 *
 * <p>Each parameter gets a coordinator of its own. The coordinator is created when JUnit resolves
 * the parameters: after {@link TestHygiene}'s census of this JVM's threads, so that any thread
 * the implementation starts for it counts as the test's. A test marked {@link InChildJvms} has no
 * coordinator in this JVM: the kit refuses it one, and JUnit reports the refusal as the test's
 * failure.
 *
 * <p>Register one per test instance with {@code @RegisterExtension}, beside the kit it draws on.
 */
public final class CoordinatorParameter implements ParameterResolver {

    private final Kit kit;

    /**
     * Creates the resolver for the test instance that uses {@code kit}.
     *
     * @param kit the fixtures that create, and after the test release, the coordinators
     */
    public CoordinatorParameter(Kit kit) {
        if (kit == null) {
            throw new NullPointerException("kit");
        }
        this.kit = kit;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TerminationCoordinator.class;
    }

    @Override
    public TerminationCoordinator resolveParameter(ParameterContext parameterContext,
                                                   ExtensionContext extensionContext) {
        return kit.coordinator();
    }
}
