package io.github.terminable;

import io.github.terminable.spi.DiagnosticCode;
import io.github.terminable.spi.TerminableProvider;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The discovery entry point: finds the one {@link TerminableProvider} of this JVM and hands out
 * its coordinators.
 *
 * <p>Lookup order (rules 7.1 to 7.3):
 * <ol>
 *   <li>If the system property {@value #PROVIDER_PROPERTY} is set, the named class is loaded
 *       and instantiated through its public no-argument constructor.</li>
 *   <li>Otherwise {@link ServiceLoader} is asked for {@link TerminableProvider}; the first one
 *       found is used. When more than one is found, the choice is reported on
 *       {@code System.err} with every candidate's class name.</li>
 *   <li>When none is found, or the provider fails to load, {@link TerminableProviderException}
 *       is thrown. Its message names the artifact to add ({@value #REFERENCE_ARTIFACT}) and the
 *       property to set. There is never a silent no-op: one would keep JVMs alive.</li>
 * </ol>
 *
 * <p><b>Thread-safety.</b> All methods are thread-safe. The provider is looked up once, on the
 * first call that needs it; a failed lookup is not cached, so a later call retries.
 *
 * <p><b>Memory consistency.</b> The provider's construction <i>happens-before</i> the return of
 * {@link #provider()} in every thread.
 */
public final class Terminables {

    /** System property naming the provider class to use; overrides {@link ServiceLoader} (rule 7.1). */
    public static final String PROVIDER_PROPERTY = "io.github.terminable.provider";

    /** Maven coordinates of the reference implementation, named in discovery failures (rule 7.3). */
    public static final String REFERENCE_ARTIFACT = "io.github.terminable:terminable-reference";

    /*
     * The provider is published through a volatile field: a racing first lookup may construct
     * two providers, but only one is ever published and returned (compareAndSet semantics are
     * given by the synchronized block below), so every caller sees the same instance.
     */
    private static volatile TerminableProvider provider;

    private Terminables() {
    }

    /**
     * Returns this JVM's provider, looking it up on first use.
     *
     * @return the provider; never {@code null}
     * @throws TerminableProviderException if no provider is present or the provider cannot be
     *     loaded (rule 7.3)
     */
    public static TerminableProvider provider() {
        TerminableProvider found = provider;
        if (found != null) {
            return found;
        }
        synchronized (Terminables.class) {
            if (provider == null) {
                provider = lookUp();
            }
            return provider;
        }
    }

    /**
     * Returns the JVM-wide coordinator, installing it on first use (rule 4.1).
     *
     * @return the JVM-wide coordinator; never {@code null}
     * @throws TerminableProviderException if no provider can be found (rule 7.3)
     */
    public static TerminationCoordinator global() {
        return provider().globalCoordinator();
    }

    /**
     * Creates an independent coordinator with default settings (rule 2.5).
     *
     * @return a new coordinator in phase {@link CoordinatorPhase#OPEN}
     * @throws TerminableProviderException if no provider can be found (rule 7.3)
     */
    public static TerminationCoordinator newCoordinator() {
        return provider().newCoordinator(CoordinatorSettings.defaults());
    }

    /**
     * Creates an independent coordinator (rule 2.5).
     *
     * @param settings the coordinator's settings
     * @return a new coordinator in phase {@link CoordinatorPhase#OPEN}
     * @throws NullPointerException if {@code settings} is null
     * @throws TerminableProviderException if no provider can be found (rule 7.3)
     */
    public static TerminationCoordinator newCoordinator(CoordinatorSettings settings) {
        if (settings == null) {
            throw new NullPointerException("settings must not be null");
        }
        return provider().newCoordinator(settings);
    }

    private static TerminableProvider lookUp() {
        String className = System.getProperty(PROVIDER_PROPERTY);
        if (className != null) {
            return byName(className.trim());
        }
        List<TerminableProvider> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<TerminableProvider> it = ServiceLoader.load(TerminableProvider.class,
                Terminables.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                failures.add(e.getMessage());
                if (failures.size() > 16) {
                    break; // a broken iterator may keep failing; 16 reports are plenty
                }
            }
        }
        if (found.isEmpty() && !failures.isEmpty()) {
            throw new TerminableProviderException(DiagnosticCode.NO_LOADABLE_PROVIDER.line("a TerminableProvider was declared but failed to load: "
                    + String.join("; ", failures) + ". " + remedy()));
        }
        if (found.isEmpty()) {
            throw new TerminableProviderException(DiagnosticCode.NO_PROVIDER.line(
                    "no TerminableProvider found on the class path or module path. " + remedy()));
        }
        if (found.size() > 1) {
            List<String> names = new ArrayList<>();
            for (TerminableProvider p : found) {
                names.add(p.getClass().getName());
            }
            DiagnosticCode.SEVERAL_PROVIDERS.report("several terminable providers found " + names
                    + "; using " + names.get(0) + ". Set -D" + PROVIDER_PROPERTY + "=<class> to choose one.", null);
        }
        return found.get(0);
    }

    /*
     * The named provider is first looked for among the declared services: on the module path an
     * implementation exports none of its packages, so only ServiceLoader may instantiate it. Only
     * a class that is not a declared service is instantiated reflectively (class path, tests).
     */
    private static TerminableProvider byName(String className) {
        try {
            for (ServiceLoader.Provider<TerminableProvider> candidate : ServiceLoader.load(TerminableProvider.class,
                    Terminables.class.getClassLoader()).stream().toList()) {
                if (candidate.type().getName().equals(className)) {
                    return candidate.get();
                }
            }
        } catch (ServiceConfigurationError e) {
            // A broken declaration elsewhere must not hide the provider the user named:
            // fall through to loading it directly, which reports its own failure.
        }
        return instantiate(className);
    }

    private static TerminableProvider instantiate(String className) {
        try {
            Class<?> type = Class.forName(className, true, Terminables.class.getClassLoader());
            if (!TerminableProvider.class.isAssignableFrom(type)) {
                throw new TerminableProviderException(DiagnosticCode.NAMED_PROVIDER_UNUSABLE.line(PROVIDER_PROPERTY + "="
                        + className + " does not implement " + TerminableProvider.class.getName() + ". " + remedy()));
            }
            return (TerminableProvider) type.getConstructor().newInstance();
        } catch (TerminableProviderException e) {
            throw e;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            throw new TerminableProviderException(DiagnosticCode.NAMED_PROVIDER_UNUSABLE.line("the provider named by "
                    + PROVIDER_PROPERTY + "=" + className + " failed to load (" + e + "). " + remedy()), e);
        }
    }

    private static String remedy() {
        return "Add an implementation such as " + REFERENCE_ARTIFACT
                + " to the run-time class path, or set the system property " + PROVIDER_PROPERTY
                + " to the class name of a TerminableProvider.";
    }
}
