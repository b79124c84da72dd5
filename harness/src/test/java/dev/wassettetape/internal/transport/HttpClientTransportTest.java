package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client side of Streamable HTTP against a scripted server on 127.0.0.1 that answers as the
 * real Wassette was measured to (docs/wassette-wire-notes.md): SSE with a priming event, 202 for
 * notifications, plain-text 404 for an unknown session, a JSON-RPC error body with 400.
 */
@Timeout(20)
class HttpClientTransportTest {

  HttpServer server;
  URI url;
  final List<String> seen = new CopyOnWriteArrayList<>(); // method, session and version headers
  final BlockingQueue<JsonRpcMessage> received = new LinkedBlockingQueue<>();
  final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/mcp", this::answer);
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String session = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
    seen.add(
        exchange.getRequestMethod()
            + " session="
            + session
            + " version="
            + exchange.getRequestHeaders().getFirst("MCP-Protocol-Version"));
    if (exchange.getRequestMethod().equals("DELETE")) {
      reply(exchange, 202, null, "");
      return;
    }
    if (exchange.getRequestMethod().equals("GET")
        && "5/1".equals(exchange.getRequestHeaders().getFirst("Last-Event-ID"))) {
      seen.add("resumed after 5/1");
      reply( // the rest of the cut stream: its answer
          exchange,
          200,
          "text/event-stream",
          "id: 5/2\ndata: {\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{\"resumed\":true}}\n\n");
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (body.contains("\"initialize\"")) {
      exchange.getResponseHeaders().add("mcp-session-id", "s-1");
      reply(
          exchange,
          200,
          "text/event-stream",
          "data: \nid: 0\nretry: 3000\n\n"
              + "data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\"}}\n\n");
    } else if (!"s-1".equals(session)) {
      reply(exchange, 404, "text/plain", "Not Found: Session not found");
    } else if (!body.contains("\"id\"")) {
      reply(exchange, 202, null, "");
    } else if (body.contains("\"cut\"")) { // the stream ends before the answer (SEP-1699 polling)
      reply(
          exchange,
          200,
          "text/event-stream",
          "id: 5/1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n");
    } else if (body.contains("\"bad\"")) {
      reply(
          exchange,
          400,
          "application/json",
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32020,\"message\":\"no\"}}");
    } else {
      reply(
          exchange,
          200,
          "text/event-stream",
          "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n"
              + "id: 1/0\n\n"
              + "data: {\"jsonrpc\":\"2.0\",\"id\":2,\ndata: \"result\":{}}\nid: 1/1\n\n");
    }
  }

  private static void reply(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) {
      exchange.getResponseHeaders().add("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  HttpClientTransport connect() {
    HttpClientTransport t = new HttpClientTransport(url, () -> "scripted");
    t.start(
        new Transport.Listener() {
          @Override
          public void onMessage(JsonRpcMessage message) {
            received.add(message);
          }

          @Override
          public void onClosed(String reason) {
            closed.add(reason);
          }
        });
    return t;
  }

  JsonRpcMessage next() throws InterruptedException {
    JsonRpcMessage m = received.poll(10, TimeUnit.SECONDS);
    assertThat(m).as("a message").isNotNull();
    return m;
  }

  @Test
  void aSessionCarriesItsIdAndVersionAndEndsWithADelete() throws Exception {
    HttpClientTransport t = connect();
    t.send(Request.of(Id.of(1), "initialize", null));
    assertThat(((Response) next()).result().orElseThrow().path("protocolVersion").asText())
        .isEqualTo("2025-06-18");

    t.send(Notification.of("notifications/initialized", null));
    for (int i = 0; i < 100 && seen.stream().noneMatch(s -> s.startsWith("GET")); i++) {
      Thread.sleep(20); // initialised: the client opens the session's GET stream (here: refused)
    }
    assertThat(seen).contains("GET session=s-1 version=2025-06-18");
    t.send(Request.of(Id.of(2), "tools/list", null));
    assertThat(next()).isInstanceOf(Notification.class); // the progress streamed first
    Response list = (Response) next(); // a data field over two lines
    assertThat(list.id()).isEqualTo(Id.of(2));
    assertThat(t.diagnostics()).isEqualTo("MCP server at " + url + " (session s-1). scripted");

    t.close();
    assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo("closed");
    assertThat(seen)
        .startsWith("POST session=null version=null")
        .contains("POST session=s-1 version=2025-06-18")
        .endsWith("DELETE session=s-1 version=null");
  }

  @Test
  void aStreamCutBeforeItsAnswerIsResumedWithLastEventId() throws Exception {
    HttpClientTransport t = connect();
    t.send(Request.of(Id.of(1), "initialize", null));
    next();

    t.send(Request.of(Id.of(9), "cut", null));

    assertThat(next()).isInstanceOf(Notification.class);
    Response answer = (Response) next();
    assertThat(answer.id()).isEqualTo(Id.of(9));
    assertThat(answer.result().orElseThrow().path("resumed").asBoolean()).isTrue();
    assertThat(seen).contains("resumed after 5/1");
    t.close();
  }

  @Test
  void anHttpErrorStillAnswersTheRequest() throws Exception {
    HttpClientTransport t = connect();
    t.send(Request.of(Id.of(7), "tools/list", null)); // no session yet: 404 in plain text
    Response refused = (Response) next();
    assertThat(refused.id()).isEqualTo(Id.of(7));
    assertThat(refused.error().orElseThrow().toString())
        .contains("HTTP 404 from " + url + ": Not Found: Session not found");

    t.send(Request.of(Id.of(1), "initialize", null));
    next();
    t.send(Request.of(Id.of(3), "bad", null)); // 400 with a JSON-RPC error: that is the answer
    assertThat(((Response) next()).error().orElseThrow().path("code").asInt()).isEqualTo(-32020);
    t.close();
  }

  @Test
  void aServerThatIsGoneAnswersWithWhy() throws Exception {
    server.stop(0);
    HttpClientTransport t = connect();
    t.send(Request.of(Id.of(1), "initialize", null));
    assertThat(((Response) next()).error().orElseThrow().toString())
        .contains("could not reach " + url);
    t.close();
  }
}
