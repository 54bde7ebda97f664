package io.github.terminable.executor;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.Terminables;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.Locations;
import io.github.terminable.tck.harness.TckTime;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.github.terminable.tck.harness.TckTime.awaitWindow;
import static io.github.terminable.tck.harness.TckTime.scaled;

/**
 * Shared helpers of this module's tests: coordinators, a recording listener. Timing windows come
 * from the TCK harness's {@link TckTime}.
 */
final class TestSupport {

    private TestSupport() {
    }

    /**
     * A child JVM running {@code program} with the API and this implementation as named modules
     * (the program itself stays on the class path).
     */
    static ChildJvm onModulePath(Class<?> program) {
        String modulePath = String.join(File.pathSeparator, Locations.of(Terminables.class).toString(),
                Locations.of(ExecutorProvider.class).toString());
        return ChildJvm.of(program).classPath(List.of(Locations.of(program).toString()))
                .jvmFlags(List.of("--module-path", modulePath, "--add-modules", "io.github.terminable.executor"));
    }

    /** A fresh independent coordinator with the given callback timeout. */
    static ExecutorCoordinator coordinator(String name, Duration callbackTimeout) {
        return (ExecutorCoordinator) new ExecutorProvider().newCoordinator(CoordinatorSettings.builder().name(name)
                .callbackTimeout(callbackTimeout).shutdownDeadline(scaled(Duration.ofSeconds(5))).build());
    }

    /** A fresh independent coordinator with a generous callback timeout. */
    static ExecutorCoordinator coordinator(String name) {
        return coordinator(name, scaled(Duration.ofSeconds(5)));
    }

    /** Shuts {@code c} down and asserts it completes within the await window. */
    static ShutdownReport shutDownAndAwait(TerminationCoordinator c) throws InterruptedException {
        ShutdownReport report = c.shutdown().await(awaitWindow());
        if (!report.completed()) {
            throw new AssertionError("shutdown did not complete: " + report.describe());
        }
        return report;
    }

    /** A body that blocks until it is interrupted, then ends. */
    static void blockUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException expected) {
            // the request to end
        }
    }
}
