/**
 * Examples built on the terminable API. {@link io.github.terminable.examples.SyncWebSocketClient}
 * is a synchronous WebSocket client whose connection is closed with a proper close frame whatever
 * ends the program: {@code close()}, {@code main} returning, {@code System.exit}, a signal,
 * jshell's {@code /exit}, or the client becoming unreachable.
 */
package io.github.terminable.examples;
