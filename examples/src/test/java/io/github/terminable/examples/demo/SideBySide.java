package io.github.terminable.examples.demo;

import io.github.terminable.examples.server.RecordingWebSocketServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side demo: starts a Jetty WebSocket server in this JVM, runs each variant of the
 * same forgetful program (connect, send, return from {@code main} without {@code close()}) in a
 * child JVM, and prints one table row per variant: did the JVM exit, how long after {@code main}
 * returned, and did the server receive a close frame.
 *
 * <p>Run it with {@code examples/run-demo.sh [all|daemon|plain|terminable]}, or
 * {@code mvn -B -q -pl examples -am verify -DskipTests -Pdemo}, which writes the class path
 * to {@code examples/target/demo.classpath}, then {@code java -cp ... SideBySide NAME}. The child
 * JVMs get this JVM's class path (test scope: the API, the reference implementation, Jetty).
 */
public final class SideBySide {

    /** How long after {@code main} returned a variant's JVM may run before it is called hung. */
    static final Duration HANG_TIMEOUT = Duration.ofSeconds(5);

    /** The variants, in table order. */
    static final Map<String, Class<?>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("daemon", DaemonThreadVariant.class);
        VARIANTS.put("plain", PlainThreadVariant.class);
        VARIANTS.put("terminable", TerminableVariant.class);
    }

    private SideBySide() {
    }

    /**
     * Runs the demo.
     *
     * @param args one optional argument: {@code all} (default), {@code daemon}, {@code plain} or
     *     {@code terminable}
     * @throws Exception if the server or a child JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        // Jetty logs through SLF4J; with no backend on the class path, SLF4J would warn.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        String which = args.length == 0 ? "all" : args[0];
        List<String> names = which.equals("all") ? new ArrayList<>(VARIANTS.keySet()) : List.of(which);
        for (String name : names) {
            if (!VARIANTS.containsKey(name)) {
                System.err.println("unknown variant '" + name + "'; use one of all, " + String.join(", ", VARIANTS.keySet()));
                System.exit(2);
            }
        }
        System.out.println("java " + System.getProperty("java.version") + "; hang timeout " + HANG_TIMEOUT.toSeconds()
                + " s after main returned");
        List<VariantRun> runs = new ArrayList<>();
        try (RecordingWebSocketServer server = RecordingWebSocketServer.start()) {
            System.out.println("Jetty WebSocket server at " + server.uri());
            for (String name : names) {
                System.out.println("running variant '" + name + "' (" + VARIANTS.get(name).getName() + ") ...");
                VariantRun run = VariantRun.run(name, VARIANTS.get(name), server, HANG_TIMEOUT);
                runs.add(run);
                if (!run.reachedMainReturn()) {
                    System.out.println(run.output());
                }
            }
        }
        System.out.println();
        System.out.println("| variant | JVM exited by itself? | exit time after main returned | close frame received by the server |");
        System.out.println("|---|---|---|---|");
        for (VariantRun run : runs) {
            System.out.println(run.row());
        }
    }
}
