package io.github.terminable.examples;

import io.github.terminable.tck.harness.ChildJvm;
import io.github.terminable.tck.harness.ChildProcess;
import io.github.terminable.Terminables;
import io.github.terminable.examples.server.RecordingWebSocketServer;
import io.github.terminable.examples.server.RecordingWebSocketServer.ConnectionEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.github.terminable.tck.harness.TckTime.scaled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same forgetful program typed into a real jshell: open the client, send, {@code /exit}. The
 * session's agent JVM ends through the JVM-wide coordinator's exit path (rule 4.10), and the server
 * receives the close frame.
 */
class JshellTest {

    /** jshell starts a compiler and a second (agent) JVM: slower than a plain child JVM. */
    private static final Duration JSHELL_BOUND = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void jshellExitSendsTheCloseFrame() throws Exception {
        try (RecordingWebSocketServer server = RecordingWebSocketServer.start()) {
            Path script = work.resolve("forgetful.jsh");
            Files.writeString(script, String.join("\n",
                    "var client = io.github.terminable.examples.SyncWebSocketClient.connect(java.net.URI.create(\""
                            + server.uri() + "\"));",
                    "client.send(\"hello from jshell\");",
                    "System.out.println(\"JSHELL-ECHO \" + client.receive(java.time.Duration.ofSeconds(10)).orElse(\"<nothing>\"));",
                    "System.out.println(\"AGENT-PID \" + ProcessHandle.current().pid());",
                    "/exit",
                    ""));
            List<String> command = List.of(ChildJvm.jshellBinary().toString(),
                    "--class-path", classPathOfTheClientAndAnImplementation(),
                    "-R-XX:TieredStopAtLevel=1",
                    "--feedback", "silent",
                    script.toString());

            try (ChildProcess jshell = ChildJvm.command(command).start()) {
                jshell.closeInput(); // the script ends with /exit; no interactive input
                assertThat(jshell.awaitExit(scaled(JSHELL_BOUND))).as(jshell.describe()).isZero();
                // findOutputLine returns as soon as the line is read, or at the end of the output.
                assertThat(jshell.findOutputLine(l -> l.startsWith("JSHELL-ECHO "), scaled(Duration.ofSeconds(10))))
                        .as(jshell.describe()).contains("JSHELL-ECHO hello from jshell");
                Optional<String> agentPid = jshell.findOutputLine(l -> l.startsWith("AGENT-PID "), scaled(Duration.ofSeconds(10)));
                assertThat(agentPid).as(jshell.describe()).isPresent();
                long pid = Long.parseLong(agentPid.get().substring("AGENT-PID ".length()).trim());
                await("the agent JVM's end").atMost(scaled(Duration.ofSeconds(10)))
                        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));

                List<ConnectionEnd> ends = server.awaitEnds(1, scaled(Duration.ofSeconds(10)));
                assertThat(ends).as(jshell.describe()).hasSize(1);
                assertThat(ends.get(0).closeFrameReceived()).as(ends.get(0).describe() + "\n" + jshell.describe()).isTrue();
                assertThat(ends.get(0).statusCode()).isIn(1000, 1001);
            }
        }
    }

    /** The examples' classes, the API and the implementation this test JVM found: nothing else. */
    private static String classPathOfTheClientAndAnImplementation() throws URISyntaxException {
        return String.join(File.pathSeparator,
                locationOf(SyncWebSocketClient.class),
                locationOf(Terminables.class),
                locationOf(Terminables.provider().getClass()));
    }

    private static String locationOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
