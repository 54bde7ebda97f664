package io.github.terminable.tck.harness;

import io.github.terminable.Terminables;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Describes a child JVM: the project's one launcher of child processes, used by the TCK for the
 * shutdown-path rules that can only be observed in a process of their own (section 4), and by
 * the other modules' tests in test scope.
 *
 * <p>By default the child runs the {@code java} binary of the running JDK
 * ({@link #javaBinary()}) with:
 * <ul>
 *   <li>the current {@code java.class.path} (which holds the implementation under test);</li>
 *   <li>the {@linkplain #LIGHT_FLAGS light flags}, unless {@link #withoutLightFlags()};</li>
 *   <li>{@code -D}{@value TckTime#FACTOR_PROPERTY} set to this JVM's {@linkplain TckTime#factor()
 *       time factor}, so parent and child scale their windows alike;</li>
 *   <li>the provider property ({@code io.github.terminable.provider}) naming the provider class:
 *       the TCK's provider for a TCK scenario, this JVM's own value (if set) for
 *       {@link #of(Class)};</li>
 *   <li>this JVM's environment without {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS},
 *       whose "Picked up" notices would otherwise land on the child's standard error.</li>
 * </ul>
 * {@link #command(List)} instead runs a command line verbatim (such as {@code jshell}, or
 * {@code java} on a module path).
 *
 * <p>At most {@value #MAX_CONCURRENT} children run at once in this JVM: {@link #start()} waits
 * for a slot, which the child frees when it is awaited ({@link ChildProcess#awaitExit}) or closed
 * ({@link ChildProcess#close()}). Close every child, best with try-with-resources.
 *
 * <p>A builder is confined to one thread; {@link #start()} may be called from any thread.
 */
public final class ChildJvm {

    /**
     * The JUnit tag of every test that starts a child process: {@code @Tag(ChildJvm.TAG)} on the
     * test or its group (in the TCK through {@link InChildJvms}, which also lets the test run
     * beside the in-process ones). Such a test observes classes loaded by another JVM, so tools that
     * change the classes of this JVM (a mutation tester) or runs that want the in-process tests
     * only can leave it out by tag. The {@link Kit} refuses to start a child for a test without
     * it.
     */
    public static final String TAG = "child-jvm";

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
    private final Map<String, String> environment = new LinkedHashMap<>(); // a null value removes the variable
    private final List<String> classPath = new ArrayList<>();
    private final List<String> command = new ArrayList<>();
    private final List<String> verbatim;
    private boolean lightFlags = true;
    private Consumer<ChildProcess> onStart = p -> {
    };

    ChildJvm(String mainClass, String providerClass) {
        this.mainClass = mainClass;
        this.verbatim = null;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.add(entry);
            }
        }
        if (providerClass != null) {
            properties.put(Terminables.PROVIDER_PROPERTY, providerClass);
        }
        properties.put(TckTime.FACTOR_PROPERTY, Double.toString(TckTime.factor()));
        environment.put("JAVA_TOOL_OPTIONS", null);
        environment.put("JDK_JAVA_OPTIONS", null);
    }

    private ChildJvm(List<String> commandLine) {
        this.mainClass = null;
        this.verbatim = List.copyOf(commandLine);
        environment.put("JAVA_TOOL_OPTIONS", null);
        environment.put("JDK_JAVA_OPTIONS", null);
    }

    /**
     * Describes a child JVM that runs {@code mainClass} with the defaults above; the provider
     * property is this JVM's, if it is set.
     *
     * @param mainClass the program, on the current class path
     * @return a new builder
     */
    public static ChildJvm of(Class<?> mainClass) {
        return of(mainClass.getName());
    }

    /**
     * Describes a child JVM that runs the class named {@code mainClass}, as {@link #of(Class)}
     * does.
     *
     * @param mainClass the program's binary name, on the current class path
     * @return a new builder
     */
    public static ChildJvm of(String mainClass) {
        return new ChildJvm(mainClass, System.getProperty(Terminables.PROVIDER_PROPERTY));
    }

    /**
     * Describes a child process that runs {@code commandLine} verbatim: no class path, flags or
     * properties are added, so only {@link #env}, {@link #withoutEnv} and {@link #start()}
     * apply.
     *
     * @param commandLine the program and its arguments
     * @return a new builder
     */
    public static ChildJvm command(List<String> commandLine) {
        return new ChildJvm(commandLine);
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
     * Leaves out the {@linkplain #LIGHT_FLAGS light flags}, for programs that need the JVM's
     * defaults (a larger heap, a measured memory footprint).
     *
     * @return this
     */
    public ChildJvm withoutLightFlags() {
        lightFlags = false;
        return this;
    }

    /**
     * Adds JVM flags, after the light flags.
     *
     * @param flags the flags, in order
     * @return this
     */
    public ChildJvm jvmFlags(List<String> flags) {
        jvmFlags.addAll(flags);
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
        environment.put(key, Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Removes an environment variable from the child's environment.
     *
     * @param key the variable
     * @return this
     */
    public ChildJvm withoutEnv(String key) {
        environment.put(key, null);
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
        if (verbatim != null) {
            return verbatim;
        }
        command.clear();
        command.add(javaBinary().toString());
        if (lightFlags) {
            command.addAll(LIGHT_FLAGS);
        }
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
     * @throws AssertionError if no slot frees within the {@linkplain TckTime#testTimeout() test
     *     timeout} (earlier children were neither awaited nor closed)
     */
    public ChildProcess start() throws IOException, InterruptedException {
        return start(command());
    }

    /**
     * Starts the child and waits for it to exit, for programs that need no interaction.
     *
     * @param timeout how long it may run
     * @return the exited child, with all its output
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted
     * @throws AssertionError if it did not exit in time (it is then killed)
     */
    public ChildProcess run(Duration timeout) throws IOException, InterruptedException {
        ChildProcess child = start();
        try {
            child.awaitExit(timeout);
            return child;
        } catch (InterruptedException | RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    ChildProcess start(List<String> commandLine) throws IOException, InterruptedException {
        if (!SLOTS.tryAcquire(TckTime.testTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no free child-JVM slot: " + MAX_CONCURRENT
                    + " children were started and neither awaited nor closed");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(commandLine);
            environment.forEach((key, value) -> {
                if (value == null) {
                    builder.environment().remove(key);
                } else {
                    builder.environment().put(key, value);
                }
            });
            ChildProcess child = new ChildProcess(commandLine, builder.start(), SLOTS::release);
            onStart.accept(child);
            return child;
        } catch (IOException | RuntimeException | Error e) {
            SLOTS.release();
            throw e;
        }
    }
}
