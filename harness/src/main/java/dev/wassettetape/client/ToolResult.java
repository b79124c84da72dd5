package dev.wassettetape.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The result of {@code tools/call}.
 *
 * @param text the {@code text} of all text content items, joined by newlines
 * @param structuredContent the {@code structuredContent}, or a missing node
 * @param isError the {@code isError} flag (absent counts as false)
 * @param raw the whole result
 */
public record ToolResult(String text, JsonNode structuredContent, boolean isError, JsonNode raw) {

  static ToolResult of(JsonNode result) {
    String text =
        StreamSupport.stream(result.path("content").spliterator(), false)
            .filter(c -> "text".equals(c.path("type").asText()))
            .map(c -> c.path("text").asText())
            .collect(Collectors.joining("\n"));
    return new ToolResult(
        text, result.path("structuredContent"), result.path("isError").asBoolean(false), result);
  }
}
