/**
 * The reference implementation of the terminable specification.
 *
 * <p>It exports nothing: applications use the API module, which finds this implementation
 * through {@link java.util.ServiceLoader} (rules 7.1 to 7.3). It needs {@code jdk.jfr}, present in
 * every standard JDK 17+ run-time image, for its flight-recorder events (rule 8.5).
 *
 * @provides io.github.terminable.spi.TerminableProvider
 */
module io.github.terminable.reference {
    requires io.github.terminable.api;
    requires jdk.jfr;

    provides io.github.terminable.spi.TerminableProvider with io.github.terminable.reference.ReferenceProvider;
}
