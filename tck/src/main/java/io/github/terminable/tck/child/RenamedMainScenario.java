package io.github.terminable.tck.child;

import static io.github.terminable.tck.child.ScenarioSupport.addPrintingListener;
import static io.github.terminable.tck.child.ScenarioSupport.say;
import static io.github.terminable.tck.child.ScenarioSupport.worker;

import io.github.terminable.TerminationCoordinator;
import io.github.terminable.Terminables;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A main thread that renames itself before the global coordinator is installed (rule 4.13): the
 * implementation finds no thread named {@code main} and must say so, yet quiescence must still
 * wait for the renamed thread, an ordinary blocker (rule 4.4). {@code main} renames itself
 * {@code tck-renamed-main}, installs the global coordinator, starts worker {@code w1}, prints
 * {@code READY} and returns only when the parent writes {@code end} to its standard input
 * (printing {@code MAIN-RETURNS}).
 */
public final class RenamedMainScenario {

    private RenamedMainScenario() {
    }

    /**
     * Runs the scenario.
     *
     * @param args unused
     * @throws Exception if the scenario fails
     */
    public static void main(String[] args) throws Exception {
        Thread.currentThread().setName("tck-renamed-main");
        TerminationCoordinator global = Terminables.global();
        addPrintingListener(global);
        worker(global, "w1");
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("end")) {
            say("IGNORED " + line);
        }
        say("MAIN-RETURNS");
    }
}
