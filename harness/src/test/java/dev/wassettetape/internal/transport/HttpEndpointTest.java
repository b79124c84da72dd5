package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.ToolResult;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.proxy.Connection;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.server.InMemoryServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness as a Streamable HTTP server: the endpoint in front of the proxy and an in-memory
 * server, spoken to with the JDK's HTTP client as the MCP transport spec describes, and with our
 * own client over {@link HttpClientTransport}.
 */
@Timeout(20)
class HttpEndpointTest {

  static final String INIT =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

  final HttpClient http = HttpClient.newHttpClient();
  final List<Transport> sessions = new CopyOnWriteArrayList<>();
  final List<Connection> connections = new CopyOnWriteArrayList<>();
  InMemoryServer server;
  McpProxy proxy;
  HttpEndpoint endpoint;

  @BeforeEach
  void start() {
    server = InMemoryServer.echo();
    proxy = new McpProxy(server.transport(), List.of(), Duration.ofSeconds(5)).start();
    endpoint =
        HttpEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            Set.of("wassette.test"),
            session -> {
              sessions.add(session);
              connections.add(proxy.connect(session, "test"));
            });
  }

  @AfterEach
  void stop() {
    endpoint.close();
    proxy.close();
  }

  HttpResponse<String> post(String session, String body, String... headers) throws Exception {
    HttpRequest.Builder request = postOf(session, body);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A POST as a client that accepts both answers sends it. */
  HttpRequest.Builder postOf(String session, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.url())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return request;
  }

  String session() throws Exception {
    HttpResponse<String> init = post(null, INIT);
    assertThat(init.statusCode()).isEqualTo(200);
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(
            post(id, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
        .isEqualTo(202);
    return id;
  }

  static String call(int id, String tool, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\"message\":\""
        + message
        + "\"}}}";
  }

  /** The messages of an SSE body, in order. */
  static List<JsonNode> events(String body) {
    return body.lines()
        .filter(l -> l.startsWith("data: "))
        .map(l -> JsonRpcMessage.parse(l.substring(6)).json())
        .map(JsonNode.class::cast)
        .toList();
  }

  @Test
  void initializeOpensASessionAnsweredAsJsonThenAToolCallStreamsItsNotificationBeforeItsAnswer()
      throws Exception {
    HttpResponse<String> init = post(null, INIT);
    assertThat(init.statusCode()).isEqualTo(200);
    assertThat(init.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(JsonRpcMessage.parse(init.body()).json().at("/result/serverInfo/name").asText())
        .isEqualTo("in-memory");
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(session).matches("[0-9a-f-]{36}");

    HttpResponse<String> call = post(session, call(2, "echo", "hi"));

    assertThat(call.headers().firstValue("Content-Type")).contains("text/event-stream");
    assertThat(events(call.body()))
        .extracting(e -> e.path("method").asText() + e.at("/result/content/0/text").asText())
        .containsExactly("notifications/message", "Echo: hi");
    assertThat(call.body()).contains("id: ");
    HttpResponse<String> ping = post(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
    assertThat(ping.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(JsonRpcMessage.parse(ping.body()).json().path("id").asInt()).isEqualTo(3);
  }

  @Test
  void aServerRequestGoesOnTheStreamOfTheCallItBelongsToAndTheClientsAnswerIsAccepted()
      throws Exception {
    String session = session();
    HttpResponse<Stream<String>> stream =
        http.send(
            postOf(session, call(7, "roots", "")).build(), HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = stream.body().filter(l -> l.startsWith("data: ")).iterator();

    JsonNode ask = JsonRpcMessage.parse(lines.next().substring(6)).json();
    assertThat(ask.path("method").asText()).isEqualTo("roots/list");
    HttpResponse<String> answered =
        post(
            session,
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + ask.path("id")
                + ",\"result\":{\"roots\":[{\"uri\":\"file:///w\"}]}}");
    assertThat(answered.statusCode()).isEqualTo(202);

    JsonNode result = JsonRpcMessage.parse(lines.next().substring(6)).json();
    assertThat(result.path("id").asInt()).isEqualTo(7);
    assertThat(result.at("/result/content/0/text").asText()).contains("file:///w");
    assertThat(lines.hasNext()).isFalse(); // the answer ended the response
  }

  @Test
  void whatBelongsToNoRequestGoesOnTheGetStreamWhichResumesAfterLastEventId() throws Exception {
    String session = session();
    HttpResponse<Stream<String>> get = listen(session, null);
    Iterator<String> first = get.body().filter(l -> !l.isBlank()).iterator();

    post(session, call(2, "late", "")); // answered, then a log message after the answer
    assertThat(first.next()).isEqualTo("id: get/1");
    assertThat(first.next()).contains("\"data\":\"late\"");
    post(session, call(3, "late", ""));
    assertThat(first.next()).isEqualTo("id: get/2");

    // A client that lost its stream after get/1 reconnects and gets what it missed.
    Iterator<String> resumed =
        listen(session, "get/1").body().filter(l -> l.startsWith("id:")).iterator();
    assertThat(resumed.next()).isEqualTo("id: get/2");
  }

  @Test
  void aClientThatLostAPostStreamResumesItWithLastEventIdAndGetsTheAnswerThere() throws Exception {
    String session = session();
    HttpRequest call = postOf(session, call(7, "roots", "")).build();
    String askedIn;
    JsonNode ask;
    try (Stream<String> body = http.send(call, HttpResponse.BodyHandlers.ofLines()).body()) {
      Iterator<String> lines = body.filter(l -> !l.isBlank()).iterator();
      askedIn = lines.next(); // the event id of the server's question
      ask = JsonRpcMessage.parse(lines.next().substring(6)).json();
    } // the client loses the stream before the answer
    assertThat(askedIn).isEqualTo("id: 2/1"); // the second POST's stream (initialize was first)
    post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + ask.path("id") + ",\"result\":{\"roots\":[]}}");

    List<String> resumed = listen(session, "2/1").body().filter(l -> !l.isBlank()).toList();

    assertThat(resumed).contains("id: 2/2"); // then the stream ends: it was the answer
    assertThat(resumed.get(resumed.size() - 1)).contains("\"id\":7").contains("roots");
  }

  @Test
  void aStreamOfProtocol20251125StartsWithAPrimingEvent() throws Exception {
    HttpResponse<String> init = post(null, INIT.replace("2025-06-18", "2025-11-25"));
    String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

    HttpResponse<String> call = post(session, call(2, "echo", "hi"));

    assertThat(call.body()).startsWith("id: 2/0\ndata: \n\n");
    assertThat(events(call.body().substring(call.body().indexOf("\n\n") + 2)))
        .extracting(e -> e.path("method").asText("answer"))
        .containsExactly("notifications/message", "answer");
  }

  HttpResponse<Stream<String>> listen(String session, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.url())
            .header("Accept", "text/event-stream")
            .header("Mcp-Session-Id", session)
            .GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/event-stream");
    return response;
  }

  @Test
  void deleteEndsTheSessionForTheProxyToo() throws Exception {
    String session = session();
    HttpResponse<String> deleted =
        http.send(
            HttpRequest.newBuilder(endpoint.url())
                .header("Mcp-Session-Id", session)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(post(session, call(2, "echo", "x")).statusCode()).isEqualTo(404);
    assertThat(endpoint.openSessions()).isZero();
    assertThatEventually(() -> !connections.get(0).isConnected());
  }

  static void assertThatEventually(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void refusesWhatTheSpecSaysToRefuseWithAStatusAndAJsonRpcErrorSayingWhy() throws Exception {
    String session = session();
    Map<String, HttpResponse<String>> refused =
        Map.of(
            "400 no session", post(null, call(2, "echo", "x")),
            "404 unknown session", post("nope", call(2, "echo", "x")),
            "403 foreign origin",
                post(session, call(2, "echo", "x"), "Origin", "http://evil.example"),
            "400 not json", post(session, "{nope"),
            "400 batch", post(session, "[" + call(2, "echo", "x") + "]"),
            "400 other protocol",
                post(session, call(2, "echo", "x"), "MCP-Protocol-Version", "1999-01-01"),
            "415 not json type",
                http.send(
                    HttpRequest.newBuilder(endpoint.url())
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(INIT))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()),
            "406 get without sse",
                http.send(
                    HttpRequest.newBuilder(endpoint.url())
                        .header("Mcp-Session-Id", session)
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString()),
            "405 put",
                http.send(
                    HttpRequest.newBuilder(endpoint.url())
                        .PUT(HttpRequest.BodyPublishers.ofString(INIT))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()),
            "404 other path",
                http.send(
                    HttpRequest.newBuilder(endpoint.url().resolve("/sse")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));

    refused.forEach(
        (what, response) -> {
          assertThat(response.statusCode())
              .as(what)
              .isEqualTo(Integer.parseInt(what.substring(0, 3)));
          JsonNode error = JsonRpcMessage.parse(response.body()).json().path("error");
          assertThat(error.path("message").asText()).as(what).isNotBlank();
        });
    assertThat(
            JsonRpcMessage.parse(refused.get("400 not json").body())
                .json()
                .at("/error/code")
                .asInt())
        .isEqualTo(-32700);
    assertThat(
            post(session, call(9, "echo", "allowed"), "Origin", "http://wassette.test:3000")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aStatelessRequestIsAnExchangeOfItsOwnWhoseHeadersMustMirrorItsBody() throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"message\":\"alone\"},\"_meta\":{"
            + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

    HttpResponse<String> noHeaders = post(null, body);
    HttpResponse<String> otherName =
        post(null, body, "Mcp-Method", "tools/call", "Mcp-Name", "reverse");
    HttpResponse<String> answered =
        post(
            null,
            body,
            "MCP-Protocol-Version",
            "2026-07-28",
            "Mcp-Method",
            "tools/call",
            "Mcp-Name",
            "echo");

    assertThat(noHeaders.statusCode()).isEqualTo(400);
    assertThat(noHeaders.body()).contains("-32020").contains("missing required Mcp-Method header");
    assertThat(otherName.statusCode()).isEqualTo(400);
    assertThat(otherName.body()).contains("`reverse` does not match body value `echo`");
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.headers().firstValue("Mcp-Session-Id")).isEmpty();
    assertThat(answered.body()).contains("Echo: alone");
    assertThat(endpoint.openSessions()).isZero(); // nothing stays open after the answer
    assertThat(server.methods()).containsExactly("server/discover", "tools/call");
  }

  @Test
  void aSessionThatCannotStartAnswersItsInitializeWithWhy() throws Exception {
    try (HttpEndpoint failing =
        HttpEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            Set.of(),
            session -> {
              throw new IllegalStateException("Wassette 0.4.0 could not load component w.wasm");
            })) {
      HttpResponse<String> init =
          http.send(
              HttpRequest.newBuilder(failing.url())
                  .header("Content-Type", "application/json")
                  .header("Accept", "application/json, text/event-stream")
                  .POST(HttpRequest.BodyPublishers.ofString(INIT))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(init.statusCode()).isEqualTo(500);
      JsonNode answer = JsonRpcMessage.parse(init.body()).json();
      assertThat(answer.path("id").asInt()).isEqualTo(1);
      assertThat(answer.at("/error/message").asText()).contains("could not load component w.wasm");
      assertThat(failing.openSessions()).isZero();
    }
  }

  @Test
  void aForeignHostHeaderIsRefusedAgainstDnsRebinding() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", endpoint.url().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /mcp HTTP/1.1\r\nHost: attacker.example\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + INIT.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + INIT)
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 403").contains("attacker.example");
    }
    assertThat(sessions).isEmpty();
  }

  @Test
  void ourOwnClientHearsWhatBelongsToNoRequestOnItsGetStream() throws Exception {
    List<String> heard = new CopyOnWriteArrayList<>();
    try (McpClient client =
        new McpClient(
            new HttpClientTransport(endpoint.url(), () -> "endpoint"), Duration.ofSeconds(5))) {
      client.onNotification(n -> heard.add(n.params().orElseThrow().path("data").asText()));
      client.initialize();
      client.callTool("late", Map.of()); // answered, then a log message outside any request

      // the endpoint keeps it for the session's GET stream, which the client opens once initialised
      assertThatEventually(() -> heard.contains("late"));
    }
  }

  @Test
  void ourOwnClientTalksToItOverHttpClientTransport() {
    try (McpClient client =
        new McpClient(
            new HttpClientTransport(endpoint.url(), () -> "endpoint"), Duration.ofSeconds(5))) {
      client.initialize();
      ToolResult result = client.callTool("echo", Map.of("message", "over http"));
      assertThat(result.text()).isEqualTo("Echo: over http");
    }
    assertThat(sessions).hasSize(1);
  }
}
