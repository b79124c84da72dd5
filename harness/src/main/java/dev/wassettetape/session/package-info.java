/**
 * A tape session without JUnit: {@code TapeSession} (built by {@code TapeSessionBuilder}) records,
 * replays or verifies chapter by chapter in a {@code Mode}, over a {@code McpTransport}.
 */
package dev.wassettetape.session;
