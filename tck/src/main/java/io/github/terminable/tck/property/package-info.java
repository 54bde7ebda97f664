/**
 * Property-based scenario testing on QuickTheories 0.26: scenario models with readable steps,
 * their generators, runners that check the invariants, and {@link
 * io.github.terminable.tck.property.PropertyCheck}, which adds seed replay and a domain-aware
 * minimization on top of QuickTheories' own shrinking.
 */
package io.github.terminable.tck.property;
