package io.github.terminable.examples;

import io.github.terminable.examples.child.ConnectedChild;
import io.github.terminable.examples.demo.TerminableVariant;
import io.github.terminable.examples.demo.VariantArgs;
import io.github.terminable.examples.server.RecordingWebSocketServer;
import io.github.terminable.examples.server.RecordingWebSocketServer.ConnectionEnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.github.terminable.examples.TimeFactor.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client in a real child JVM on the JVM-wide coordinator, ended without {@code close()} by
 * each way a program ends: {@code main} returning (quiescence, rule 4.2), {@code System.exit}
 * (rule 4.6) and SIGTERM (rule 4.7). Each time the JVM exits promptly and the server has received
 * a close frame with status 1000 or 1001.
 */
class ExitPathsChildJvmTest {

    /** Start-up of a child JVM, connect, send and echo. */
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** From the end of the program's own work to the JVM's exit: the close handshake and exit. */
    private static final Duration PROMPT_EXIT = Duration.ofSeconds(5);
    /** For the server to report a connection's end once the client JVM has gone. */
    private static final Duration END_REPORT = Duration.ofSeconds(5);

    private RecordingWebSocketServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RecordingWebSocketServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void mainReturnsWithoutCloseAndTheJvmExitsAfterSendingACloseFrame() throws Exception {
        try (ChildJvm child = ChildJvm.java(TerminableVariant.class, List.of(), server.uri().toString())) {
            ChildJvm.Line mainReturns = child.awaitLine(VariantArgs.MAIN_RETURNS, scaled(STARTUP))
                    .orElseThrow(() -> new AssertionError("main did not return:\n" + child.output()));

            assertThat(child.awaitExit(scaled(PROMPT_EXIT))).as("exited promptly\n%s", child.output()).isTrue();
            Duration afterMain = Duration.ofNanos(System.nanoTime() - mainReturns.arrivedNanos());

            assertThat(child.process().exitValue()).as(child.output()).isZero();
            assertThat(afterMain).isLessThan(scaled(PROMPT_EXIT));
            assertThat(child.output()).contains(VariantArgs.ECHO + "hello from the terminable variant");
            assertCloseFrame(child);
        }
    }

    @Test
    void systemExitSendsACloseFrameBeforeTheJvmEnds() throws Exception {
        try (ChildJvm child = ChildJvm.java(ConnectedChild.class, List.of(), "exit", server.uri().toString())) {
            assertThat(child.awaitLine(ConnectedChild.READY, scaled(STARTUP))).as(child.output()).isPresent();

            assertThat(child.awaitExit(scaled(PROMPT_EXIT))).as("exited promptly\n%s", child.output()).isTrue();

            assertThat(child.process().exitValue()).as(child.output()).isEqualTo(ConnectedChild.EXIT_STATUS);
            assertCloseFrame(child);
        }
    }

    @Test
    void sigtermSendsACloseFrameBeforeTheJvmEnds() throws Exception {
        try (ChildJvm child = ChildJvm.java(ConnectedChild.class, List.of(), "wait", server.uri().toString())) {
            assertThat(child.awaitLine(ConnectedChild.READY, scaled(STARTUP))).as(child.output()).isPresent();
            assertThat(server.ends()).as("nothing closed before the signal").isEmpty();

            child.process().destroy(); // SIGTERM on Linux and macOS

            assertThat(child.awaitExit(scaled(PROMPT_EXIT))).as("exited promptly\n%s", child.output()).isTrue();
            assertThat(child.process().exitValue()).as(child.output()).isEqualTo(128 + 15);
            assertCloseFrame(child);
        }
    }

    private void assertCloseFrame(ChildJvm child) throws InterruptedException {
        List<ConnectionEnd> ends = server.awaitEnds(1, scaled(END_REPORT));
        assertThat(ends).as("connection ends seen by the server\n%s", child.output()).hasSize(1);
        ConnectionEnd end = ends.get(0);
        assertThat(end.closeFrameReceived()).as(end.describe() + "\n" + child.output()).isTrue();
        assertThat(end.statusCode()).isIn(1000, 1001);
    }
}
