/**
 * Internal: stdio, in-memory and Streamable HTTP transports. No compatibility promise; the API
 * packages are listed in docs/api.md.
 */
package dev.wassettetape.internal.transport;
