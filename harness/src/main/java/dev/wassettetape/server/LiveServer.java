package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.transport.Transport;
import java.util.List;

/**
 * A live MCP server the proxy can talk to: a Wassette with components, or any stdio command. {@link
 * #close()} ends it, processes included.
 */
public interface LiveServer extends AutoCloseable {

  /** Its stdio channel. */
  Transport transport();

  /** For a tape's provenance: {@code {"name": "wassette", "version": "0.8.0"}} or similar. */
  JsonNode runtime();

  /** For a tape's provenance: the components served (id, sha256, bytes, policy). */
  List<JsonNode> components();

  @Override
  void close();
}
