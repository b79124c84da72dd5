package dev.wassettetape.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changed in a server's tools between two {@code tools/list} answers: tools added, removed,
 * and changed, with the schema paths that changed.
 */
public record ToolSurfaceDiff(
    List<String> added, List<String> removed, Map<String, List<Difference>> changed) {

  public ToolSurfaceDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = java.util.Collections.unmodifiableMap(new TreeMap<>(changed));
  }

  /** Compares two {@code tools} arrays by tool name. */
  public static ToolSurfaceDiff of(JsonNode expectedTools, JsonNode actualTools) {
    Map<String, JsonNode> expected = byName(expectedTools);
    Map<String, JsonNode> actual = byName(actualTools);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Map<String, List<Difference>> changed = new TreeMap<>();
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
        }
      }
    }
    return new ToolSurfaceDiff(added, removed, changed);
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

  /** Human lines: {@code + tool added}, {@code - tool removed}, {@code ~ tool changed at ...}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    added.forEach(n -> lines.add("+ tool added: " + n));
    removed.forEach(n -> lines.add("- tool removed: " + n));
    changed.forEach((n, d) -> d.forEach(x -> lines.add("~ tool changed: " + n + " at " + x)));
    return lines;
  }
}
