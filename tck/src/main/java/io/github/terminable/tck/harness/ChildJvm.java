package io.github.terminable.tck.harness;

import io.github.terminable.Terminables;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Describes a child JVM that runs one TCK scenario, for the shutdown-path rules that can only be
 * observed in a process of their own (section 4).
 *
 * <p>The child runs the {@code java} binary of the running JDK, with the current
 * {@code java.class.path} (which holds the implementation under test) and
 * {@code -Dio.github.terminable.provider=} naming the provider class. It is kept light
 * ({@link #LIGHT_FLAGS}) and at most {@value #MAX_CONCURRENT} children run at once in this JVM.
 *
 * <p>A builder is confined to one thread; {@link #start()} may be called from any thread.
 */
public final class ChildJvm {

    /** At most this many child JVMs run at the same time. */
    public static final int MAX_CONCURRENT = 2;

    /** Flags that make a short-lived child JVM cheap to start and small. */
    public static final List<String> LIGHT_FLAGS = List.of(
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m",
            "-XX:-UsePerfData");

    static final Semaphore SLOTS = new Semaphore(MAX_CONCURRENT, true);

    private final String mainClass;
    private final List<String> args = new ArrayList<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> classPath = new ArrayList<>();
    private final List<String> command = new ArrayList<>();
    private Consumer<ChildProcess> onStart = p -> {
    };

    ChildJvm(String mainClass, String providerClass) {
        this.mainClass = mainClass;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(entry);
            }
        }
        if (providerClass != null) {
            properties.put(Terminables.PROVIDER_PROPERTY, providerClass);
        }
        properties.put(TckTime.FACTOR_PROPERTY, Double.toString(TckTime.factor()));
    }

    /**
     * Returns the path of the running JDK's {@code java} launcher.
     *
     * @return the java binary
     */
    public static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Returns the path of the running JDK's {@code jshell}.
     *
     * @return the jshell binary
     */
    public static Path jshellBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "jshell");
    }

    /**
     * Adds program arguments.
     *
     * @param values the arguments
     * @return this
     */
    public ChildJvm args(String... values) {
        args.addAll(List.of(values));
        return this;
    }

    /**
     * Sets a system property of the child ({@code -Dkey=value}).
     *
     * @param key the property
     * @param value its value
     * @return this
     */
    public ChildJvm property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * Removes a system property the child would otherwise get (such as the provider property).
     *
     * @param key the property
     * @return this
     */
    public ChildJvm withoutProperty(String key) {
        properties.remove(key);
        return this;
    }

    /**
     * Adds a JVM flag.
     *
     * @param flag the flag, such as {@code --add-opens=java.base/java.lang=ALL-UNNAMED}
     * @return this
     */
    public ChildJvm jvmFlag(String flag) {
        jvmFlags.add(flag);
        return this;
    }

    /**
     * Sets an environment variable of the child.
     *
     * @param key the variable
     * @param value its value
     * @return this
     */
    public ChildJvm env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /**
     * Replaces the class path.
     *
     * @param entries the new entries
     * @return this
     */
    public ChildJvm classPath(List<String> entries) {
        classPath.clear();
        classPath.addAll(entries);
        return this;
    }

    /**
     * Adds a class-path entry in front.
     *
     * @param entry the entry
     * @return this
     */
    public ChildJvm prependClassPath(String entry) {
        classPath.add(0, entry);
        return this;
    }

    /**
     * Returns the class path the child will get.
     *
     * @return the entries
     */
    public List<String> classPathEntries() {
        return List.copyOf(classPath);
    }

    ChildJvm onStart(Consumer<ChildProcess> hook) {
        this.onStart = hook;
        return this;
    }

    /**
     * Returns the full command line.
     *
     * @return the command
     */
    public List<String> command() {
        command.clear();
        command.add(javaBinary().toString());
        command.addAll(LIGHT_FLAGS);
        command.addAll(jvmFlags);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(args);
        return List.copyOf(command);
    }

    /**
     * Starts the child, waiting for a free slot first.
     *
     * @return the running child
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting for a slot
     */
    public ChildProcess start() throws IOException, InterruptedException {
        return start(command());
    }

    ChildProcess start(List<String> commandLine) throws IOException, InterruptedException {
        SLOTS.acquire();
        try {
            ProcessBuilder builder = new ProcessBuilder(commandLine);
            builder.environment().putAll(environment);
            ChildProcess child = new ChildProcess(commandLine, builder.start(), SLOTS::release);
            onStart.accept(child);
            return child;
        } catch (IOException | RuntimeException | Error e) {
            SLOTS.release();
            throw e;
        }
    }
}
