/**
 * The Netty PostgreSQL wire-protocol frontend; each client session is a Cutover driver connection.
 */
package dev.cutover.server;
