package dev.wassettetape.internal.transport;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;

/**
 * One open HTTP response of the endpoint that MCP messages are written to: a POST's answer (one
 * JSON body, or a stream of server-sent events) or a GET stream. It only writes; which message goes
 * where, and with which event id, is the {@link HttpSession}'s business. A write that fails (the
 * client went away or stopped reading) makes the stream dead; later writes are dropped.
 */
final class HttpStream {

  private static final long WRITE_TIMEOUT_SECONDS = 30;

  private final Response response;
  private final Callback done;
  private final boolean jsonAccepted;
  private final String sessionId;
  private boolean started;
  private boolean ended;

  /**
   * @param jsonAccepted whether the client accepts a JSON body (else it gets a stream)
   * @param sessionId the session id for the response headers; null for none
   */
  HttpStream(Response response, Callback done, boolean jsonAccepted, String sessionId) {
    this.response = response;
    this.done = done;
    this.jsonAccepted = jsonAccepted;
    this.sessionId = sessionId;
  }

  /** Whether nothing was written yet. */
  synchronized boolean fresh() {
    return !started;
  }

  /** Whether a lone answer may go as a JSON body: nothing written yet, and JSON accepted. */
  synchronized boolean canAnswerWithJson() {
    return !started && jsonAccepted;
  }

  /** The whole response: one message as a JSON body. */
  synchronized void json(JsonRpcMessage message) {
    if (!started) {
      started = true;
      ended = true;
      headers("application/json");
      send(message.toLine(), true);
    }
  }

  /**
   * Starts the event stream, if not yet: its headers go out at once, with a priming event (an id
   * and no data) when {@code primingId} is given, so that a client can resume the stream even
   * before its first message.
   */
  synchronized void open(String primingId) {
    if (!started) {
      started = true;
      headers("text/event-stream");
      send(primingId == null ? "" : "id: " + primingId + "\ndata: \n\n", false);
    }
  }

  /** One event; {@code last} ends the response after it. */
  synchronized void event(String id, JsonRpcMessage message, boolean last) {
    if (!ended) {
      send("id: " + id + "\ndata: " + message.toLine() + "\n\n", last);
      ended |= last;
    }
  }

  /** Text that is no message, as an event's data (fault injection). */
  synchronized void raw(String text) {
    if (!ended) {
      open(null);
      send("data: " + text.replace("\n", " ") + "\n\n", false);
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

  /** Writes and waits for the write; a failure makes the stream dead. */
  private void send(String text, boolean last) {
    if (ended && !last) {
      return;
    }
    FutureCallback written = new FutureCallback();
    response.write(last, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
    try {
      written.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (last) {
        done.succeeded();
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) { // the client went away, or stopped reading
      // the stream is dead
    }
    ended = true;
    done.failed(new IOException("the HTTP client stopped reading"));
  }
}
