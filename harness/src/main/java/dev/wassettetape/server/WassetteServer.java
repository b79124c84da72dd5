package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.transport.HttpClientTransport;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.wassette.CompiledComponentCache;
import dev.wassettetape.wassette.Component;
import dev.wassettetape.wassette.WassetteLauncher;
import dev.wassettetape.wassette.WassetteProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;

/**
 * Wassette with our components, as a {@link LiveServer}: over its stdio, or over Streamable HTTP
 * when launched with {@link WassetteLauncher#streamableHttp()}.
 */
public final class WassetteServer implements LiveServer {

  private final WassetteProcess process;
  private final Transport transport;

  private WassetteServer(WassetteProcess process) {
    this.process = process;
    this.transport = process.url().<Transport>map(this::overHttp).orElseGet(process::transport);
  }

  /** Over HTTP no stream ends when Wassette dies: its exit ends the session instead. */
  private HttpClientTransport overHttp(URI url) {
    HttpClientTransport http = new HttpClientTransport(url, process::diagnostics);
    process
        .handle()
        .onExit()
        .thenRun(() -> http.serverGone("Wassette (pid " + process.pid() + ") exited"));
    return http;
  }

  public static WassetteServer launch(WassetteLauncher launcher) {
    return new WassetteServer(launcher.launch());
  }

  public WassetteProcess process() {
    return process;
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public JsonNode runtime() {
    ObjectNode runtime = JsonNodeFactory.instance.objectNode();
    runtime.put("name", "wassette");
    runtime.put("version", process.installation().version().toString());
    return runtime;
  }

  @Override
  public List<JsonNode> components() {
    return process.components().stream().map(WassetteServer::describe).toList();
  }

  /** id, sha256, bytes and the policy text of a component, for provenance. */
  public static JsonNode describe(Component c) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", c.id());
    node.put("sha256", CompiledComponentCache.sha256(c.wasm()));
    try {
      node.put("bytes", Files.size(c.wasm()));
      if (c.policy() != null) {
        node.put("policy", Files.readString(c.policy()));
      } else {
        node.putNull("policy");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + c.wasm(), e);
    }
    return node;
  }

  @Override
  public void close() {
    if (transport instanceof HttpClientTransport) {
      transport.close(); // ends the HTTP session while the server is still there to hear it
    }
    process.close(); // over stdio, the process first: Wassette does not exit on EOF
  }
}
