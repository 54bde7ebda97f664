package io.github.terminable.examples;

import io.github.terminable.CoordinatorSettings;
import io.github.terminable.ShutdownReport;
import io.github.terminable.Terminables;
import io.github.terminable.TerminationCoordinator;
import io.github.terminable.examples.server.RecordingWebSocketServer;
import io.github.terminable.examples.server.RecordingWebSocketServer.ConnectionEnd;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client dropped without {@code close()} is garbage-collected, and then its loop is terminated
 * (rule 2.6) and its close frame sent: proof that nothing the loop runs holds the client.
 */
class OwnerUnreachableTest {

    @Test
    void anUnreachableClientIsClosedWithGoingAway() throws Exception {
        TerminationCoordinator coordinator = Terminables.newCoordinator(
                CoordinatorSettings.builder().name("examples-owner-test").build());
        try (RecordingWebSocketServer server = RecordingWebSocketServer.start()) {
            connectUseAndDrop(server.uri(), coordinator);
            assertThat(coordinator.liveThreads()).as("the dropped client's loop is still running").hasSize(1);

            await("the dropped client's close frame")
                    .atMost(scaled(Duration.ofSeconds(20)))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        System.gc();
                        return !server.ends().isEmpty();
                    });

            ConnectionEnd end = server.ends().get(0);
            assertThat(end.closeFrameReceived()).as(end.describe()).isTrue();
            assertThat(end.statusCode()).isEqualTo(1001);
            await("the loop thread's end").atMost(scaled(Duration.ofSeconds(10)))
                    .until(() -> coordinator.liveThreads().isEmpty());
        } finally {
            ShutdownReport report = coordinator.shutdown().await(scaled(Duration.ofSeconds(10)));
            assertThat(report.completed()).as(report.describe()).isTrue();
        }
    }

    /** Kept in a method of its own so that no local variable of the test keeps the client alive. */
    private static void connectUseAndDrop(URI uri, TerminationCoordinator coordinator) throws Exception {
        SyncWebSocketClient client = SyncWebSocketClient.builder(uri).coordinator(coordinator).connect();
        client.send("soon forgotten");
        assertThat(client.receive(scaled(Duration.ofSeconds(10)))).contains("soon forgotten");
        // no close(): the reference dies with this frame
    }
}
