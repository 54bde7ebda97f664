/**
 * The executor-based implementation of the terminable specification: a second, independent
 * implementation built on {@code java.util.concurrent} executors.
 *
 * <p>It exports nothing. Applications reach it only through the API
 * ({@code io.github.terminable.Terminables}), which finds it as a service provider.
 *
 * @provides io.github.terminable.spi.TerminableProvider
 */
module io.github.terminable.executor {
    requires io.github.terminable.api;
    // Optional: JFR events (rule 8.5) are emitted only when jdk.jfr is in the run-time image.
    requires static jdk.jfr;

    provides io.github.terminable.spi.TerminableProvider with io.github.terminable.executor.ExecutorProvider;
}
