package dev.wassettetape.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Tape;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients of several chapters (tests) sharing one server session through the proxy: one handshake,
 * ids that never collide, and server traffic anchored to the request it belongs to.
 */
@Timeout(20)
class SharedSessionTest {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  final List<JsonRpcMessage> serverSaw = new CopyOnWriteArrayList<>();
  final Recorder recorder = new Recorder();
  final Map<String, List<Notification>> notified =
      Map.of("a", new CopyOnWriteArrayList<>(), "b", new CopyOnWriteArrayList<>());
  McpProxy proxy;
  Transport server;

  /** Starts the proxy in front of a scripted server; the script gets each message it receives. */
  void serve(BiConsumer<JsonRpcMessage, Transport> script) {
    InMemoryTransport[] serverPipe = InMemoryTransport.pair("proxy-server", "server");
    server = serverPipe[1];
    server.start(
        message -> {
          serverSaw.add(message);
          if (message instanceof Request r && r.method().equals("initialize")) {
            send(Response.success(r.id(), NODES.objectNode().put("protocolVersion", "2025-03-26")));
          } else {
            script.accept(message, server);
          }
        });
    proxy = new McpProxy(serverPipe[0], List.of(recorder), Duration.ofSeconds(10)).start();
  }

  /** A client of a chapter, initialised. */
  McpClient client(String chapter) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("client " + chapter, "proxy " + chapter);
    proxy.connect(pipe[1], chapter);
    McpClient client = new McpClient(pipe[0], Duration.ofSeconds(10));
    client.onNotification(notified.get(chapter)::add);
    client.initialize();
    return client;
  }

  void send(JsonRpcMessage message) {
    try {
      server.send(message);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static ObjectNode call(String tool, String progressToken) {
    ObjectNode params = NODES.objectNode().put("name", tool);
    params.putObject("arguments");
    if (progressToken != null) {
      params.putObject("_meta").put("progressToken", progressToken);
    }
    return params;
  }

  Request serverSawCall(String tool) throws InterruptedException {
    for (int k = 0; k < 200; k++) {
      for (JsonRpcMessage m : serverSaw) {
        if (m instanceof Request r
            && r.method().equals("tools/call")
            && r.params().orElseThrow().path("name").asText().equals(tool)) {
          return r;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the server never saw tools/call " + tool);
  }

  Tape tape() {
    return recorder.tape(
        "t",
        new Provenance(
            Instant.EPOCH, "test", NODES.objectNode().put("name", "x"), List.of(), List.of()));
  }

  @AfterEach
  void tearDown() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void clientsShareOneHandshakeAndTheirIdsNeverCollide() {
    serve(
        (m, s) -> {
          if (m instanceof Request r) {
            send(
                Response.success(r.id(), NODES.objectNode().set("echo", r.params().orElseThrow())));
          }
        });

    McpClient a = client("a");
    McpClient b = client("b");
    JsonNode fromA = a.request("tools/call", call("one", null)).result().orElseThrow();
    JsonNode fromB = b.request("tools/call", call("two", null)).result().orElseThrow();

    assertThat(fromA.at("/echo/name").asText()).isEqualTo("one");
    assertThat(fromB.at("/echo/name").asText()).isEqualTo("two");
    assertThat(serverSaw)
        .filteredOn(m -> !(m instanceof Request r) || !r.method().equals("tools/call"))
        .extracting(m -> m instanceof Request r ? r.method() : ((Notification) m).method())
        .containsExactly("initialize", "notifications/initialized");
    assertThat(serverSaw)
        .filteredOn(m -> m instanceof Request r && r.method().equals("tools/call"))
        .extracting(m -> ((Request) m).id())
        .doesNotHaveDuplicates(); // both clients used id 2
    Tape tape = tape();
    assertThat(tape.chapters().get("a").interactions())
        .extracting(i -> i.label())
        .containsExactly("tools/call one");
    assertThat(tape.chapters().get("b").interactions())
        .extracting(i -> i.label())
        .containsExactly("tools/call two");
  }

  @Test
  void progressFollowsItsTokenToTheRequestThatAskedForItNotTheLatestOne() throws Exception {
    serve((m, s) -> {});
    McpClient a = client("a");
    McpClient b = client("b");

    CompletableFuture<Response> slow =
        CompletableFuture.supplyAsync(() -> a.request("tools/call", call("slow", "token-a")));
    Request slowSeen = serverSawCall("slow");
    CompletableFuture<Response> fast =
        CompletableFuture.supplyAsync(() -> b.request("tools/call", call("fast", "token-b")));
    Request fastSeen = serverSawCall("fast"); // now b's request is the latest pending one
    send(
        Notification.of(
            "notifications/progress",
            NODES.objectNode().put("progressToken", "token-a").put("progress", 1)));
    send(Response.success(slowSeen.id(), NODES.objectNode()));
    send(Response.success(fastSeen.id(), NODES.objectNode()));
    slow.get(5, TimeUnit.SECONDS);
    fast.get(5, TimeUnit.SECONDS);

    assertThat(notified.get("a"))
        .extracting(Notification::method)
        .containsExactly("notifications/progress");
    assertThat(notified.get("b")).isEmpty();
    Tape tape = tape();
    assertThat(tape.chapters().get("a").interactions().get(0).events())
        .extracting(Event::method)
        .containsExactly("notifications/progress");
    assertThat(tape.chapters().get("b").interactions().get(0).events()).isEmpty();
  }

  @Test
  void aServerRequestGoesToTheClientWhoseRequestIsPending() throws Exception {
    serve((m, s) -> {});
    McpClient a = client("a");
    McpClient b = client("b");
    a.onServerRequest(r -> Response.success(r.id(), NODES.objectNode().put("from", "a")));
    b.onServerRequest(r -> Response.success(r.id(), NODES.objectNode().put("from", "b")));

    CompletableFuture<Response> call =
        CompletableFuture.supplyAsync(() -> b.request("tools/call", call("asks", null)));
    Request seen = serverSawCall("asks");
    send(Request.of(Id.of(7), "sampling/createMessage", null));
    for (int k = 0; k < 200 && serverSaw.stream().noneMatch(Response.class::isInstance); k++) {
      Thread.sleep(10);
    }
    send(Response.success(seen.id(), NODES.objectNode()));
    call.get(5, TimeUnit.SECONDS);

    Response answer =
        (Response) serverSaw.stream().filter(Response.class::isInstance).findFirst().orElseThrow();
    assertThat(answer.result().orElseThrow().path("from").asText()).isEqualTo("b");
    assertThat(tape().chapters().get("b").interactions().get(0).events().get(0).answer().result())
        .isEqualTo(NODES.objectNode().put("from", "b"));
  }

  @Test
  void aRootsRequestConcernsTheSessionAndTheClientThatOpenedItAnswers() throws Exception {
    serve((m, s) -> {});
    McpClient a = client("a");
    McpClient b = client("b");
    a.onServerRequest(r -> Response.success(r.id(), NODES.objectNode().put("from", "a")));
    b.onServerRequest(r -> Response.success(r.id(), NODES.objectNode().put("from", "b")));

    CompletableFuture<Response> call =
        CompletableFuture.supplyAsync(() -> b.request("tools/call", call("waits", null)));
    Request seen = serverSawCall("waits");
    send(Request.of(Id.of(7), "roots/list", null)); // while b waits: still the session's
    for (int k = 0; k < 200 && serverSaw.stream().noneMatch(Response.class::isInstance); k++) {
      Thread.sleep(10);
    }
    send(Response.success(seen.id(), NODES.objectNode()));
    call.get(5, TimeUnit.SECONDS);

    Response answer =
        (Response) serverSaw.stream().filter(Response.class::isInstance).findFirst().orElseThrow();
    assertThat(answer.result().orElseThrow().path("from").asText()).isEqualTo("a");
    assertThat(tape().handshake().events()).extracting(Event::method).containsExactly("roots/list");
    assertThat(tape().chapters().get("b").interactions().get(0).events()).isEmpty();
  }

  @Test
  void aListChangeConcernsTheSessionAndReachesEveryClient() throws Exception {
    serve((m, s) -> {});
    McpClient a = client("a");
    client("b");

    CompletableFuture<Response> call =
        CompletableFuture.supplyAsync(() -> a.request("tools/call", call("loads", null)));
    Request seen = serverSawCall("loads");
    send(Notification.of("notifications/tools/list_changed", null));
    send(Response.success(seen.id(), NODES.objectNode()));
    call.get(5, TimeUnit.SECONDS);
    for (int k = 0; k < 200 && notified.get("b").isEmpty(); k++) {
      Thread.sleep(10);
    }

    assertThat(notified.get("a"))
        .extracting(Notification::method)
        .containsExactly("notifications/tools/list_changed");
    assertThat(notified.get("b"))
        .extracting(Notification::method)
        .containsExactly("notifications/tools/list_changed");
    Tape tape = tape();
    assertThat(tape.handshake().events())
        .extracting(Event::method, Event::afterResponse)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("notifications/tools/list_changed", true));
    assertThat(tape.chapters().get("a").interactions().get(0).events()).isEmpty();
  }

  @Test
  void aCancellationNamesTheRequestByTheIdTheServerKnows() throws Exception {
    serve(
        (m, s) -> {
          if (m instanceof Request r
              && r.params().orElseThrow().path("name").asText().equals("first")) {
            send(Response.success(r.id(), NODES.objectNode()));
          }
        });
    McpClient a = client("a");
    McpClient b = client("b");
    a.request("tools/call", call("first", null)); // the session's id 2 is taken

    CompletableFuture.runAsync(() -> b.request("tools/call", call("long", null))); // b's id 2
    Request seen = serverSawCall("long");
    b.notify(
        "notifications/cancelled",
        NODES.objectNode().put("requestId", 2).put("reason", "the test gave up"));
    Notification cancelled = null;
    for (int k = 0; k < 200 && cancelled == null; k++) {
      cancelled =
          serverSaw.stream()
              .filter(
                  m -> m instanceof Notification n && n.method().equals("notifications/cancelled"))
              .map(Notification.class::cast)
              .findFirst()
              .orElse(null);
      Thread.sleep(10);
    }

    assertThat(seen.id()).isNotEqualTo(Id.of(2));
    assertThat(cancelled).isNotNull();
    assertThat(new Id(cancelled.params().orElseThrow().get("requestId"))).isEqualTo(seen.id());
  }
}
