package io.github.terminable.executor;

import io.github.terminable.Terminables;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A child JVM running one of the {@code programs} with the real {@code java} binary of the running
 * JDK, this module's classes and the API on the class path (or module path). Output goes to files
 * that the test reads; the process is always destroyed forcibly if it outlives its test.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;
    private final long startNanos = System.nanoTime();

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code program} on the class path with the given JVM options and arguments. */
    static ChildJvm start(Class<?> program, List<String> jvmOptions, String... args) throws IOException {
        String classPath = String.join(File.pathSeparator, location(Terminables.class), location(ExecutorProvider.class),
                location(program));
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(program.getName());
        command.addAll(Arrays.asList(args));
        return launch(command);
    }

    /** Starts {@code program} with the API and this implementation as named modules. */
    static ChildJvm startOnModulePath(Class<?> program, String... jvmOptions) throws IOException {
        String modulePath = String.join(File.pathSeparator, location(Terminables.class), location(ExecutorProvider.class));
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("--module-path", modulePath, "--add-modules", "io.github.terminable.executor", "-cp",
                location(program), program.getName()));
        return launch(command);
    }

    private static ChildJvm launch(List<String> command) throws IOException {
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        out.toFile().deleteOnExit();
        err.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    private static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String location(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Process process() {
        return process;
    }

    /** Writes one line to the child's stdin. */
    void writeLine(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits until stdout (or stderr) contains {@code text}. */
    void awaitOutput(String text, boolean stderr) {
        await().atMost(TestSupport.awaitWindow()).pollInterval(Duration.ofMillis(20))
                .until(() -> (stderr ? stderr() : stdout()).contains(text));
    }

    /** Waits for the exit, at most {@code limit}; destroys the process and fails if it overstays. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("child JVM did not exit within " + limit.toMillis() + " ms" + System.lineSeparator()
                    + "stdout:" + System.lineSeparator() + stdout() + System.lineSeparator() + "stderr:"
                    + System.lineSeparator() + stderr());
        }
        return process.exitValue();
    }

    /** Time since the child was started. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    String stdout() {
        return read(out);
    }

    String stderr() {
        return read(err);
    }

    List<String> stdoutLines() {
        return Arrays.asList(stdout().split("\\R"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
