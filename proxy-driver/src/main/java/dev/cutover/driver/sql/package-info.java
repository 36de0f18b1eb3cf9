/**
 * Hot-path SQL analysis: classification, tables and fingerprints of every statement, plus the
 * token-level rewrites the secondary database needs.
 */
package dev.cutover.driver.sql;
