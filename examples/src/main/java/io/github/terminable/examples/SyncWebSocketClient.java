package io.github.terminable.examples;

import io.github.terminable.BackgroundLoop;
import io.github.terminable.LoopTask;
import io.github.terminable.Terminables;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.examples.internal.SharedHttpClient;
import io.github.terminable.examples.internal.WebSocketConnection;

import java.io.IOException;
import java.lang.ref.Reference;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A synchronous WebSocket client that says goodbye properly even when nobody calls
 * {@link #close()}: the problem this project exists to solve, working for real.
 *
 * <p>Operations: {@linkplain #connect(URI) connect}, {@linkplain #send(String) send},
 * {@linkplain #receive(Duration) receive with a timeout}, {@linkplain #close() close}. It is
 * built on the JDK's asynchronous {@link java.net.http.WebSocket} and on one
 * {@link BackgroundLoop} per client, which opens the connection, performs every send, and owns
 * the closing handshake.
 *
 * <h2>Why a terminable loop</h2>
 * A client that owns a thread has two bad choices on the plain JVM: a non-daemon thread keeps the
 * JVM alive forever when the caller forgets {@code close()}; a daemon thread lets the JVM exit but
 * never sends the close frame. This client's loop is a terminable thread (non-daemon, rule 1.9),
 * and the close frame is sent by a cleanup action that the loop registered for itself with
 * {@link io.github.terminable.LoopContext#deferCleanup} (rule 5.5). So whatever ends the loop,
 * the server gets a proper close frame before the loop thread ends:
 * <ul>
 *   <li>{@link #close()}: status 1000 (normal closure), after every send accepted before it; it
 *       waits for the loop to end, at most the coordinator's shutdown deadline (rule 5.8);</li>
 *   <li>{@code main} returned without {@code close()}: the JVM-wide coordinator sees that only
 *       terminable threads are left (quiescence, rule 4.2) and terminates the loop: status 1001
 *       (going away), then the JVM exits normally (or, if the goodbye overran the shutdown
 *       deadline, with the deadline exit status, rule 4.12);</li>
 *   <li>{@code System.exit}, SIGTERM, SIGINT, SIGHUP, or jshell's {@code /exit}: the
 *       coordinator's one shutdown hook terminates the loop and waits for it (rules 4.6, 4.7,
 *       4.10): status 1001;</li>
 *   <li>the client object became unreachable without {@code close()}: the loop was started with
 *       this client as its {@linkplain io.github.terminable.BackgroundLoopBuilder#owner owner}, so
 *       it is terminated once the client is garbage-collected (rule 2.6): status 1001.</li>
 * </ul>
 * The closing handshake waits for the close frame to be sent and for the server's answer, each at
 * most the {@linkplain Builder#closeTimeout close timeout}, then aborts what is left; it ignores
 * the termination interrupt for that bounded time and re-asserts it afterwards.
 *
 * <h2>Order with other terminable threads</h2>
 * A coordinator's shutdown gives its units one turn each, newest first, and a turn ends when its
 * unit has ended (completion order, rules 3.2 and 3.3). The client's loop is awaited in its turn
 * (the default, rule 3.11), and it ends only after its cleanup: so every terminable thread or
 * loop registered before the client, such as a logging loop or a connection pool the application
 * started first, is asked to stop only once the client has said goodbye. The turn is bounded by
 * the coordinator's {@code callbackTimeout} (rule 3.4): keep the closing handshake's bound, twice
 * the close timeout, below it, or the turn overruns and the earlier units are asked to stop while
 * the goodbye is still under way.
 *
 * <p>For the owner rule to work, nothing the loop runs may hold this object strongly: the loop's
 * tasks and its cleanup action capture only the internal connection, never the client. Each
 * public method keeps the client reachable until it returns
 * ({@link Reference#reachabilityFence}), so the loop cannot be terminated under a caller that is
 * still using it.
 *
 * <p>At compile time this class needs only {@code terminable-api}; at run time any
 * implementation on the class path works (rules 7.1 to 7.3).
 *
 * <p><b>Thread-safety.</b> Every method is thread-safe. Sends from several threads are run one at
 * a time on the loop, in the order the loop accepted them (rule 5.1). Received messages go to a
 * single queue: each message is returned by exactly one {@link #receive} call.
 *
 * <p><b>Memory consistency.</b> Actions before {@link #send} <i>happen-before</i> the message is
 * handed to the network on the loop thread (rule 5.1's executor guarantee). The JDK's listener
 * actions that received a message <i>happen-before</i> {@link #receive} returns it.
 *
 * <p><b>Failure.</b> Bad arguments fail at once ({@link NullPointerException},
 * {@link IllegalArgumentException}) and change nothing. Using a client once {@link #close()} has
 * begun, or after it was closed for any other reason, throws {@link IllegalStateException}.
 * Network failures and a connection ended by the server throw {@link IOException}.
 */
public final class SyncWebSocketClient implements AutoCloseable {

    /*
     * Overview.
     *
     * Object graph, chosen so that the owner rule (2.6) can fire:
     *
     *   caller --> SyncWebSocketClient --> BackgroundLoop (loop thread, a GC root while running)
     *                     |                     |--> tasks/cleanup --> WebSocketConnection
     *                     '------------------------------------------>  WebSocketConnection
     *
     * The loop holds the client only weakly (as owner). Tasks are built by static factory
     * methods below, so no lambda can capture `this` by accident.
     *
     * Lifecycle: constructed -> loop started (registered with the coordinator) -> handshake task
     * run on the loop (it first registers the closing handshake as a deferred cleanup, so even an
     * interrupted handshake is closed) -> open -> shut down (close(): graceful, queued sends run
     * first) or terminated (any other trigger: a running send is interrupted, queued ones are
     * cancelled) -> the cleanup runs the closing handshake on the loop thread -> loop thread ends.
     *
     * "Closed", for the public methods, is the loop's isShutdown(): true from the moment close()
     * began or termination was requested (rule 5.3), so a client that is draining its last sends
     * already rejects new use.
     *
     * A failed connect aborts instead (Builder.connect): terminate() interrupts the handshake
     * task, which abandons the handshake (WebSocketConnection.open), so the cleanup has nothing to
     * wait for and the loop ends at once. close() there would wait, gracefully, for a handshake
     * that may be stuck, up to the whole shutdown deadline.
     */

    private final WebSocketConnection connection;
    private final BackgroundLoop loop;
    private final Duration sendTimeout;

    private SyncWebSocketClient(Builder b) {
        this.connection = new WebSocketConnection(b.uri);
        this.sendTimeout = b.sendTimeout;
        // The loop holds this client weakly as its owner (rule 2.6); nothing it runs refers to it.
        this.loop = b.coordinator().loopBuilder()
                .name("websocket " + b.uri)
                .owner(this)
                .start();
    }

    /**
     * Connects to {@code uri} with default settings, on the JVM-wide coordinator.
     *
     * @param uri the server's {@code ws:} or {@code wss:} URI
     * @return the connected client
     * @throws IOException if the opening handshake fails or takes longer than the connect timeout
     * @throws InterruptedException if the calling thread is interrupted while connecting
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not a {@code ws:} or {@code wss:} URI
     * @throws io.github.terminable.TerminableProviderException if no terminable implementation
     *     is on the class path (rule 7.3)
     * @throws io.github.terminable.ShutdownInProgressException if the JVM is already shutting
     *     down (rule 2.3)
     */
    public static SyncWebSocketClient connect(URI uri) throws IOException, InterruptedException {
        return builder(uri).connect();
    }

    /**
     * Returns a builder for a client of {@code uri}.
     *
     * @param uri the server's {@code ws:} or {@code wss:} URI
     * @return a new builder with the defaults
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not a {@code ws:} or {@code wss:} URI
     */
    public static Builder builder(URI uri) {
        return new Builder(WebSocketConnection.requireWebSocketUri(uri));
    }

    /**
     * Returns the server's URI.
     *
     * @return the URI this client connected to
     */
    public URI uri() {
        return connection.uri();
    }

    /**
     * Sends one text message and waits until it has been handed to the network, at most the
     * {@linkplain Builder#sendTimeout send timeout}. The send runs on the loop thread.
     *
     * @param text the message
     * @throws IOException if the connection has ended or the send fails or times out
     * @throws InterruptedException if the calling thread is interrupted while waiting; the send
     *     is then cancelled
     * @throws IllegalStateException if the client was closed: by {@link #close()} (from the
     *     moment it begins), by the JVM's shutdown, or by {@code terminate()} of its loop
     * @throws NullPointerException if {@code text} is null
     */
    public void send(String text) throws IOException, InterruptedException {
        Objects.requireNonNull(text, "text must not be null");
        try {
            loop.call(sendTask(connection, text, sendTimeout));
        } catch (RejectedExecutionException | CancellationException e) {
            throw closed(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException(io.getMessage(), io);
            }
            if (cause instanceof InterruptedException && loop.thread().isTerminationRequested()) {
                throw closed(cause); // the loop was terminated while this send was running
            }
            throw new IOException("sending to " + uri() + " failed: " + cause, cause);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Returns the next received text message, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; must be positive
     * @return the message, or empty if none arrived within {@code timeout}
     * @throws IOException if the server closed the connection or it failed, and no message is
     *     left; the message says how the connection ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     * @throws IllegalStateException if the client was closed (see {@link #send})
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Optional<String> receive(Duration timeout) throws IOException, InterruptedException {
        WebSocketConnection.requirePositive("timeout", timeout);
        try {
            requireNotClosed();
            Optional<String> message = connection.receive(timeout);
            if (message.isEmpty()) {
                requireNotClosed(); // closed while we waited: say so rather than "nothing arrived"
            }
            return message;
        } catch (IOException e) {
            requireNotClosed();
            throw e;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Returns whether the client is open: connected, and closed neither by this side nor by the
     * server.
     *
     * @return whether {@link #send} and {@link #receive} can still succeed
     */
    public boolean isOpen() {
        try {
            return !loop.isShutdown() && connection.isOpen();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Closes the connection with status 1000 (normal closure) and waits for the loop thread to
     * end, at most the coordinator's shutdown deadline. This is the loop's own {@code close()}
     * (rule 5.8), a graceful shutdown:
     * <ol>
     *   <li>from the moment it begins, {@link #send} and {@link #receive} throw
     *       {@link IllegalStateException};</li>
     *   <li>every send accepted before still runs, in order, and its caller gets its result as
     *       usual (it is neither cancelled nor interrupted); then the loop's cleanup action (rule 5.5), the same path every other trigger takes,
     *       sends the close frame and waits for the server's answer (at most twice the
     *       {@linkplain Builder#closeTimeout close timeout});</li>
     *   <li>if the coordinator's shutdown deadline elapses first, or the calling thread is
     *       interrupted, the loop is terminated (a running send is interrupted, queued ones fail
     *       with {@link IllegalStateException}) and this method returns without waiting further
     *       (when interrupted, with the interrupt status set); the cleanup still sends the close
     *       frame, within its bound, on the loop thread.</li>
     * </ol>
     * Idempotent; if the client was already terminated by another trigger, it only waits.
     */
    @Override
    public void close() {
        try {
            connection.chooseNormalClosure();
            loop.close();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public String toString() {
        return "SyncWebSocketClient[" + uri() + (isOpen() ? ", open]" : ", closed]");
    }

    private void open(Duration connectTimeout, Duration closeTimeout) throws IOException, InterruptedException {
        try {
            Future<Void> opened = loop.submitWithContext(openTask(connection, connectTimeout, closeTimeout));
            opened.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? new IOException(io.getMessage(), io)
                    : new IOException("cannot open a WebSocket to " + uri() + ": " + cause, cause);
        } catch (CancellationException | RejectedExecutionException e) {
            throw new IOException("connecting to " + uri() + " was cut short: the client was terminated", e);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Gives up a client whose opening handshake failed, timed out or was interrupted: requests
     * termination of the loop (rule 5.7), which interrupts a handshake still running so that it
     * is abandoned, then waits for the loop thread to end at most {@code bound} (zero: no wait).
     * An interrupt during that wait ends it and is kept in the thread's status.
     */
    private void abandon(Duration bound) {
        try {
            loop.terminate();
            if (!bound.isZero()) {
                // false (bound elapsed) is fine: the loop still ends by itself, its cleanup bounded
                loop.awaitTermination(bound.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private void requireNotClosed() {
        if (loop.isShutdown()) {
            throw closed(null);
        }
    }

    private IllegalStateException closed(Throwable cause) {
        return new IllegalStateException("the WebSocket client of " + uri()
                + " is closed (by close(), by the JVM's shutdown, or by terminate() of its loop '"
                + loop.thread().name() + "')", cause);
    }

    /*
     * Task factories. Static on purpose: a task must never capture the client (see Overview).
     */

    private static LoopTask<Void> openTask(WebSocketConnection connection, Duration connectTimeout,
                                           Duration closeTimeout) {
        return context -> {
            // Registered first, so the connection is closed by whatever ends the loop, even an
            // interrupted handshake. Runs on the loop thread after the last task (rule 5.5).
            context.deferCleanup(() -> connection.closeGracefully(closeTimeout));
            connection.open(SharedHttpClient.get(), connectTimeout);
            return null;
        };
    }

    private static Callable<Void> sendTask(WebSocketConnection connection, String text, Duration timeout) {
        return () -> {
            connection.sendText(text, timeout);
            return null;
        };
    }

    /**
     * Configures and connects a {@link SyncWebSocketClient}.
     *
     * <p><b>Thread-safety.</b> A mutable configuration object: confine each builder to one
     * thread. Setters validate at once and throw, naming the setting, before changing anything.
     */
    public static final class Builder {
        private final URI uri;
        private TerminationCoordinator coordinator;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration sendTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(2);

        private Builder(URI uri) {
            this.uri = uri;
        }

        /**
         * Registers the client's loop with {@code coordinator} instead of the JVM-wide one:
         * for containers, plugins and tests, which trigger its shutdown themselves (rule 2.5).
         *
         * @param coordinator the coordinator
         * @return this builder
         * @throws NullPointerException if {@code coordinator} is null
         */
        public Builder coordinator(TerminationCoordinator coordinator) {
            this.coordinator = Objects.requireNonNull(coordinator, "coordinator must not be null");
            return this;
        }

        /**
         * Sets the bound on the opening handshake. Default 10 s.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = WebSocketConnection.requirePositive("connectTimeout", timeout);
            return this;
        }

        /**
         * Sets the bound on one send. Default 10 s.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder sendTimeout(Duration timeout) {
            this.sendTimeout = WebSocketConnection.requirePositive("sendTimeout", timeout);
            return this;
        }

        /**
         * Sets the bound on each step of the closing handshake: sending the close frame, then
         * waiting for the server's. Default 2 s. Keep twice this well below the coordinator's
         * shutdown deadline, which bounds the whole exit.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = WebSocketConnection.requirePositive("closeTimeout", timeout);
            return this;
        }

        /**
         * Starts the client's loop and performs the opening handshake on it.
         *
         * <p>If the handshake does not succeed, the client is aborted, not closed: its loop is
         * terminated (rule 5.7), which interrupts a handshake still in progress and abandons it
         * (no close frame is sent on a connection nobody was given).
         *
         * @return the connected client
         * @throws IOException if the handshake fails or takes longer than the connect timeout;
         *     the loop has then been terminated, and this method has waited for its thread to end,
         *     at most twice the close timeout
         * @throws InterruptedException if the calling thread is interrupted while connecting;
         *     the loop has then been terminated, and this method returns without waiting for its
         *     thread to end (it ends promptly)
         * @throws io.github.terminable.TerminableProviderException if no terminable
         *     implementation is on the class path (rule 7.3)
         * @throws io.github.terminable.ShutdownInProgressException if the coordinator's shutdown
         *     has begun (rule 2.3)
         */
        public SyncWebSocketClient connect() throws IOException, InterruptedException {
            SyncWebSocketClient client = new SyncWebSocketClient(this);
            try {
                client.open(connectTimeout, closeTimeout);
                return client;
            } catch (InterruptedException e) {
                client.abandon(Duration.ZERO); // the caller asked to stop waiting: no further wait
                throw e;
            } catch (Throwable t) {
                client.abandon(closeTimeout.multipliedBy(2));
                throw t;
            }
        }

        private TerminationCoordinator coordinator() {
            return coordinator != null ? coordinator : Terminables.global();
        }
    }
}
