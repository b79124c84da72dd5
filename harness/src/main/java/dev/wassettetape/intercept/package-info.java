/**
 * The proxy as an extension point: {@code Interceptor} (the contract, in the style of OkHttp's
 * chain) and the built-ins — {@code TokenStripper}, {@code Faults}, {@code Trace}.
 * docs/interceptors.md shows how to write one.
 */
package dev.wassettetape.intercept;
