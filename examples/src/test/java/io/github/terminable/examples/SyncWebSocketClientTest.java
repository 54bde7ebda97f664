package io.github.terminable.examples;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.TerminableThread;
import io.github.terminable.Terminables;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.ThreadState;
import io.github.terminable.examples.server.RecordingWebSocketServer;
import io.github.terminable.examples.server.RecordingWebSocketServer.ConnectionEnd;
import io.github.terminable.examples.server.SilentServer;
import io.github.terminable.tck.harness.SimulatedWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The client's operations and its close frames, in this JVM, against a real Jetty server, on an
 * independent coordinator per test (rule 2.5), so no test touches the JVM-wide one.
 */
class SyncWebSocketClientTest {

    private static final Duration AWAIT = Duration.ofSeconds(10);
    /** What "at once" allows on a loaded machine: far below the minutes the slow paths would take. */
    private static final Duration PROMPT = Duration.ofSeconds(5);
    /** Timeouts of the tests whose slow path must not be taken: far beyond any wait they allow. */
    private static final Duration FOREVER = Duration.ofMinutes(2);

    private RecordingWebSocketServer server;
    private TerminationCoordinator coordinator;

    @BeforeEach
    void start() throws Exception {
        server = RecordingWebSocketServer.start();
        coordinator = Terminables.newCoordinator(CoordinatorSettings.builder().name("examples-test").build());
    }

    @AfterEach
    void stop() throws Exception {
        try {
            ShutdownReport report = coordinator.shutdown().await(scaled(AWAIT));
            assertThat(report.completed()).as(report.describe()).isTrue();
        } finally {
            server.close();
        }
    }

    private SyncWebSocketClient connect() throws IOException, InterruptedException {
        return SyncWebSocketClient.builder(server.uri()).coordinator(coordinator).connect();
    }

    private ConnectionEnd onlyEnd() throws InterruptedException {
        List<ConnectionEnd> ends = server.awaitEnds(1, scaled(AWAIT));
        assertThat(ends).as("connections the server saw end").hasSize(1);
        return ends.get(0);
    }

    /** The server saw the one connection end with a close frame carrying {@code status}. */
    private void assertClosingHandshake(int status) throws InterruptedException {
        ConnectionEnd end = onlyEnd();
        assertThat(end.closeFrameReceived()).isTrue();
        assertThat(end.statusCode()).isEqualTo(status);
    }

    @Test
    void sendsAndReceivesInOrder() throws Exception {
        try (SyncWebSocketClient client = connect()) {
            assertThat(client.isOpen()).isTrue();
            client.send("one");
            client.send("two");
            assertThat(client.receive(scaled(AWAIT))).contains("one");
            assertThat(client.receive(scaled(AWAIT))).contains("two");
        }
        assertThat(server.received()).containsExactly("one", "two");
    }

    @Test
    void receiveReturnsEmptyWhenNothingArrivesInTime() throws Exception {
        try (SyncWebSocketClient client = connect()) {
            long start = System.nanoTime();
            assertThat(client.receive(Duration.ofMillis(200))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void tryWithResourcesSendsNormalClosureAndEndsTheLoop() throws Exception {
        SyncWebSocketClient kept;
        try (SyncWebSocketClient client = connect()) {
            client.send("hello");
            assertThat(client.receive(scaled(AWAIT))).contains("hello");
            kept = client;
        }
        // close() waited for the loop thread (rule 5.8), whose cleanup ran the closing handshake (rule 5.5).
        assertThat(coordinator.liveThreads()).isEmpty();
        assertThat(kept.isOpen()).isFalse();
        assertClosingHandshake(1000);
    }

    @Test
    void closeLetsEverySendAcceptedBeforeItGoOutAndRejectsTheRest() throws Exception {
        SyncWebSocketClient client = connect();
        int threads = 16; // enough for sends to be queued on the loop when close() comes
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                sent.add(senders.submit(() -> sendUntilRejected(client, id)));
            }
            // close() while every sender is still sending: each stops at its first rejected send
            await().atMost(scaled(AWAIT)).until(() -> server.received().size() >= 8 * threads);
            client.close();

            List<String> accepted = new ArrayList<>();
            for (Future<List<String>> f : sent) {
                accepted.addAll(f.get(scaled(AWAIT).toMillis(), TimeUnit.MILLISECONDS));
            }
            ConnectionEnd end = onlyEnd();
            assertThat(end.statusCode()).isEqualTo(1000);
            // Graceful (rule 5.8): every send that close() let through returned normally and
            // reached the server before the close frame; none was cancelled or interrupted.
            assertThat(server.received()).containsExactlyInAnyOrderElementsOf(accepted);
        } finally {
            senders.shutdownNow();
        }
    }

    /** Sends "id:0", "id:1", ... until a send fails; the failure must be close()'s rejection. */
    private static List<String> sendUntilRejected(SyncWebSocketClient client, int id) throws Exception {
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            String message = id + ":" + i;
            try {
                client.send(message);
            } catch (IllegalStateException closed) {
                // Rejected at submission: not interrupted while running, and not a queued send
                // cancelled (which the loop may also report as a rejection, caused by the cancellation).
                assertThat(closed.getCause()).as("a send close() did not let through was rejected, "
                        + "not cancelled or interrupted").isInstanceOf(RejectedExecutionException.class);
                assertThat(closed.getCause().getCause() instanceof CancellationException)
                        .as("rejected at submission, not cancelled in the queue: %s", closed.getCause()).isFalse();
                return accepted;
            }
            accepted.add(message);
        }
        throw new AssertionError("close() never rejected a send of sender " + id);
    }

    @Test
    void theGoodbyeIsSaidBeforeThreadsRegisteredEarlierAreAskedToStop() throws Exception {
        AtomicReference<TerminableThread> clientLoop = new AtomicReference<>();
        AtomicReference<ThreadState> clientLoopAtEarlierCallback = new AtomicReference<>();
        coordinator.threadBuilder().name("registered before the client")
                .onTerminate(t -> {
                    clientLoopAtEarlierCallback.set(clientLoop.get().state());
                    t.thread().interrupt();
                })
                .start(() -> {
                    try {
                        SimulatedWork.untilInterrupted();
                    } catch (InterruptedException expected) {
                        // terminated
                    }
                });
        SyncWebSocketClient client = connect();
        client.send("before shutdown");
        assertThat(client.receive(scaled(AWAIT))).contains("before shutdown");
        clientLoop.set(coordinator.liveThreads().stream().filter(t -> t.name().startsWith("websocket "))
                .findFirst().orElseThrow());

        ShutdownReport report = coordinator.shutdown().await(scaled(AWAIT));

        assertThat(report.completed()).as(report.describe()).isTrue();
        assertThat(report.overruns()).as(report.describe()).isEmpty();
        // Completion order (rules 3.2, 3.3): the client's turn ended when its loop thread had
        // ended, that is after the cleanup's closing handshake; only then was the earlier
        // thread's callback invoked.
        assertThat(clientLoopAtEarlierCallback.get()).isEqualTo(ThreadState.ENDED);
        assertClosingHandshake(1001);
    }

    @Test
    void aClosedClientRejectsUseAndClosesOnlyOnce() throws Exception {
        SyncWebSocketClient client = connect();
        client.close();
        client.close(); // idempotent

        assertThatThrownBy(() -> client.send("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed").hasMessageContaining(server.uri().toString());
        assertThatThrownBy(() -> client.receive(Duration.ofMillis(10))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThat(onlyEnd().statusCode()).isEqualTo(1000);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void coordinatorShutdownSendsGoingAway() throws Exception {
        SyncWebSocketClient client = connect();
        client.send("before shutdown");
        assertThat(client.receive(scaled(AWAIT))).contains("before shutdown");

        ShutdownReport report = coordinator.shutdown().await(scaled(AWAIT));

        assertThat(report.completed()).as(report.describe()).isTrue();
        assertClosingHandshake(1001);
        assertThatThrownBy(() -> client.send("after shutdown")).isInstanceOf(IllegalStateException.class);
        client.close(); // after termination by another trigger: only waits, sends nothing more
        assertThat(server.ends()).hasSize(1);
    }

    @Test
    void aBlockedReceiverIsWokenByClose() throws Exception {
        SyncWebSocketClient client = connect();
        ExecutorService receiver = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch receiving = new CountDownLatch(1);
            Future<?> blocked = receiver.submit(() -> {
                receiving.countDown();
                return client.receive(Duration.ofMinutes(5));
            });
            assertThat(receiving.await(scaled(AWAIT).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            client.close();
            assertThatThrownBy(() -> blocked.get(scaled(AWAIT).toMillis(), TimeUnit.MILLISECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class);
        } finally {
            receiver.shutdownNow();
        }
    }

    @Test
    void sendsFromManyThreadsAllArriveEachInItsThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 25;
        try (SyncWebSocketClient client = connect()) {
            ExecutorService senders = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(senders.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            client.send(id + ":" + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(scaled(AWAIT).toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                senders.shutdownNow();
            }
            List<String> echoed = new ArrayList<>();
            for (int i = 0; i < threads * perThread; i++) {
                echoed.add(client.receive(scaled(AWAIT)).orElseThrow());
            }
            for (int t = 0; t < threads; t++) {
                String prefix = t + ":";
                List<String> ofThread = echoed.stream().filter(m -> m.startsWith(prefix)).toList();
                assertThat(ofThread).hasSize(perThread);
                for (int i = 0; i < perThread; i++) {
                    assertThat(ofThread.get(i)).isEqualTo(prefix + i);
                }
            }
        }
    }

    @Test
    void aConnectionClosedByTheServerIsReportedToTheReceiver() throws Exception {
        try (SyncWebSocketClient client = connect()) {
            client.send("kept");
            client.send(RecordingWebSocketServer.CLOSE_REQUEST);
            assertThat(client.receive(scaled(AWAIT))).contains("kept");
            assertThatThrownBy(() -> client.receive(scaled(AWAIT))).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed by the server with status 1000");
            // The end is sticky: a second receiver learns the same.
            assertThatThrownBy(() -> client.receive(Duration.ofMillis(10))).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed by the server");
            assertThat(client.isOpen()).isFalse();
            assertThatThrownBy(() -> client.send("too late")).isInstanceOf(IOException.class);
        }
        assertThat(coordinator.liveThreads()).isEmpty();
    }

    @Test
    void aFailedConnectLeavesNoThreadBehind() throws Exception {
        URI nobodyListens;
        try (RecordingWebSocketServer gone = RecordingWebSocketServer.start()) {
            nobodyListens = gone.uri();
        }
        assertThatThrownBy(() -> SyncWebSocketClient.builder(nobodyListens).coordinator(coordinator).connect())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(nobodyListens.toString());
        assertThat(coordinator.liveThreads()).isEmpty();
    }

    @Test
    void anInterruptedConnectAbortsAtOnceAndTheLoopEndsWithoutWaitingForTheHandshake() throws Exception {
        // A deadline, connect timeout and close timeout of minutes: a connect that closed its
        // loop gracefully, or a cleanup that waited for the stuck handshake, would take minutes.
        TerminationCoordinator patient = Terminables.newCoordinator(CoordinatorSettings.builder()
                .name("examples-patient").shutdownDeadline(FOREVER).build());
        try (SilentServer silent = SilentServer.start()) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread connecting = new Thread(() -> {
                try {
                    SyncWebSocketClient.builder(silent.uri()).coordinator(patient)
                            .connectTimeout(FOREVER).closeTimeout(FOREVER).connect();
                    thrown.set(new AssertionError("connected to a server that never answers"));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "connecting");
            connecting.start();
            assertThat(silent.awaitAccepted(scaled(AWAIT))).as("the handshake reached the server").isTrue();

            connecting.interrupt();

            connecting.join(scaled(PROMPT).toMillis());
            assertThat(connecting.isAlive()).as("connect() returned promptly after the interrupt").isFalse();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            await("the loop's end").atMost(scaled(PROMPT)).until(() -> patient.liveThreads().isEmpty());
        } finally {
            ShutdownReport report = patient.shutdown().await(scaled(AWAIT));
            assertThat(report.completed()).as(report.describe()).isTrue();
        }
    }

    @Test
    void aConnectThatTimesOutAbortsAndLeavesNoThreadBehind() throws Exception {
        TerminationCoordinator patient = Terminables.newCoordinator(CoordinatorSettings.builder()
                .name("examples-patient").shutdownDeadline(FOREVER).build());
        try (SilentServer silent = SilentServer.start()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> SyncWebSocketClient.builder(silent.uri()).coordinator(patient)
                    .connectTimeout(Duration.ofMillis(200)).closeTimeout(FOREVER).connect())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(silent.uri().toString());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(scaled(PROMPT));
            // connect() waited, within its bound, for the aborted loop to end.
            assertThat(patient.liveThreads()).isEmpty();
        } finally {
            ShutdownReport report = patient.shutdown().await(scaled(AWAIT));
            assertThat(report.completed()).as(report.describe()).isTrue();
        }
    }

    @Test
    void badInputIsRejectedAndChangesNothing() throws Exception {
        assertThatThrownBy(() -> SyncWebSocketClient.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("uri");
        assertThatThrownBy(() -> SyncWebSocketClient.builder(URI.create("http://127.0.0.1/echo")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws:");
        SyncWebSocketClient.Builder builder = SyncWebSocketClient.builder(server.uri());
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.sendTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sendTimeout");
        assertThatThrownBy(() -> builder.closeTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("closeTimeout");
        assertThatThrownBy(() -> builder.coordinator(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("coordinator");

        try (SyncWebSocketClient client = builder.coordinator(coordinator).connect()) {
            assertThatThrownBy(() -> client.send(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("text");
            assertThatThrownBy(() -> client.receive(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout");
            assertThatThrownBy(() -> client.receive(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("timeout");
            // Still fully usable.
            client.send("still fine");
            assertThat(client.receive(scaled(AWAIT))).contains("still fine");
        }
    }

    @Test
    void theLoopThreadIsNamedAfterTheServer() throws Exception {
        try (SyncWebSocketClient client = connect()) {
            await().atMost(scaled(AWAIT)).until(() -> !coordinator.liveThreads().isEmpty());
            assertThat(coordinator.liveThreads()).singleElement()
                    .satisfies(t -> assertThat(t.name()).isEqualTo("websocket " + server.uri()))
                    .satisfies(t -> assertThat(t.thread().isDaemon()).as("terminable threads are non-daemon (rule 1.9)").isFalse());
            assertThat(client.toString()).contains(server.uri().toString()).contains("open");
        }
    }
}
