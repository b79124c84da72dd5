/**
 * The tape format ({@code wassette-tape/2}): {@code Tape} with its chapters, interactions and
 * events, read and written by {@code TapeFile}, with {@code Secrets} redacted.
 */
package dev.wassettetape.tape;
