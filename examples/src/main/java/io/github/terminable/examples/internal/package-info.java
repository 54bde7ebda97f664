/**
 * The connection code every client variant shares, so that the variants differ only in the thread
 * that owns the connection. Not exported.
 */
package io.github.terminable.examples.internal;
