package io.github.terminable.reference.scenarios;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;
import io.github.terminable.spi.TerminableProvider;

import java.time.Duration;

/** Run with the API and the implementation on the module path: the provider is found through 'provides'. */
public final class ModulePathProbe {
    public static void main(String[] args) throws Exception {
        TerminableProvider provider = Terminables.provider();
        Module module = provider.getClass().getModule();
        System.out.println("MODULE " + module.getName());
        System.out.println("EXPORTS " + module.getDescriptor().exports());
        TerminationCoordinator c = Terminables.newCoordinator(CoordinatorSettings.builder().name("modular").build());
        c.threadBuilder().name("modular-worker").start(Workers::waitThenClean);
        ShutdownReport report = c.shutdown().await(Duration.ofSeconds(30));
        System.out.println("COMPLETED " + report.completed());
    }
}
