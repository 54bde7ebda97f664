package io.github.terminable.tck.broken;

/**
 * Starts the plain daemon threads some broken implementations run work on, outside any
 * coordinator (so they never keep a test JVM alive).
 */
final class Daemons {

    private Daemons() {
    }

    /**
     * Starts a daemon thread.
     *
     * @param name the thread's name
     * @param body what it runs
     * @return the started thread
     */
    static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
