/**
 * Internal: the JSON-RPC 2.0 message model. No compatibility promise; the API packages are listed
 * in docs/api.md.
 */
package dev.wassettetape.internal.jsonrpc;
