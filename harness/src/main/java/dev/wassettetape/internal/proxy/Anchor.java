package dev.wassettetape.internal.proxy;

import dev.wassettetape.internal.jsonrpc.Id;
import java.util.Objects;

/**
 * Where a message belongs in a session: the chapter (the test) it is part of and, for server
 * traffic, the client request it arrived for. The proxy decides it once per message ({@link
 * McpProxy} says how); the recorder files the message there and the proxy delivers it to that
 * chapter's client.
 *
 * @param chapter the chapter; null for the handshake, which every chapter shares
 * @param request for server traffic: the id (as the server saw it) of the client request it belongs
 *     to; null for client messages and for the handshake
 * @param afterResponse for server traffic: it came after that request was answered
 */
public record Anchor(String chapter, Id request, boolean afterResponse) {

  /** The {@code initialize} exchange, and server traffic while it is pending. */
  public static final Anchor HANDSHAKE = new Anchor(null, null, false);

  /** Server traffic after the handshake and before any test's first request. */
  public static final Anchor AFTER_HANDSHAKE = new Anchor(null, null, true);

  /** A client message of a chapter. */
  public static Anchor of(String chapter) {
    return new Anchor(chapter, null, false);
  }

  public boolean isHandshake() {
    return chapter == null;
  }

  // written out, not generated: see Id
  @Override
  public boolean equals(Object other) {
    return other instanceof Anchor a
        && Objects.equals(chapter, a.chapter)
        && Objects.equals(request, a.request)
        && afterResponse == a.afterResponse;
  }

  @Override
  public int hashCode() {
    return Objects.hash(chapter, request, afterResponse);
  }

  @Override
  public String toString() {
    return "Anchor[chapter="
        + chapter
        + ", request="
        + request
        + ", afterResponse="
        + afterResponse
        + "]";
  }
}
