package io.github.terminable.tck.harness;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Tees {@link System#err} into a buffer for the rest of a test, so that tests can check the
 * diagnostics an implementation prints (such as {@code TERMINABLE-CALLBACK-FAILED}). The
 * original stream still receives everything. {@link Kit} restores it when the test ends;
 * {@link #during} captures around one action instead, for tests that do not run under {@code Kit}
 * (an implementation's white-box suite).
 *
 * <p>Thread-safe. Only one capture is active at a time per JVM; the TCK runs its tests one at
 * a time.
 */
public final class StdErrCapture {

    private final PrintStream original;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Charset charset;

    StdErrCapture() {
        this.original = System.err;
        this.charset = Charset.defaultCharset();
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, charset));
    }

    /**
     * Runs an action with {@code System.err} teed into a buffer, restores the original stream
     * (also when the action throws), and returns what was written meanwhile, from any thread.
     *
     * @param action what to run
     * @return the text written to {@code System.err} while the action ran
     * @throws Exception whatever the action throws, after the stream is restored
     */
    public static String during(Action action) throws Exception {
        StdErrCapture capture = new StdErrCapture();
        try {
            action.run();
        } finally {
            capture.restore();
        }
        return capture.text();
    }

    /** An action that may throw, run by {@link #during}. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the action.
         *
         * @throws Exception anything the action throws
         */
        void run() throws Exception;
    }

    /**
     * Returns everything written to {@code System.err} since the capture began.
     *
     * @return the captured text
     */
    public String text() {
        synchronized (buffer) {
            return buffer.toString(charset);
        }
    }

    void restore() {
        System.err.flush();
        System.setErr(original);
    }
}
