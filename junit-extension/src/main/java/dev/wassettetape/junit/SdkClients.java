package dev.wassettetape.junit;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import java.net.URI;
import java.time.Duration;

/**
 * Where a test gets the official MCP Java SDK's client: built with the test's {@link
 * SdkClientSpec}, connected over Streamable HTTP to its chapter's endpoint (the same recording
 * proxy or replayer its {@code McpClient} talks to, in every mode and with every transport of the
 * tape), initialised, and closed when the test ends. The class is loaded only for a test that takes
 * such a parameter, so the SDK stays an optional dependency.
 */
final class SdkClients {

  private SdkClients() {}

  /** A connected, initialised client of the type asked for; closing it ends its session. */
  static AutoCloseable open(Class<?> type, URI endpoint, Duration timeout, SdkClientSpec given) {
    SdkClientSpec spec = given != null ? given : new SdkClientSpec() {};
    if (type == McpSyncClient.class) {
      McpSyncClient client =
          spec.sync(McpClient.sync(transport(endpoint)).requestTimeout(timeout)).build();
      client.initialize();
      return new Opened(client, () -> client.closeGracefully());
    }
    McpAsyncClient client =
        spec.async(McpClient.async(transport(endpoint)).requestTimeout(timeout)).build();
    client.initialize().block(timeout);
    return new Opened(client, () -> client.closeGracefully().block(timeout));
  }

  /** The client, as the test gets it, from {@link #client(AutoCloseable)}. */
  static Object client(AutoCloseable opened) {
    return ((Opened) opened).client();
  }

  private static McpClientTransport transport(URI endpoint) {
    return HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
        .endpoint(endpoint.getPath())
        .build();
  }

  private record Opened(Object client, Runnable closing) implements AutoCloseable {
    @Override
    public void close() {
      closing.run();
    }
  }
}
