package dev.wassettetape.session;

/** How a test's client reaches the harness, and the harness the live Wassette. */
public enum McpTransport {
  /**
   * The client talks to the proxy in-process and Wassette runs over stdio ({@code wassette run}):
   * the fastest, and the default.
   */
  STDIO,

  /**
   * Streamable HTTP on both sides: the client talks to the harness's endpoint on 127.0.0.1, and
   * Wassette runs as {@code wassette serve --streamable-http}. The tape is the same either way.
   */
  HTTP,

  /**
   * Streamable HTTP with the stateless protocol (2026-07-28): the client opens no session; it asks
   * {@code server/discover} and sends every request on its own, carrying the protocol in its {@code
   * _meta}, through the harness to {@code wassette serve}.
   */
  HTTP_STATELESS
}
