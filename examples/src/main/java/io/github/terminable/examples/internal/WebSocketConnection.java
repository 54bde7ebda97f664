package io.github.terminable.examples.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One text WebSocket connection made with the JDK's asynchronous {@link WebSocket}: the opening
 * handshake, bounded sends, a queue of received messages, and a bounded closing handshake.
 *
 * <p>This class knows nothing about threads of its own. The clients built on it decide which
 * thread opens, sends and closes: {@code SyncWebSocketClient} uses a terminable background loop,
 * the status-quo client a plain (daemon or non-daemon) thread. That is the whole difference
 * between the variants of the demo, so the comparison is fair.
 *
 * <p><b>Thread-safety.</b> {@link #open}, {@link #sendText} and {@link #closeGracefully} must be
 * called from one owning thread at a time (the JDK allows one outstanding send). {@link #receive},
 * {@link #chooseNormalClosure()} and the state queries are safe from any thread. The listener
 * callbacks run on the {@link HttpClient}'s executor threads and only touch the thread-safe
 * queue and futures below.
 *
 * <p><b>Memory consistency.</b> A text message is handed from the listener thread to a receiver
 * through a {@link LinkedBlockingDeque}: the listener's actions before enqueueing
 * <i>happen-before</i> {@link #receive} returns that message.
 *
 * <p>Not part of the example's public API: the package is not exported.
 */
public final class WebSocketConnection {

    /*
     * Overview.
     *
     * The handshake future is published (volatile) before the owner waits on it, so a close that
     * races an unfinished open still finds the connection and closes it once the handshake is
     * done. The close happens once: `closing` is a one-way latch (false -> true). Receivers are
     * woken at the end of the connection by an End marker at the head of the incoming deque; a
     * receiver that takes it puts it back first, so every later receiver sees it as well.
     *
     * An open that timed out or was interrupted *abandons* its handshake: `abandoned` goes
     * false -> true (volatile, written before open throws) and the handshake is aborted whenever
     * it completes. The closing handshake then does not wait for it: nobody was ever handed this
     * connection, so there is nobody to say goodbye for.
     */

    /** Status code of a close frame sent by an explicit close (RFC 6455, 7.4.1). */
    public static final int NORMAL_CLOSURE = WebSocket.NORMAL_CLOSURE;

    /** Status code of a close frame sent because the program or the owner is going away. */
    public static final int GOING_AWAY = 1001;

    private final URI uri;
    private final LinkedBlockingDeque<Incoming> incoming = new LinkedBlockingDeque<>();
    /** Completes when the peer's close frame arrives or the connection fails. */
    private final CompletableFuture<String> inputClosed = new CompletableFuture<>();
    /** One-way: false -> true when {@link #closeGracefully} first runs. */
    private final AtomicBoolean closing = new AtomicBoolean();
    /** The status the close frame will carry: GOING_AWAY unless an explicit close chose NORMAL_CLOSURE. */
    private final AtomicInteger closeStatus = new AtomicInteger(GOING_AWAY);
    /** Written once by {@link #open}, before it waits; read by {@link #closeGracefully} on the same thread or later. */
    private volatile CompletableFuture<WebSocket> handshake;
    /** One-way: false -> true when {@link #open} gave up on its handshake (timeout or interrupt). */
    private volatile boolean abandoned;

    /**
     * Creates an unopened connection.
     *
     * @param uri the server's {@code ws:} or {@code wss:} URI
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not a {@code ws:} or {@code wss:} URI
     */
    public WebSocketConnection(URI uri) {
        this.uri = requireWebSocketUri(uri);
    }

    /**
     * Validates a WebSocket URI.
     *
     * @param uri the URI
     * @return {@code uri}
     * @throws NullPointerException if {@code uri} is null
     * @throws IllegalArgumentException if {@code uri} is not an absolute {@code ws:} or
     *     {@code wss:} URI with a host
     */
    public static URI requireWebSocketUri(URI uri) {
        Objects.requireNonNull(uri, "uri must not be null");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
            throw new IllegalArgumentException("uri must be an absolute ws: or wss: URI with a host, got '" + uri + "'");
        }
        return uri;
    }

    /**
     * Validates a timeout.
     *
     * @param name the setting's name, used in the message
     * @param timeout the timeout
     * @return {@code timeout}
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public static Duration requirePositive(String name, Duration timeout) {
        Objects.requireNonNull(timeout, () -> name + " must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + timeout);
        }
        return timeout;
    }

    /**
     * Returns the server's URI.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * Performs the opening handshake and waits for it, at most {@code timeout}.
     *
     * @param http the HTTP client to open the connection with
     * @param timeout the bound on the handshake
     * @throws IOException if the handshake fails or does not finish in time; an unfinished
     *     handshake is then abandoned: aborted whenever it completes, and never waited for by
     *     {@link #closeGracefully}
     * @throws InterruptedException if the calling thread is interrupted while waiting; the
     *     handshake is abandoned in the same way
     * @throws IllegalStateException if the connection was opened or closed before
     */
    public void open(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        if (handshake != null || closing.get()) {
            throw new IllegalStateException("connection to " + uri + " was already opened or closed");
        }
        CompletableFuture<WebSocket> started = http.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(uri, new QueueingListener(this));
        handshake = started; // volatile write: a racing closeGracefully sees the handshake
        try {
            started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot open a WebSocket to " + uri + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            abandon(started);
            throw new IOException("opening a WebSocket to " + uri + " took longer than " + timeout, e);
        } catch (InterruptedException e) {
            abandon(started); // the owner is being stopped, or gave up: do not finish the handshake
            throw e;
        }
    }

    private void abandon(CompletableFuture<WebSocket> started) {
        abandoned = true; // volatile write before open() throws: the closing handshake skips the wait
        started.thenAccept(WebSocket::abort);
    }

    /**
     * Sends one whole text message and waits until the JDK has handed it to the network, at most
     * {@code timeout}. A send that does not finish in time aborts the connection, because the JDK
     * allows no second send while one is outstanding.
     *
     * @param text the message
     * @param timeout the bound on the send
     * @throws IOException if the connection is not open or the send fails or times out
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public void sendText(String text, Duration timeout) throws IOException, InterruptedException {
        WebSocket ws = openWebSocket();
        try {
            ws.sendText(text, true).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IOException("sending to " + uri + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            ws.abort();
            throw new IOException("sending to " + uri + " took longer than " + timeout + "; connection aborted", e);
        }
    }

    /**
     * Takes the next received text message, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the message, or empty if none arrived in time
     * @throws IOException if the connection has ended (closed by either side or failed) and no
     *     message is left; the message says how it ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public Optional<String> receive(Duration timeout) throws IOException, InterruptedException {
        Incoming next = incoming.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (next == null) {
            return Optional.empty();
        }
        if (next instanceof Text text) {
            return Optional.of(text.value());
        }
        incoming.offerFirst(next); // keep the end marker visible to every later receiver
        throw new IOException("the WebSocket to " + uri + " has ended: " + ((End) next).how());
    }

    /**
     * Makes the close frame carry {@link #NORMAL_CLOSURE} instead of {@link #GOING_AWAY}: called
     * by an explicit {@code close()} before it ends the owning thread. Has no effect once the
     * close has begun.
     */
    public void chooseNormalClosure() {
        closeStatus.set(NORMAL_CLOSURE);
    }

    /**
     * Runs the closing handshake once: sends a close frame with the chosen status and waits for
     * the peer's answer, each step at most {@code bound}; then aborts whatever is left. Never
     * throws and is not interruptible: an interrupt received while waiting is remembered and
     * re-asserted on return, so a terminated thread can still say goodbye within the bound.
     * Later calls return at once.
     *
     * <p>A handshake that {@link #open} abandoned is not waited for: it is aborted when it
     * completes, and no close frame is sent.
     *
     * @param bound the bound on each of the waits (handshake still in progress, close frame
     *     sent, peer's close frame received)
     * @return what happened, for diagnostics, such as {@code "close frame 1001 sent, peer answered"}
     */
    public String closeGracefully(Duration bound) {
        if (!closing.compareAndSet(false, true)) {
            return "already closing";
        }
        int status = closeStatus.get();
        String outcome = "never opened";
        try {
            CompletableFuture<WebSocket> started = handshake;
            if (started != null && abandoned) {
                started.thenAccept(WebSocket::abort);
                outcome = "handshake abandoned, aborted";
                return outcome;
            }
            if (started == null || !BoundedWait.await(started, bound)) {
                if (started != null) {
                    started.thenAccept(WebSocket::abort);
                    outcome = "handshake unfinished, aborted";
                }
                return outcome;
            }
            WebSocket ws = started.join();
            boolean sent = false;
            if (!ws.isOutputClosed()) {
                sent = BoundedWait.await(ws.sendClose(status, status == NORMAL_CLOSURE ? "closed" : "going away"), bound);
            }
            boolean answered = BoundedWait.await(inputClosed, bound);
            if (!answered) {
                ws.abort();
            }
            outcome = (sent ? "close frame " + status + " sent" : "no close frame sent")
                    + (answered ? ", peer answered" : ", no answer, aborted");
            return outcome;
        } catch (RuntimeException e) {
            outcome = "close failed: " + e;
            return outcome;
        } finally {
            incoming.offer(new End("closed by this client (" + outcome + ")"));
        }
    }

    /**
     * Returns whether the connection is open: the handshake succeeded, and neither side has
     * started closing it.
     *
     * @return whether messages can still be sent and received
     */
    public boolean isOpen() {
        CompletableFuture<WebSocket> started = handshake;
        return started != null && started.isDone() && !started.isCompletedExceptionally()
                && !closing.get() && !inputClosed.isDone();
    }

    private WebSocket openWebSocket() throws IOException {
        CompletableFuture<WebSocket> started = handshake;
        if (started == null || !started.isDone() || started.isCompletedExceptionally()) {
            throw new IOException("the WebSocket to " + uri + " is not open");
        }
        WebSocket ws = started.join();
        if (inputClosed.isDone() || ws.isOutputClosed()) {
            throw new IOException("the WebSocket to " + uri + " has ended"
                    + (inputClosed.isDone() ? ": " + inputClosed.join() : ""));
        }
        return ws;
    }

    private void peerClosed(String how) {
        inputClosed.complete(how);
        incoming.offer(new End(how));
    }

    /** What a receiver can take from the queue. */
    private sealed interface Incoming permits Text, End {
    }

    /** A whole text message. */
    private record Text(String value) implements Incoming {
    }

    /** The end of the connection; stays at the head of the queue once taken. */
    private record End(String how) implements Incoming {
    }

    /**
     * Collects text messages, which may arrive in parts, and the end of input. The JDK calls a
     * listener's methods one at a time with happens-before between calls, so the builder needs
     * no lock. It holds the connection, never the client object that owns it.
     */
    private static final class QueueingListener implements WebSocket.Listener {
        private final WebSocketConnection connection;
        private final StringBuilder partial = new StringBuilder();

        QueueingListener(WebSocketConnection connection) {
            this.connection = connection;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                connection.incoming.offer(new Text(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ws.request(1); // a text client: binary messages are skipped
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            // Returning null lets the JDK answer with a close frame of its own, if we sent none yet.
            connection.peerClosed("closed by the server with status " + statusCode
                    + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            connection.peerClosed("failed: " + error);
        }
    }
}
