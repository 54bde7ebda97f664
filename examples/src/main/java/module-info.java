/**
 * terminable examples: a synchronous WebSocket client on a terminable background loop.
 *
 * <p>Depends at compile time on the terminable API only; any implementation can be used at run
 * time. Exports the example client's package; the shared connection code, the status-quo client
 * and the demo programs are not exported.
 */
module io.github.terminable.examples {
    requires transitive io.github.terminable.api;
    requires java.net.http;

    exports io.github.terminable.examples;
}
