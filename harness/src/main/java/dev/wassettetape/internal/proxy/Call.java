package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Id;

/** A client request in the session. Its mutable state is guarded by the proxy's lock. */
final class Call {
  private final Connection client;
  private final Id clientId;
  private final Id id;
  private final String method;
  private final String chapter;
  private final JsonNode progressToken;
  private final boolean handshake;
  private final JsonNode params;
  private final long startedNanos;
  long lastProgressNanos; // written by Calls, under the proxy's lock
  boolean cancelled;
  private boolean answeredByProxy;

  Call(
      Connection client,
      Id clientId,
      Id id,
      String method,
      String chapter,
      JsonNode progressToken,
      boolean handshake,
      JsonNode params) {
    this.client = client;
    this.clientId = clientId;
    this.id = id;
    this.method = method;
    this.chapter = chapter;
    this.progressToken = progressToken;
    this.handshake = handshake;
    this.params = params;
    this.startedNanos = System.nanoTime();
    this.lastProgressNanos = startedNanos;
  }

  Connection client() {
    return client;
  }

  /** The id the client gave it. */
  Id clientId() {
    return clientId;
  }

  /** Its id in the session, as the server knows it. */
  Id id() {
    return id;
  }

  String method() {
    return method;
  }

  String chapter() {
    return chapter;
  }

  JsonNode progressToken() {
    return progressToken;
  }

  /** The request's params (read only), e.g. a tool call's name and arguments; null for none. */
  JsonNode params() {
    return params;
  }

  boolean handshake() {
    return handshake;
  }

  /** A ping has nothing to do with other traffic: nothing is anchored to it. */
  boolean isPing() {
    return method.equals("ping");
  }

  /** Cancelled by its client, or timed out: it no longer holds anything up. */
  boolean cancelled() {
    return cancelled;
  }

  /** The proxy answered it (it timed out), so a late answer of the server goes nowhere. */
  boolean answeredByProxy() {
    return answeredByProxy;
  }

  void timedOut() {
    cancelled = true;
    answeredByProxy = true;
  }

  /**
   * How long it has waited for the server since it started or since its last progress, and in all:
   * the proxy's clock for timeouts.
   */
  long idleNanos(long now) {
    return now - lastProgressNanos;
  }

  long ageNanos(long now) {
    return now - startedNanos;
  }
}
