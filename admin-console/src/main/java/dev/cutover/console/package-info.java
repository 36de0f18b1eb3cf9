/** The operators' HTTP API, web UI and Prometheus endpoint. */
package dev.cutover.console;
