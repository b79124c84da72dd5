/**
 * Internal: the replayer: a chapter of a tape as an MCP server. No compatibility promise; the API
 * packages are listed in docs/api.md.
 */
package dev.wassettetape.internal.replay;
