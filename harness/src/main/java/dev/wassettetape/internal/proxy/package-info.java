/**
 * Internal: the recording proxy: where a message enters, is anchored and recorded. No compatibility
 * promise; the API packages are listed in docs/api.md.
 */
package dev.wassettetape.internal.proxy;
