/** The {@code jdbc:cutover:} driver: its public API is this package. */
package dev.cutover.driver;
