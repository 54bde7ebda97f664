/**
 * The side-by-side demo's three programs: the same forgetful {@code main} (connect, send, return
 * without {@code close()}) on a daemon thread, on a plain non-daemon thread, and on a terminable
 * loop. The driver that runs them against a real server lives in the test sources
 * ({@code io.github.terminable.examples.demo.SideBySide}), next to the server library it uses.
 */
package io.github.terminable.examples.demo;
