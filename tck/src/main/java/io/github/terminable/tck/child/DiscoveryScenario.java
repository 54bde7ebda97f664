package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.say;

import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;

import java.util.ServiceLoader;

/**
 * Provider discovery as an application sees it (section 7). Prints every provider
 * {@code ServiceLoader} sees ({@code SERVICELOADER <class>}), then what
 * {@link Terminables#provider()} chose ({@code CHOSEN <class>}) or threw
 * ({@code FAILED <exception>: <message>}), and whether a second call returned the same instance.
 * Mode {@code retry} then names {@link NamedTestProvider} in the property and looks again, to
 * show that a failed lookup is not remembered.
 */
public final class DiscoveryScenario {

    private DiscoveryScenario() {
    }

    /**
     * Runs one mode.
     *
     * @param args {@code lookup} or {@code retry}
     */
    public static void main(String[] args) {
        try {
            for (TerminableProvider p : ServiceLoader.load(TerminableProvider.class, Terminables.class.getClassLoader())) {
                say("SERVICELOADER " + p.getClass().getName());
            }
        } catch (java.util.ServiceConfigurationError e) {
            say("SERVICELOADER-ERROR " + e.getMessage());
        }
        lookUp();
        if (args.length > 0 && args[0].equals("retry")) {
            System.setProperty(Terminables.PROVIDER_PROPERTY, NamedTestProvider.class.getName());
            lookUp();
        }
    }

    private static void lookUp() {
        try {
            TerminableProvider p = Terminables.provider();
            say("CHOSEN " + p.getClass().getName());
            say("SAME " + (Terminables.provider() == p));
        } catch (RuntimeException e) {
            say("FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
