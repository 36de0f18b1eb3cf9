/** Engine-aware value normalization, result comparison, table verify, backfill and repair. */
package dev.cutover.comparator;
