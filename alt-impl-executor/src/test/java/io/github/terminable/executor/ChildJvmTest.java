package io.github.terminable.executor;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.executor.programs.Discovery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.terminable.executor.TestSupport.onModulePath;
import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * This implementation as a packaged JVM sees it, with the real {@code java} binary: its provider
 * is found on the class path and, through its module declaration, on the module path, and
 * nothing JVM-wide is installed before {@code global()}. The global coordinator's triggers
 * (section 4) are checked by the TCK's child-JVM groups.
 */
class ChildJvmTest {

    /** Generous bound for a child JVM to start, do its work and exit. */
    private static final Duration EXIT_BOUND = scaled(Duration.ofSeconds(30));

    @Test
    void theProviderIsFoundOnTheClassPathAndTheModulePathAndInstallsNothingUntilGlobal() throws Exception {
        try (ChildProcess child = ChildJvm.of(Discovery.class).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named false", "watcher-before-global false", "watcher-after-global true");
        }
        try (ChildProcess child = onModulePath(Discovery.class).start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named true");
        }
        // Rule 7.1 on the module path: the named provider is found among the declared services,
        // although its package is not exported.
        try (ChildProcess child = onModulePath(Discovery.class)
                .property("io.github.terminable.provider", "io.github.terminable.executor.ExecutorProvider").start()) {
            assertThat(child.awaitExit(EXIT_BOUND)).as(String.join("\n", child.stderr())).isZero();
            assertThat(String.join("\n", child.stdout())).contains("provider executor io.github.terminable.executor.ExecutorProvider",
                    "provider-module-named true");
        }
    }
}
