package io.github.terminable.examples.server;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real WebSocket server (Jetty 12) for the tests and the demo: bound to 127.0.0.1 on an
 * ephemeral port, it echoes every text message on {@code /echo} (except {@link #CLOSE_REQUEST},
 * which makes it close the connection) and records how each connection
 * ended, including the status code of the close frame the client sent.
 *
 * <p>"Received a close frame" is judged by Jetty's protocol implementation: Jetty reports
 * {@link StatusCode#ABNORMAL} (1006), a code that may never appear on the wire, when the
 * connection dropped without a close frame. The idle timeout is set far beyond any test, so a
 * 1001 from Jetty's own idle timeout cannot be mistaken for the client's.
 *
 * <p><b>Thread-safety.</b> Thread-safe: the records are kept in copy-on-write lists written by
 * Jetty's threads and read by the test; additions to the ends are also signalled on that list's
 * monitor, for {@link #awaitEnds}.
 */
public final class RecordingWebSocketServer implements AutoCloseable {

    /** A text message that makes the server close the connection (status 1000) instead of echoing. */
    public static final String CLOSE_REQUEST = "please close";

    private final Server server;
    private final URI uri;
    private final List<ConnectionEnd> ends = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();

    private RecordingWebSocketServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("jetty-test-server");
        threads.setDaemon(true); // never keeps a test or demo JVM alive
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(10));
            container.addMapping("/echo", (request, response, callback) -> new EchoEndpoint());
        }));
        server.start();
        uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
    }

    /**
     * Starts a server.
     *
     * @return the running server
     * @throws Exception if Jetty fails to start
     */
    public static RecordingWebSocketServer start() throws Exception {
        return new RecordingWebSocketServer();
    }

    /**
     * Returns the echo endpoint's URI.
     *
     * @return {@code ws://127.0.0.1:PORT/echo}
     */
    public URI uri() {
        return uri;
    }

    /**
     * Returns how the connections that have ended so far ended, in order.
     *
     * @return a snapshot
     */
    public List<ConnectionEnd> ends() {
        return List.copyOf(ends);
    }

    /**
     * Waits until at least {@code count} connections have ended, at most {@code within}.
     *
     * @param count how many ends to wait for
     * @param within the bound
     * @return the ends so far; fewer than {@code count} if the bound elapsed
     * @throws InterruptedException if interrupted while waiting
     */
    public List<ConnectionEnd> awaitEnds(int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (ends) {
            while (ends.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(ends, left);
            }
            return List.copyOf(ends);
        }
    }

    /**
     * Returns every text message received so far, in order of arrival.
     *
     * @return a snapshot
     */
    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /**
     * How one connection ended, as Jetty saw it.
     *
     * @param statusCode the close frame's status code, or 1006 if the connection dropped without one
     * @param reason the close frame's reason, or Jetty's description
     * @param at when Jetty reported it
     */
    public record ConnectionEnd(int statusCode, String reason, Instant at) {

        /**
         * Returns whether the client sent a close frame.
         *
         * @return {@code false} if the connection just dropped
         */
        public boolean closeFrameReceived() {
            return statusCode != StatusCode.ABNORMAL && statusCode != StatusCode.NO_CLOSE;
        }

        /**
         * Describes the end for the demo table.
         *
         * @return such as {@code "yes, 1001 (going away)"} or {@code "no (dropped, 1006)"}
         */
        public String describe() {
            return closeFrameReceived() ? "yes, " + statusCode + " (" + reason + ")" : "no (connection dropped, " + statusCode + ")";
        }
    }

    /** Echoes text and records the end. Jetty creates one per connection; public for Jetty's method lookup. */
    public final class EchoEndpoint extends Session.Listener.AbstractAutoDemanding {
        @Override
        public void onWebSocketText(String message) {
            received.add(message);
            if (message.equals(CLOSE_REQUEST)) {
                getSession().close(StatusCode.NORMAL, "asked by the client", Callback.NOOP);
            } else {
                getSession().sendText(message, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason) {
            synchronized (ends) {
                ends.add(new ConnectionEnd(statusCode, reason, Instant.now()));
                ends.notifyAll();
            }
        }
    }
}
