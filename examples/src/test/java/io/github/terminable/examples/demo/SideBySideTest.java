package io.github.terminable.examples.demo;

import io.github.terminable.examples.server.RecordingWebSocketServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims of the side-by-side table, checked: the status quo fails one way or the other, this
 * project does neither. Uses the demo's own runner, so the demo cannot drift from the tests.
 */
class SideBySideTest {

    private static RecordingWebSocketServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = RecordingWebSocketServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void daemonThreadExitsWithoutACloseFrame() throws Exception {
        VariantRun run = VariantRun.run("daemon", DaemonThreadVariant.class, server, scaled(Duration.ofSeconds(5)));

        assertExitedNormallyAfterMainReturned(run);
        assertThat(run.end()).as("the server saw the connection end").isPresent();
        assertThat(run.closeFrameReceived()).as(run.row()).isFalse();
    }

    @Test
    void plainThreadKeepsTheJvmAlive() throws Exception {
        // "Assert it does not happen" window: 2 s after main returned, the JVM is still there.
        VariantRun run = VariantRun.run("plain", PlainThreadVariant.class, server, scaled(Duration.ofSeconds(2)));

        assertThat(run.reachedMainReturn()).as(run.output()).isTrue();
        assertThat(run.exited()).as(run.row()).isFalse();
        assertThat(run.closeFrameReceived()).as(run.row()).isFalse();
    }

    @Test
    void terminableLoopExitsAndSendsACloseFrame() throws Exception {
        VariantRun run = VariantRun.run("terminable", TerminableVariant.class, server, scaled(Duration.ofSeconds(5)));

        assertExitedNormallyAfterMainReturned(run);
        assertThat(run.closeFrameReceived()).as(run.row()).isTrue();
        assertThat(run.end().orElseThrow().statusCode()).isIn(1000, 1001);
        assertThat(run.row()).startsWith("| terminable | yes, exit code 0 |");
    }

    /** The variant got as far as the return from {@code main}, and its JVM then exited with status 0. */
    private static void assertExitedNormallyAfterMainReturned(VariantRun run) {
        assertThat(run.reachedMainReturn()).as(run.output()).isTrue();
        assertThat(run.exited()).as(run.output()).isTrue();
        assertThat(run.exitCode()).isZero();
    }
}
