package dev.wassettetape.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.client.Version;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Provenance;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  /** The provenance of a tape recorded from this server now. */
  default Provenance provenance() {
    return new Provenance(
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        "wassette-tape " + Version.HARNESS,
        runtime(),
        components(),
        List.of());
  }

  @Override
  void close();
}
