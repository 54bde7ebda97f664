/**
 * The terminable API: terminable threads, background loops and ordered shutdown.
 *
 * <p>This module is interface-only and depends on nothing beyond {@code java.base}. An
 * implementation is found at run time through {@link io.github.terminable.Terminables}; see
 * spec rules 7.1 to 7.3.
 *
 * @uses io.github.terminable.spi.TerminableProvider
 */
module io.github.terminable.api {
    exports io.github.terminable;
    exports io.github.terminable.spi;

    uses io.github.terminable.spi.TerminableProvider;
}
