package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.internal.transport.HttpClientTransport;
import dev.wassettetape.internal.transport.Transport;
import java.net.URI;
import java.util.List;

/**
 * A Streamable HTTP MCP server already running at a URL (a {@code wassette serve}, or any other):
 * the harness talks to it, and closing ends only the session, never the server.
 */
public final class UrlServer implements LiveServer {

  private final URI url;
  private final HttpClientTransport transport;

  private UrlServer(URI url) {
    this.url = url;
    this.transport = new HttpClientTransport(url, () -> "(a server the harness did not start)");
  }

  /**
   * @throws IllegalArgumentException unless the URL is {@code http://} or {@code https://}
   */
  public static UrlServer of(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "not a Streamable HTTP URL: " + url + " (e.g. http://127.0.0.1:9001/mcp)");
    }
    return new UrlServer(uri);
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public JsonNode runtime() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("name", "streamable-http")
        .put("url", url.toString());
  }

  @Override
  public List<JsonNode> components() {
    return List.of();
  }

  @Override
  public void close() {
    transport.close();
  }
}
