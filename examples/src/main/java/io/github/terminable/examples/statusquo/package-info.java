/**
 * The status quo the demo compares against: the same client on a plain daemon or non-daemon
 * thread. Not exported.
 */
package io.github.terminable.examples.statusquo;
