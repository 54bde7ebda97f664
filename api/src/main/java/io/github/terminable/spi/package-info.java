/**
 * The service-provider interface: what an implementation of the terminable specification
 * registers so that {@link io.github.terminable.Terminables} can find it (rules 7.1 to 7.3).
 */
package io.github.terminable.spi;
