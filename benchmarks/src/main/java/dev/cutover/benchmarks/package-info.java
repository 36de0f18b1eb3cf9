/** Load and micro benchmarks; each prints its ratio against direct access or the named peer. */
package dev.cutover.benchmarks;
