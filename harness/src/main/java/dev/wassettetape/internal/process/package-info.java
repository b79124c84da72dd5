/**
 * Internal: child processes that never outlive their JVM. No compatibility promise; the API
 * packages are listed in docs/api.md.
 */
package dev.wassettetape.internal.process;
