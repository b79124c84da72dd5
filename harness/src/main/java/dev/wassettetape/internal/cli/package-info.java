/**
 * Internal: the {@code wassette-tape} command line. No compatibility promise; the API packages are
 * listed in docs/api.md.
 */
package dev.wassettetape.internal.cli;
