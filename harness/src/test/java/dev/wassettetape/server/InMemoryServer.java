package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.jsonrpc.JsonRpcMessage;
import dev.wassettetape.jsonrpc.Notification;
import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import dev.wassettetape.transport.InMemoryTransport;
import dev.wassettetape.transport.Transport;
import java.io.IOException;
import java.util.List;

/**
 * A live MCP server in memory, for session tests without a process: it answers {@code initialize},
 * {@code tools/list} (one tool, {@code echo}) and {@code tools/call echo} with {@code <greeting>:
 * <message>}, logging a {@code notifications/message} first; {@code tools/call die} makes it go
 * away (its "stderr" says so).
 */
public final class InMemoryServer implements LiveServer {

  private final InMemoryTransport proxySide;
  private final InMemoryTransport serverSide;
  private final String greeting;
  private volatile String stderr = "";

  private InMemoryServer(String greeting) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("server", "in-memory server");
    this.proxySide = pipe[0];
    this.serverSide = pipe[1];
    this.greeting = greeting;
    serverSide.start(this::answer);
  }

  /** A server answering {@code Echo: <message>}. */
  public static InMemoryServer echo() {
    return new InMemoryServer("Echo");
  }

  /** A server that has changed: it answers {@code <greeting>: <message>}. */
  public static InMemoryServer greeting(String greeting) {
    return new InMemoryServer(greeting);
  }

  private void answer(JsonRpcMessage message) {
    if (!(message instanceof Request request)) {
      return;
    }
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    switch (request.method()) {
      case "initialize" -> {
        result.put(
            "protocolVersion", request.params().orElseThrow().path("protocolVersion").asText());
        result.putObject("capabilities").putObject("tools");
        result.putObject("serverInfo").put("name", "in-memory").put("version", "1");
      }
      case "tools/list" -> result.putArray("tools").addObject().put("name", "echo");
      case "ping" -> {} // an empty result
      case "tools/call" -> {
        JsonNode params = request.params().orElseThrow();
        if (params.path("name").asText().equals("die")) {
          stderr = "panicked: told to die";
          serverSide.close();
          return;
        }
        send(
            Notification.of(
                "notifications/message",
                JsonNodeFactory.instance.objectNode().put("level", "info").put("data", "called")));
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
