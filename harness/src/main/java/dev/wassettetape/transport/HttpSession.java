package dev.wassettetape.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.jsonrpc.Id;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One MCP session of a client of the {@link HttpEndpoint}, as a {@link Transport}: what the client
 * POSTs is delivered to the listener in arrival order, on a thread of the session's own; what is
 * sent to it goes where Streamable HTTP puts it. An answer goes on the stream of the POST that
 * carried its request, and ends that POST's response once the POST has no question left. A
 * notification or server request goes on the stream of the request it belongs to: the one whose
 * {@code progressToken} it carries, else the latest request still open; with none open, on the
 * standalone GET stream, or it waits for one (bounded). GET-stream events keep their ids for a
 * while, so a client that reconnects with {@code Last-Event-ID} gets what it missed.
 */
final class HttpSession implements Transport {

  private static final int BACKLOG = 1000;

  private final String id;
  private final String where;
  private final Consumer<HttpSession> onClosed;
  private final ExecutorService delivery;
  private final Map<Id, Post> byRequest = new HashMap<>();
  private final Deque<Post> open = new ArrayDeque<>();
  private final Deque<JsonRpcMessage> backlog = new ArrayDeque<>();
  private final LinkedHashMap<String, JsonRpcMessage> sentOnGet =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, JsonRpcMessage> eldest) {
          return size() > BACKLOG;
        }
      };
  private HttpStream standalone;
  private int getEvents;
  private boolean closed;
  private volatile String protocolVersion;
  private volatile Listener listener;

  /** A POST still waiting for answers. */
  private record Post(HttpStream stream, List<Id> waiting, String progressToken) {}

  HttpSession(String id, String where, Consumer<HttpSession> onClosed) {
    this.id = id;
    this.where = where;
    this.onClosed = onClosed;
    this.delivery =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wassette-tape-http-session " + id);
              t.setDaemon(true);
              return t;
            });
  }

  String id() {
    return id;
  }

  /** The protocol version the session negotiated; null before the answer to initialize. */
  String protocolVersion() {
    return protocolVersion;
  }

  @Override
  public void start(Listener listener) {
    this.listener = listener;
  }

  /** A POSTed request: its answers go to {@code stream}. */
  void request(Request request, HttpStream stream) {
    JsonNode token = request.jsonView().path("params").path("_meta").path("progressToken");
    synchronized (this) {
      if (closed) {
        stream.end(404, HttpEndpoint.error("Not Found: the session has ended"));
        return;
      }
      Post post =
          new Post(
              stream,
              new ArrayList<>(List.of(request.id())),
              token.isMissingNode() ? null : token.asText());
      byRequest.put(request.id(), post);
      open.addLast(post);
    }
    deliver(request);
  }

  /** A POSTed notification or response: accepted, nothing to answer. */
  void accept(JsonRpcMessage message) {
    deliver(message);
  }

  /** The client's standalone GET stream; a newer one replaces an older one. */
  void listen(HttpStream stream, String lastEventId) {
    HttpStream old;
    List<JsonRpcMessage> waiting;
    synchronized (this) {
      if (closed) {
        stream.end(404, HttpEndpoint.error("Not Found: the session has ended"));
        return;
      }
      old = standalone;
      standalone = stream;
      stream.open();
      if (lastEventId != null) {
        boolean after = false;
        for (Map.Entry<String, JsonRpcMessage> sent : sentOnGet.entrySet()) {
          if (after) {
            stream.resend(sent.getKey(), sent.getValue());
          }
          after |= sent.getKey().equals(lastEventId);
        }
      }
      waiting = new ArrayList<>(backlog);
      backlog.clear();
    }
    if (old != null) {
      old.end(200, "");
    }
    waiting.forEach(this::toStandalone);
  }

  private void deliver(JsonRpcMessage message) {
    try {
      delivery.execute(
          () -> {
            Listener l = listener;
            if (l != null) {
              l.onMessage(message);
            }
          });
    } catch (RejectedExecutionException closing) {
      // the session ended meanwhile; the client hears 404 on its next request
    }
  }

  @Override
  public void send(JsonRpcMessage message) throws IOException {
    if (message instanceof Response response && response.hasId()) {
      answer(response);
      return;
    }
    Post post;
    synchronized (this) {
      if (closed) {
        throw new IOException(diagnostics() + " has ended");
      }
      post = streamFor(message);
    }
    if (post != null) {
      post.stream().write(message, false);
    } else {
      toStandalone(message);
    }
  }

  private void answer(Response response) throws IOException {
    Post post;
    boolean last;
    synchronized (this) {
      post = byRequest.remove(response.id());
      if (post == null) {
        if (closed) {
          throw new IOException(diagnostics() + " has ended");
        }
        return; // its POST is gone: nobody to answer (a disconnect is no cancellation)
      }
      post.waiting().remove(response.id());
      last = post.waiting().isEmpty();
      if (last) {
        open.remove(post);
      }
      response
          .result()
          .map(r -> r.path("protocolVersion"))
          .filter(JsonNode::isTextual)
          .ifPresent(v -> protocolVersion = v.asText());
    }
    post.stream().write(response, last);
  }

  /** The open POST a server notification or request belongs to; null for none. */
  private Post streamFor(JsonRpcMessage message) {
    JsonNode token = message.jsonView().path("params").path("progressToken");
    if (!token.isMissingNode()) {
      for (Post post : open) {
        if (token.asText().equals(post.progressToken())) {
          return post;
        }
      }
    }
    return open.peekLast();
  }

  private void toStandalone(JsonRpcMessage message) {
    HttpStream stream;
    String eventId;
    synchronized (this) {
      stream = standalone;
      if (stream == null || stream.ended()) {
        if (backlog.size() < BACKLOG) {
          backlog.addLast(message);
        }
        return;
      }
      eventId = "get/" + ++getEvents;
      sentOnGet.put(eventId, message);
    }
    stream.resend(eventId, message);
  }

  @Override
  public String diagnostics() {
    return "the HTTP client of session " + id + " at " + where;
  }

  @Override
  public void close() {
    close("the session was closed");
  }

  @Override
  public void close(String reason) {
    List<HttpStream> streams = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open.forEach(p -> streams.add(p.stream()));
      open.clear();
      byRequest.clear();
      if (standalone != null) {
        streams.add(standalone);
      }
    }
    String body = HttpEndpoint.error("the MCP session ended before its answer: " + reason);
    streams.forEach(s -> s.end(503, body));
    onClosed.accept(this);
    try {
      delivery.execute(
          () -> {
            Listener l = listener;
            if (l != null) {
              l.onClosed(reason);
            }
          });
    } catch (RejectedExecutionException already) {
      // closed twice
    }
    delivery.shutdown();
  }
}
