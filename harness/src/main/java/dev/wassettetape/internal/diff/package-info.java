/**
 * Internal: JSON comparison (JsonUnit) and the classification of tool changes. No compatibility
 * promise; the API packages are listed in docs/api.md.
 */
package dev.wassettetape.internal.diff;
