package io.github.terminable.examples.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server that accepts connections and never answers: a WebSocket opening handshake sent
 * to it hangs until the client gives up. For the tests of a connect that fails or is interrupted.
 *
 * <p>Each accepted connection is read, and ignored, on a daemon thread until it ends.
 *
 * <p><b>Thread-safety.</b> Thread-safe: the latch and the list are written by the server's
 * daemon threads and read by the test.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final CountDownLatch accepted = new CountDownLatch(1);
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private SilentServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "silent-server-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a server on 127.0.0.1 with an ephemeral port.
     *
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static SilentServer start() throws IOException {
        return new SilentServer();
    }

    /**
     * Returns a WebSocket URI of this server.
     *
     * @return {@code ws://127.0.0.1:PORT/echo}
     */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + socket.getLocalPort() + "/echo");
    }

    /**
     * Waits until the first connection has been accepted.
     *
     * @param within the bound
     * @return whether one was accepted in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitAccepted(Duration within) throws InterruptedException {
        return accepted.await(within.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void acceptAll() {
        try {
            while (!socket.isClosed()) {
                Socket connection = socket.accept();
                connections.add(connection);
                Thread reader = new Thread(() -> drain(connection), "silent-server-read");
                reader.setDaemon(true);
                reader.start();
                accepted.countDown();
            }
        } catch (IOException closed) {
            // close() ended the accept loop
        }
    }

    private void drain(Socket connection) {
        try (InputStream in = connection.getInputStream()) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // the handshake request: read and ignored, never answered
            }
        } catch (IOException reset) {
            // the connection ended
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
