package dev.cutover.comparator.chunk;

/**
 * One key range of a table's backfill, as stored in the control store.
 *
 * @param table the table name
 * @param number the chunk's number within the table's plan, from 0
 * @param range the key range it covers
 * @param attempts how many times it has been claimed, including this claim
 */
public record Chunk(String table, int number, KeyRange range, int attempts) {}
