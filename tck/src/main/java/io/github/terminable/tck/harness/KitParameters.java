package io.github.terminable.tck.harness;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.TerminationCoordinator;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.reflect.Parameter;

/**
 * Gives a test method the set-ups most TCK tests begin with as parameters, each made by the
 * test's kit and released by it when the test ends:
 * <ul>
 *   <li>a {@link TerminationCoordinator} parameter: a new coordinator ({@link Kit#coordinator()}:
 *       independent, with the relaxed callback bound, named after the test), shut down and
 *       awaited when the test ends; marked {@link ShortBound}, the same with the short callback
 *       bound instead, for a test that provokes overruns;</li>
 *   <li>a {@link BackgroundLoop} parameter: a started loop named after the test method, on a new
 *       coordinator of its own ({@link Kit#startLoop(String)}), which ends with that
 *       coordinator's shutdown.</li>
 * </ul>
 * A test that needs other settings takes no such parameter and calls the kit itself. Each
 * parameter gets a fixture of its own.
 *
 * <p>The fixtures are made when JUnit resolves the parameters: after {@link TestHygiene}'s census
 * of this JVM's threads, so that any thread the implementation starts for them counts as the
 * test's. A test marked {@link InChildJvms} has no fixture in this JVM: the kit refuses it one,
 * and JUnit reports the refusal as the test's failure.
 *
 * <p>Register one per test instance with {@code @RegisterExtension}, beside the kit it draws on.
 */
public final class KitParameters implements ParameterResolver {

    private final Kit kit;

    /**
     * Creates the resolver for the test instance that uses {@code kit}.
     *
     * @param kit the fixtures that make, and after the test release, what the parameters get
     */
    public KitParameters(Kit kit) {
        if (kit == null) {
            throw new NullPointerException("kit");
        }
        this.kit = kit;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TerminationCoordinator.class || type == BackgroundLoop.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        boolean shortBound = parameter.isAnnotationPresent(ShortBound.class);
        if (parameter.getType() == BackgroundLoop.class) {
            if (shortBound) {
                throw new ParameterResolutionException("@ShortBound applies to a TerminationCoordinator parameter only,"
                        + " not to " + parameter + " of " + parameter.getDeclaringExecutable());
            }
            return kit.startLoop(extensionContext.getRequiredTestMethod().getName());
        }
        return shortBound ? kit.coordinator(b -> b.callbackTimeout(TckTime.shortCallbackTimeout())) : kit.coordinator();
    }
}
