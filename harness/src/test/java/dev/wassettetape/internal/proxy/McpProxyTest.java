package dev.wassettetape.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Tape;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy between our client and a scripted server, in memory. */
@Timeout(20)
class McpProxyTest {

  final List<JsonRpcMessage> serverSaw = new CopyOnWriteArrayList<>();
  final Recorder recorder = new Recorder();
  McpProxy proxy;
  McpClient client;
  Transport server;

  /** Starts client → proxy → scripted server; the script gets each message and the server side. */
  void connect(
      BiConsumer<JsonRpcMessage, Transport> script, Duration timeout, Interceptor... extra) {
    pendingCall = null; // not an earlier test's
    InMemoryTransport[] clientPipe = InMemoryTransport.pair("client", "proxy-client");
    InMemoryTransport[] serverPipe = InMemoryTransport.pair("proxy-server", "server");
    server = serverPipe[1];
    server.start(
        message -> {
          serverSaw.add(message);
          script.accept(message, server);
        });
    List<Interceptor> interceptors = new java.util.ArrayList<>(List.of(extra));
    interceptors.add(recorder); // innermost, as the harness puts it
    proxy = new McpProxy(serverWithDiagnostics(serverPipe[0]), interceptors, timeout).start();
    proxy.connect(clientPipe[1], "test");
    client = new McpClient(clientPipe[0], Duration.ofSeconds(10));
  }

  static Transport serverWithDiagnostics(Transport t) {
    return new Transport() {
      public void start(Listener l) {
        t.start(l);
      }

      public void send(JsonRpcMessage m) throws IOException {
        t.send(m);
      }

      public String diagnostics() {
        return "scripted server; stderr: boom";
      }

      public void close() {
        t.close();
      }
    };
  }

  static void send(Transport t, JsonRpcMessage m) {
    try {
      t.send(m);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  /**
   * Answers initialize; for tools/call first asks the client sampling/createMessage with id 1, then
   * answers.
   */
  static void wassetteLike(JsonRpcMessage m, Transport server) {
    if (m instanceof Request r && r.method().equals("initialize")) {
      send(
          server,
          Response.success(
              r.id(), JsonNodeFactory.instance.objectNode().put("protocolVersion", "2025-03-26")));
    } else if (m instanceof Request r && r.method().equals("tools/call")) {
      send(server, Notification.of("notifications/progress", null));
      send(server, Request.of(Id.of(1), "sampling/createMessage", null)); // the client's id too
      pendingCall = r;
    } else if (m instanceof Response answer && answer.isError() && pendingCall != null) {
      send(server, Response.error(pendingCall.id(), -32603, "the client refused sampling", null));
    } else if (m instanceof Response answer && pendingCall != null) {
      send(
          server,
          Response.success(
              pendingCall.id(),
              JsonNodeFactory.instance
                  .objectNode()
                  .put("roots", answer.result().orElseThrow().path("roots").size())));
      send(server, Notification.of("notifications/message", null));
    }
  }

  static volatile Request pendingCall;

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void requestsWithTheSameIdInBothDirectionsAreKeptApartAndRecorded() throws Exception {
    connect(McpProxyTest::wassetteLike, Duration.ofSeconds(10));
    client.onServerRequest(
        r ->
            Response.success(
                r.id(),
                JsonNodeFactory.instance
                    .objectNode()
                    .set("roots", JsonNodeFactory.instance.arrayNode().add("file:///a"))));

    client.initialize();
    var result =
        client.callTool("any", Map.of()); // the client's id 2... and the server's request id 1

    assertThat(result.raw().path("roots").asInt()).isEqualTo(1);
    Thread.sleep(200); // the trailing notification
    Tape tape =
        recorder.tape(
            "t",
            new Provenance(
                Instant.EPOCH,
                "test",
                JsonNodeFactory.instance.objectNode().put("name", "x"),
                List.of(),
                List.of()));
    Interaction call = tape.interactions().get(0);
    assertThat(call.label()).isEqualTo("tools/call any");
    assertThat(call.events())
        .extracting(Event::method, Event::afterResponse)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("notifications/progress", false),
            org.assertj.core.groups.Tuple.tuple("sampling/createMessage", false),
            org.assertj.core.groups.Tuple.tuple("notifications/message", true));
    assertThat(call.events().get(1).answer().result().path("roots").get(0).asText())
        .isEqualTo("file:///a");
  }

  @Test
  void aServerThatDiesFailsThePendingRequestWithWhatHappened() {
    connect(
        (m, s) -> {
          if (m instanceof Request r && r.method().equals("tools/list")) {
            s.close();
          }
        },
        Duration.ofSeconds(10));

    assertThatThrownBy(() -> client.request("tools/list", null).result().orElseThrow())
        .isInstanceOf(java.util.NoSuchElementException.class);
    assertThat(proxy.endReason())
        .startsWith("the server closed the session (closed by server (proxy-server))")
        .endsWith("scripted server; stderr: boom");
  }

  /** Answers every request at once, but for tools/call "slow", which it leaves to the test. */
  static void answersAllButSlow(JsonRpcMessage m, Transport server) {
    if (m instanceof Request r && r.method().equals("initialize")) {
      wassetteLike(m, server);
    } else if (m instanceof Request r
        && !r.params().map(p -> p.path("name").asText()).orElse("").equals("slow")) {
      send(server, Response.success(r.id(), JsonNodeFactory.instance.objectNode()));
    }
  }

  static com.fasterxml.jackson.databind.node.ObjectNode slowCall(String token) {
    var params = JsonNodeFactory.instance.objectNode().put("name", "slow");
    if (token != null) {
      params.putObject("_meta").put("progressToken", token);
    }
    return params;
  }

  Request serverSaw(String method) throws InterruptedException {
    for (int k = 0; k < 300; k++) {
      for (JsonRpcMessage m : serverSaw) {
        if (m instanceof Request r && r.method().equals(method)) {
          return r;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the server never saw " + method);
  }

  List<Notification> cancellationsSeen() {
    return serverSaw.stream()
        .filter(m -> m instanceof Notification n && n.method().equals("notifications/cancelled"))
        .map(Notification.class::cast)
        .toList();
  }

  @Test
  void aRequestLeftUnansweredTimesOutAloneAndIsCancelledUpstream() throws Exception {
    connect(McpProxyTest::answersAllButSlow, Duration.ofMillis(400));
    client.initialize();

    Response answer = client.request("tools/call", slowCall(null));
    Response next = client.request("tools/list", null);

    assertThat(answer.error().orElseThrow().path("code").asInt()).isEqualTo(McpProxy.TIMED_OUT);
    assertThat(answer.error().orElseThrow().path("message").asText())
        .isEqualTo("wassette-tape: tools/call timed out: no answer nor progress within 400 ms");
    assertThat(answer.error().orElseThrow().at("/data/diagnostics").asText())
        .isEqualTo("scripted server; stderr: boom");
    assertThat(next.isError()).as("the session goes on").isFalse();
    assertThat(proxy.endReason()).isNull();
    Request slow = serverSaw("tools/call");
    for (int k = 0; k < 100 && cancellationsSeen().isEmpty(); k++) {
      Thread.sleep(10);
    }
    assertThat(cancellationsSeen()).hasSize(1);
    assertThat(new Id(cancellationsSeen().get(0).params().orElseThrow().get("requestId")))
        .isEqualTo(slow.id());
    Interaction taped = tape().interactions().get(0);
    assertThat(taped.cancelled()).startsWith("timed out: no answer nor progress within 400 ms");
    assertThat(taped.response()).isNull();
  }

  @Test
  void progressResetsARequestsClockUpToTenTimeouts() throws Exception {
    connect(McpProxyTest::answersAllButSlow, Duration.ofMillis(300));
    java.util.concurrent.CompletableFuture<Response> call =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> client.request("tools/call", slowCall("t")));
    Request slow = serverSaw("tools/call");

    for (int k = 0; k < 5; k++) { // 1 s of progress, three timeouts' worth
      Thread.sleep(200);
      send(
          server,
          Notification.of(
              "notifications/progress",
              JsonNodeFactory.instance.objectNode().put("progressToken", "t").put("progress", k)));
    }
    send(server, Response.success(slow.id(), JsonNodeFactory.instance.objectNode().put("ok", 1)));

    assertThat(call.get(5, java.util.concurrent.TimeUnit.SECONDS).isError()).isFalse();
    assertThat(cancellationsSeen()).isEmpty();
  }

  @Test
  void aCancelledRequestIsNoLongerWaitedForAndTheTapeSaysItWasCancelled() throws Exception {
    connect(McpProxyTest::answersAllButSlow, Duration.ofMillis(300));
    client.initialize();
    java.util.concurrent.CompletableFuture<Response> call =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> client.request("tools/call", slowCall(null))); // the client's id 2
    serverSaw("tools/call");

    client.notify(
        "notifications/cancelled",
        JsonNodeFactory.instance
            .objectNode()
            .put("requestId", 2)
            .put("reason", "the test gave up"));
    Thread.sleep(900); // three timeouts: a request still waited for would have timed out

    assertThat(call).isNotDone();
    assertThat(proxy.endReason()).isNull();
    assertThat(cancellationsSeen()).hasSize(1); // the client's, forwarded; none from a timeout
    Interaction taped = tape().interactions().get(0);
    assertThat(taped.cancelled()).isEqualTo("the test gave up");
    assertThat(tape().interactions())
        .hasSize(1); // the cancellation is not an interaction of its own
  }

  Tape tape() {
    return recorder.tape(
        "t",
        new Provenance(
            Instant.EPOCH,
            "test",
            JsonNodeFactory.instance.objectNode().put("name", "x"),
            List.of(),
            List.of()));
  }

  @Test
  void refusedToolsNeverReachTheServer() {
    connect(McpProxyTest::wassetteLike, Duration.ofSeconds(10), AccessControl.defaults());
    client.initialize();

    assertThatThrownBy(
            () -> client.callTool("grant-network-permission", Map.of("component_id", "weather")))
        .isInstanceOf(McpErrorException.class)
        .hasMessage(
            "JSON-RPC error -32003: wassette-tape refused tools/call 'grant-network-permission':"
                + " it is one of Wassette's built-in tools, which can change what a component may"
                + " do; the harness refuses them unless named"
                + " (builtinTools(\"grant-network-permission\"), --builtin-tool"
                + " grant-network-permission)");
    assertThat(serverSaw)
        .extracting(m -> m instanceof Request r ? r.method() : "other")
        .doesNotContain("tools/call");
  }

  @Test
  void aBuiltinNamedIsAllowedAndTheOthersStillRefused() throws Exception {
    connect(
        McpProxyTest::wassetteLike,
        Duration.ofSeconds(10),
        AccessControl.defaults().withBuiltins(java.util.Set.of("list-components")));
    client.initialize();

    assertThatThrownBy(() -> client.callTool("load-component", Map.of("path", "x")))
        .hasMessageContaining("refused tools/call 'load-component'");
    assertThatThrownBy(() -> AccessControl.defaults().withBuiltins(java.util.Set.of("lod")))
        .hasMessageStartingWith("no Wassette built-in tool is named [lod]; they are [");
    client.start(
        "tools/call", JsonNodeFactory.instance.objectNode().put("name", "list-components"));
    for (int i = 0; i < 100 && serverSaw.stream().noneMatch(McpProxyTest::isCall); i++) {
      Thread.sleep(50);
    }
    assertThat(serverSaw).anyMatch(McpProxyTest::isCall); // it reached the server
  }

  static boolean isCall(JsonRpcMessage m) {
    return m instanceof Request r && r.method().equals("tools/call");
  }

  @Test
  void anAllowListRefusesEverythingElse() {
    connect(
        McpProxyTest::wassetteLike,
        Duration.ofSeconds(10),
        AccessControl.allowOnly(java.util.Set.of("get-weather")));
    client.initialize();

    assertThatThrownBy(() -> client.callTool("other", Map.of()))
        .hasMessage(
            "JSON-RPC error -32003: wassette-tape refused tools/call 'other': it is not in the allowed tools [get-weather]");
  }
}
