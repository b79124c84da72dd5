package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.Transport;
import java.io.IOException;
import java.util.List;

/**
 * A live MCP server in memory, for session tests without a process: it answers {@code initialize},
 * {@code tools/list} (one tool, {@code echo}) and {@code tools/call echo} with {@code <greeting>:
 * <message>}, logging a {@code notifications/message} first; {@code tools/call die} makes it go
 * away (its "stderr" says so); {@code roots} asks the client for its roots and answers with them;
 * {@code slow} is never answered; {@code late} logs a message shortly after its answer.
 */
public final class InMemoryServer implements LiveServer {

  private final InMemoryTransport proxySide;
  private final InMemoryTransport serverSide;
  private final String greeting;
  private final String version;
  private final List<String> tools;
  private final java.util.Map<dev.wassettetape.internal.jsonrpc.Id, Request> askedRoots =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile String stderr = "";
  private volatile boolean closedByProxy;
  private volatile String dieAt;
  private volatile com.fasterxml.jackson.databind.node.ArrayNode definitions; // null: names only
  private final List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();

  private InMemoryServer(String greeting, String version, List<String> tools) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("server", "in-memory server");
    this.proxySide = pipe[0];
    this.serverSide = pipe[1];
    this.greeting = greeting;
    this.version = version;
    this.tools = tools;
    serverSide.start(this::answer);
  }

  /** A server answering {@code Echo: <message>}. */
  public static InMemoryServer echo() {
    return new InMemoryServer("Echo", "1", List.of("echo"));
  }

  /** A server that has changed: it answers {@code <greeting>: <message>}. */
  public static InMemoryServer greeting(String greeting) {
    return new InMemoryServer(greeting, "1", List.of("echo"));
  }

  /** A new version of the echo server: version 2, with a second tool, {@code reverse}. */
  public static InMemoryServer upgraded() {
    return new InMemoryServer("Echo", "2", List.of("echo", "reverse"));
  }

  /**
   * A server listing these tool definitions (schemas and all) and answering a call of any of them
   * with {@code <greeting>: <message>}; a call of another tool is an error, as a real server's.
   */
  public static InMemoryServer withTools(
      String greeting, com.fasterxml.jackson.databind.node.ArrayNode definitions) {
    InMemoryServer server = new InMemoryServer(greeting, "1", List.of());
    server.definitions = definitions.deepCopy();
    return server;
  }

  /** The echo server, but a call with this message makes it go away, as {@code die} does. */
  public static InMemoryServer dyingAt(String message) {
    InMemoryServer server = new InMemoryServer("Echo", "1", List.of("echo"));
    server.dieAt = message;
    return server;
  }

  /** The methods of the requests it received, in order. */
  public List<String> methods() {
    return List.copyOf(methods);
  }

  /** Whether the harness closed its side of the connection. */
  public boolean closedByProxy() {
    return closedByProxy;
  }

  private void answer(JsonRpcMessage message) {
    if (message instanceof Response response && response.hasId()) {
      Request call = askedRoots.remove(response.id());
      if (call != null) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result
            .putArray("content")
            .addObject()
            .put("type", "text")
            .put("text", "roots: " + response.toLine());
        send(Response.success(call.id(), result));
      }
      return;
    }
    if (!(message instanceof Request request)) {
      return;
    }
    methods.add(request.method());
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    switch (request.method()) {
      case "server/discover" -> {
        result.putArray("supportedVersions").add("2025-11-25").add("2026-07-28");
        result.putObject("capabilities").putObject("tools");
        result
            .putObject("_meta")
            .putObject("io.modelcontextprotocol/serverInfo")
            .put("name", "in-memory")
            .put("version", version);
      }
      case "initialize" -> {
        result.put(
            "protocolVersion", request.params().orElseThrow().path("protocolVersion").asText());
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools");
        if (!version.equals("1")) {
          capabilities.putObject("logging"); // what the new version adds
        }
        result.putObject("serverInfo").put("name", "in-memory").put("version", version);
      }
      case "tools/list" -> {
        var list = result.putArray("tools");
        if (definitions != null) {
          list.addAll(definitions.deepCopy());
        }
        tools.forEach(name -> list.addObject().put("name", name));
      }
      case "ping" -> {} // an empty result
      case "tools/call" -> {
        JsonNode params = request.params().orElseThrow();
        String tool = params.path("name").asText();
        if (params.at("/arguments/message").asText().equals(dieAt)) {
          tool = "die";
        }
        switch (tool) {
          case "die" -> {
            stderr = "panicked: told to die";
            serverSide.close();
            return;
          }
          case "roots" -> {
            var ask = dev.wassettetape.internal.jsonrpc.Id.of(1000 + askedRoots.size());
            askedRoots.put(ask, request);
            send(Request.of(ask, "roots/list", null));
            return;
          }
          case "slow" -> {
            return; // never answered
          }
          case "late" -> {
            result.putArray("content");
            send(Response.success(request.id(), result));
            java.util.concurrent.CompletableFuture.runAsync(
                () -> send(log("late")),
                java.util.concurrent.CompletableFuture.delayedExecutor(
                    10, java.util.concurrent.TimeUnit.MILLISECONDS));
            return;
          }
          default -> {
            String name = tool;
            if (definitions != null
                && java.util.stream.StreamSupport.stream(definitions.spliterator(), false)
                    .noneMatch(d -> d.path("name").asText().equals(name))) {
              send(Response.error(request.id(), -32602, "Unknown tool: " + name, null));
              return;
            }
          }
        }
        send(log("called"));
        result
            .putArray("content")
            .addObject()
            .put("type", "text")
            .put("text", greeting + ": " + params.at("/arguments/message").asText());
      }
      default -> {
        send(
            Response.error(
                request.id(), Response.METHOD_NOT_FOUND, "no " + request.method(), null));
        return;
      }
    }
    send(Response.success(request.id(), result));
  }

  private static Notification log(String data) {
    return Notification.of(
        "notifications/message",
        JsonNodeFactory.instance.objectNode().put("level", "info").put("data", data));
  }

  private void send(JsonRpcMessage message) {
    try {
      serverSide.send(message);
    } catch (IOException e) {
      // the proxy is gone
    }
  }

  @Override
  public Transport transport() {
    return new Transport() {
      @Override
      public void start(Listener listener) {
        proxySide.start(listener);
      }

      @Override
      public void send(JsonRpcMessage message) throws IOException {
        proxySide.send(message);
      }

      @Override
      public String diagnostics() {
        return "in-memory server; stderr: " + stderr;
      }

      @Override
      public void close() {
        closedByProxy = true;
        proxySide.close();
      }
    };
  }

  @Override
  public JsonNode runtime() {
    return JsonNodeFactory.instance.objectNode().put("name", "in-memory").put("version", "1");
  }

  @Override
  public List<JsonNode> components() {
    return List.of();
  }

  @Override
  public void close() {
    proxySide.close();
    serverSide.close();
  }
}
