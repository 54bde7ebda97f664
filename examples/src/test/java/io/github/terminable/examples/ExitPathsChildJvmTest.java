package io.github.terminable.examples;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
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

import static io.github.terminable.tck.harness.TckTime.scaled;
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
        try (ChildProcess child = start(ChildJvm.of(TerminableVariant.class).args(server.uri().toString()))) {
            child.awaitOutputLine("main's return", l -> l.startsWith(VariantArgs.MAIN_RETURNS), scaled(STARTUP));

            child.awaitExit(scaled(PROMPT_EXIT)); // fails, with the output, unless it exits promptly
            Duration afterMain = Duration.ofNanos(System.nanoTime()
                    - child.outputNanos(l -> l.startsWith(VariantArgs.MAIN_RETURNS)));

            assertThat(child.exitValue()).as(child.describe()).isZero();
            assertThat(afterMain).isLessThan(scaled(PROMPT_EXIT));
            assertThat(String.join("\n", child.output())).contains(VariantArgs.ECHO + "hello from the terminable variant");
            assertCloseFrame(child);
        }
    }

    @Test
    void systemExitSendsACloseFrameBeforeTheJvmEnds() throws Exception {
        try (ChildProcess child = start(ChildJvm.of(ConnectedChild.class).args("exit", server.uri().toString()))) {
            child.awaitOutputLine("READY", l -> l.startsWith(ConnectedChild.READY), scaled(STARTUP));

            child.awaitExit(scaled(PROMPT_EXIT)); // fails, with the output, unless it exits promptly

            assertThat(child.exitValue()).as(child.describe()).isEqualTo(ConnectedChild.EXIT_STATUS);
            assertCloseFrame(child);
        }
    }

    @Test
    void sigtermSendsACloseFrameBeforeTheJvmEnds() throws Exception {
        try (ChildProcess child = start(ChildJvm.of(ConnectedChild.class).args("wait", server.uri().toString()))) {
            child.awaitOutputLine("READY", l -> l.startsWith(ConnectedChild.READY), scaled(STARTUP));
            assertThat(server.ends()).as("nothing closed before the signal").isEmpty();

            child.terminate(); // SIGTERM on Linux and macOS

            child.awaitExit(scaled(PROMPT_EXIT)); // fails, with the output, unless it exits promptly
            assertThat(child.exitValue()).as(child.describe()).isEqualTo(128 + 15);
            assertCloseFrame(child);
        }
    }

    /** Starts a child with the JVM's defaults, and no input: a child that reads stdin sees end of file. */
    private static ChildProcess start(ChildJvm child) throws Exception {
        ChildProcess started = child.withoutLightFlags().jvmFlag("-XX:TieredStopAtLevel=1").start();
        started.closeInput();
        return started;
    }

    private void assertCloseFrame(ChildProcess child) throws InterruptedException {
        List<ConnectionEnd> ends = server.awaitEnds(1, scaled(END_REPORT));
        assertThat(ends).as("connection ends seen by the server\n%s", child.describe()).hasSize(1);
        ConnectionEnd end = ends.get(0);
        assertThat(end.closeFrameReceived()).as(end.describe() + "\n" + child.describe()).isTrue();
        assertThat(end.statusCode()).isIn(1000, 1001);
    }
}
