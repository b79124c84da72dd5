/**
 * Internal: verify: aligning and diffing a live session against a tape. No compatibility promise;
 * the API packages are listed in docs/api.md.
 */
package dev.wassettetape.internal.verify;
