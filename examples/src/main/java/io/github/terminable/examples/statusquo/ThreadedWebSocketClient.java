package io.github.terminable.examples.statusquo;

import io.github.terminable.examples.internal.SharedHttpClient;
import io.github.terminable.examples.internal.WebSocketConnection;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The status quo, for comparison only: the same synchronous WebSocket client as
 * {@link io.github.terminable.examples.SyncWebSocketClient}, with the same connection code, but
 * its worker is a plain thread, as libraries have it today.
 *
 * <ul>
 *   <li><b>Daemon worker</b> ({@code daemon = true}): if the caller forgets {@link #close()}, the
 *       JVM exits when {@code main} returns, and nothing tells the worker: the server never gets
 *       a close frame, only a dropped connection.</li>
 *   <li><b>Non-daemon worker</b> ({@code daemon = false}): if the caller forgets {@link #close()},
 *       the idle worker keeps the JVM alive forever after {@code main} returns.</li>
 * </ul>
 * A JVM shutdown hook could send the close frame in the daemon case, but hooks run concurrently
 * with every other hook (logging may already be gone) and never run for the non-daemon case,
 * because that JVM never starts exiting; the spec's Motivation section lists the reports (spec/README.md, "The daemon dilemma").
 *
 * <p>Uses no terminable API at all. Not part of the example's public API: the package is not
 * exported.
 *
 * <p><b>Thread-safety.</b> Every method is thread-safe; sends run one at a time on the worker.
 */
public final class ThreadedWebSocketClient implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

    private final WebSocketConnection connection;
    private final ExecutorService worker;

    private ThreadedWebSocketClient(URI uri, boolean daemon) {
        this.connection = new WebSocketConnection(uri);
        this.worker = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "websocket " + uri);
            t.setDaemon(daemon);
            return t;
        });
    }

    /**
     * Connects to {@code uri}, performing the handshake on a new worker thread.
     *
     * @param uri the server's {@code ws:} or {@code wss:} URI
     * @param daemon whether the worker thread is a daemon
     * @return the connected client
     * @throws IOException if the handshake fails
     * @throws InterruptedException if the calling thread is interrupted while connecting
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not a {@code ws:} or {@code wss:} URI
     */
    public static ThreadedWebSocketClient connect(URI uri, boolean daemon) throws IOException, InterruptedException {
        ThreadedWebSocketClient client = new ThreadedWebSocketClient(uri, daemon);
        try {
            client.onWorker(() -> {
                client.connection.open(SharedHttpClient.get(), CONNECT_TIMEOUT);
                return null;
            });
            return client;
        } catch (IOException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Sends one text message on the worker and waits until it has been handed to the network.
     *
     * @param text the message
     * @throws IOException if the send fails
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws NullPointerException if {@code text} is null
     */
    public void send(String text) throws IOException, InterruptedException {
        Objects.requireNonNull(text, "text must not be null");
        onWorker(() -> {
            connection.sendText(text, SEND_TIMEOUT);
            return null;
        });
    }

    /**
     * Returns the next received text message, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; must be positive
     * @return the message, or empty if none arrived in time
     * @throws IOException if the connection has ended and no message is left
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public Optional<String> receive(Duration timeout) throws IOException, InterruptedException {
        return connection.receive(WebSocketConnection.requirePositive("timeout", timeout));
    }

    /**
     * Sends a close frame with status 1000 from the worker, then stops the worker. Only an
     * explicit call ever closes the connection properly.
     */
    @Override
    public void close() {
        connection.chooseNormalClosure();
        try {
            worker.submit(() -> connection.closeGracefully(CLOSE_TIMEOUT)).get();
        } catch (RejectedExecutionException | ExecutionException e) {
            // already closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            worker.shutdown();
        }
    }

    private void onWorker(WorkerStep step) throws IOException, InterruptedException {
        try {
            worker.submit(() -> {
                step.run();
                return null;
            }).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("client of " + connection.uri() + " is closed", e);
        }
    }

    /** One step run on the worker thread. */
    @FunctionalInterface
    private interface WorkerStep {
        Void run() throws Exception;
    }
}
