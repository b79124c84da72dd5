/**
 * Finding and running Wassette: {@code Component} (a {@code .wasm} and its policy), {@code
 * WassetteInstallation} (where the binary is), the launcher and its compiled-component cache.
 */
package dev.wassettetape.wassette;
