package dev.wassettetape.transport;

import dev.wassettetape.jsonrpc.JsonRpcMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * One open HTTP response of the endpoint, to which the server side writes MCP messages: the answer
 * to a POST (one JSON body, or a stream of server-sent events ending with the last answer) or the
 * standalone GET stream. Which form a POST's answer takes is decided by its first message: the
 * answer itself, to a client that accepts JSON, is sent as JSON; anything before the answer
 * (progress, a server request) makes it a stream. Writes are serialised; a write that fails (the
 * client went away) makes the stream dead, and later messages for it are dropped, as the spec
 * allows.
 */
final class HttpStream {

  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final Response response;
  private final Callback done;
  private final boolean jsonAccepted;
  private final String idPrefix;
  private final String sessionId;
  private boolean started;
  private boolean ended;
  private int events;

  /**
   * @param idPrefix the prefix of this stream's SSE event ids ({@code <prefix>/<n>})
   * @param sessionId the session id to send in the response headers; null for none
   */
  HttpStream(
      Response response, Callback done, boolean jsonAccepted, String idPrefix, String sessionId) {
    this.response = response;
    this.done = done;
    this.jsonAccepted = jsonAccepted;
    this.idPrefix = idPrefix;
    this.sessionId = sessionId;
  }

  /**
   * Writes one message. {@code last} ends the response after it; a last message that is the first
   * goes as a JSON body where the client accepts JSON.
   *
   * @return the SSE event id it was sent with, or null (JSON body, or the stream is dead)
   */
  synchronized String write(JsonRpcMessage message, boolean last) {
    if (ended) {
      return null;
    }
    if (!started && last && jsonAccepted) {
      started = true;
      ended = true;
      headers("application/json");
      send(message.toLine(), true);
      return null;
    }
    if (!started) {
      started = true;
      headers("text/event-stream");
    }
    String id = idPrefix + "/" + ++events;
    if (!send("id: " + id + "\ndata: " + message.toLine() + "\n\n", last)) {
      return null;
    }
    if (last) {
      ended = true;
    }
    return id;
  }

  /** Opens the stream with its headers at once (a GET stream: the client waits for them). */
  synchronized void open() {
    if (!started) {
      started = true;
      headers("text/event-stream");
      send(": stream open\n\n", false);
    }
  }

  /** Sends an SSE event as it was sent once (a resumed GET stream). */
  synchronized void resend(String eventId, JsonRpcMessage message) {
    if (!ended) {
      send("id: " + eventId + "\ndata: " + message.toLine() + "\n\n", false);
    }
  }

  /**
   * Ends the response. One that never started gets an HTTP error with a JSON-RPC error body saying
   * why; a stream just ends.
   */
  synchronized void end(int status, String jsonBody) {
    if (ended) {
      return;
    }
    ended = true;
    if (!started) {
      started = true;
      response.setStatus(status);
      headers("application/json");
      send(jsonBody, true);
    } else {
      send("", true);
    }
  }

  synchronized boolean ended() {
    return ended;
  }

  private void headers(String contentType) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    if (contentType.startsWith("text/event-stream")) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    }
    if (sessionId != null) {
      response.getHeaders().put(HttpEndpoint.SESSION_HEADER, sessionId);
    }
  }

  /** Writes and waits for the write; false (and the stream dead) when the client is gone. */
  private boolean send(String text, boolean last) {
    FutureCallback written = new FutureCallback();
    response.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
    try {
      written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (last) {
        done.succeeded();
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) { // the client went away, or stopped reading
      // fall through
    }
    ended = true;
    done.failed(new java.io.IOException("the HTTP client stopped reading"));
    return false;
  }
}
