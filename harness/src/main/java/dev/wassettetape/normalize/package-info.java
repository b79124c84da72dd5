/**
 * What legitimately changes between runs, made comparable: {@code Normalizer} (built-in rules, user
 * rules, JsonUnit options for ignored paths and array order) and {@code NormalizationRule}.
 */
package dev.wassettetape.normalize;
