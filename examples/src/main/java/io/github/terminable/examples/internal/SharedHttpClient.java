package io.github.terminable.examples.internal;

import java.net.http.HttpClient;

/**
 * The one {@link HttpClient} every connection of the examples opens its WebSocket with.
 *
 * <p>Shared because an {@code HttpClient} owns a selector thread; one per connection would add a
 * thread per client for no gain. Its threads are the JDK's daemon threads, so they never keep the
 * JVM alive: what a variant of the demo does at exit depends only on the thread its client owns.
 *
 * <p><b>Thread-safety.</b> Created once, lazily, by the class-holder idiom; {@code HttpClient}
 * itself is thread-safe.
 */
public final class SharedHttpClient {

    private SharedHttpClient() {
    }

    /**
     * Returns the shared client, creating it on first use.
     *
     * @return the shared client
     */
    public static HttpClient get() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        static final HttpClient CLIENT = HttpClient.newHttpClient();
    }
}
