package dev.wassettetape.internal.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed in a server's tools between two {@code tools/list} answers: tools added
 * (compatible), removed (breaking), and changed, with each change of a tool's contract classified
 * as breaking or compatible for its callers ({@link SchemaChange}); other changes (annotations,
 * icons) by path.
 *
 * @param changed every path that differs, by tool
 * @param contract the changes of each changed tool's schemas and texts, classified
 */
public record ToolSurfaceDiff(
    List<String> added,
    List<String> removed,
    Map<String, List<Difference>> changed,
    Map<String, List<SchemaChange>> contract) {

  private static final List<String> CONTRACT =
      List.of("inputSchema", "outputSchema", "description", "title");

  public ToolSurfaceDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = java.util.Collections.unmodifiableMap(new TreeMap<>(changed));
    contract = java.util.Collections.unmodifiableMap(new TreeMap<>(contract));
  }

  /** Compares two {@code tools} arrays by tool name. */
  public static ToolSurfaceDiff of(JsonNode expectedTools, JsonNode actualTools) {
    Map<String, JsonNode> expected = byName(expectedTools);
    Map<String, JsonNode> actual = byName(actualTools);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Map<String, List<Difference>> changed = new TreeMap<>();
    Map<String, List<SchemaChange>> contract = new TreeMap<>();
    for (String name : actual.keySet()) {
      if (!expected.containsKey(name)) {
        added.add(name);
      }
    }
    for (Map.Entry<String, JsonNode> e : expected.entrySet()) {
      JsonNode other = actual.get(e.getKey());
      if (other == null) {
        removed.add(e.getKey());
      } else {
        List<Difference> d = JsonDiff.diff(e.getValue(), other);
        if (!d.isEmpty()) {
          changed.put(e.getKey(), d);
          contract.put(e.getKey(), SchemaChange.between(e.getValue(), other));
        }
      }
    }
    return new ToolSurfaceDiff(added, removed, changed, contract);
  }

  private static Map<String, JsonNode> byName(JsonNode tools) {
    Map<String, JsonNode> map = new TreeMap<>();
    if (tools != null) {
      tools.forEach(t -> map.put(t.path("name").asText(), t));
    }
    return map;
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /** Whether a client of the old tools can break on the new ones: a tool removed, or changed so. */
  public boolean breaking() {
    return !removed.isEmpty() || contract.values().stream().anyMatch(SchemaChange::anyBreaking);
  }

  /**
   * Human lines: {@code + tool added}, {@code - tool removed}, {@code ~ tool changed: NAME:
   * breaking|compatible: what (where)}, and other changed paths as {@code ~ tool changed: NAME at
   * path: expected ..., was ...}.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    added.forEach(n -> lines.add("+ tool added: " + n + " (compatible)"));
    removed.forEach(n -> lines.add("- tool removed: " + n + " (breaking)"));
    changed.forEach(
        (n, d) -> {
          contract
              .getOrDefault(n, List.of())
              .forEach(c -> lines.add("~ tool changed: " + n + ": " + c));
          d.stream()
              .filter(x -> CONTRACT.stream().noneMatch(x.path()::startsWith))
              .forEach(x -> lines.add("~ tool changed: " + n + " at " + x));
        });
    return lines;
  }
}
