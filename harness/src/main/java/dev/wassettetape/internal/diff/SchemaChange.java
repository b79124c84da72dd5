package dev.wassettetape.internal.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One change to a tool's contract between two versions of a server, classified from the side of a
 * client that calls it: a <b>breaking</b> change can make a call that worked fail or a reader of
 * the result go wrong (a new required parameter, a parameter removed or retyped, an output field
 * removed or retyped, fewer accepted values); a <b>compatible</b> one cannot (a new optional
 * parameter, a new output field, more accepted values, a new description).
 *
 * <p>Input schemas ({@code inputSchema}: what clients send) and output schemas ({@code
 * outputSchema}: what they read) are compared property by property, into nested objects and array
 * items; the two sides are mirror images (a field an input loses breaks callers that send it, a
 * field an output loses breaks readers that read it).
 *
 * @param path where, as a JsonUnit path into the tool (e.g. {@code inputSchema.properties.units})
 * @param breaking whether the change can break a client
 * @param what the change, in words
 */
public record SchemaChange(String path, boolean breaking, String what) {

  /** The changes between two versions of one tool, breaking ones first. */
  public static List<SchemaChange> between(JsonNode before, JsonNode after) {
    List<SchemaChange> changes = new ArrayList<>();
    compare("inputSchema", before.path("inputSchema"), after.path("inputSchema"), true, changes);
    JsonNode out = before.path("outputSchema");
    JsonNode outAfter = after.path("outputSchema");
    if (out.isMissingNode() && !outAfter.isMissingNode()) {
      changes.add(new SchemaChange("outputSchema", false, "output schema added"));
    } else if (!out.isMissingNode() && outAfter.isMissingNode()) {
      changes.add(new SchemaChange("outputSchema", true, "output schema removed"));
    } else {
      compare("outputSchema", out, outAfter, false, changes);
    }
    for (String text : List.of("description", "title")) {
      if (!before.path(text).equals(after.path(text))) {
        changes.add(new SchemaChange(text, false, text + " changed"));
      }
    }
    List<SchemaChange> sorted = new ArrayList<>(changes.stream().filter(c -> c.breaking).toList());
    changes.stream().filter(c -> !c.breaking).forEach(sorted::add);
    return sorted;
  }

  /** Whether any of them breaks a client. */
  public static boolean anyBreaking(List<SchemaChange> changes) {
    return changes.stream().anyMatch(SchemaChange::breaking);
  }

  private static void compare(
      String at, JsonNode before, JsonNode after, boolean input, List<SchemaChange> changes) {
    if (!before.path("type").equals(after.path("type"))) {
      changes.add(
          new SchemaChange(
              at, true, "type " + before.path("type") + " became " + after.path("type")));
      return; // nothing below compares across types
    }
    enums(at, before.path("enum"), after.path("enum"), input, changes);
    Set<String> required = names(before.path("required"));
    Set<String> requiredAfter = names(after.path("required"));
    Set<String> all = new TreeSet<>(names(before.path("properties")));
    all.addAll(names(after.path("properties")));
    for (String name : all) {
      String path = at + ".properties." + name;
      JsonNode p = before.path("properties").path(name);
      JsonNode q = after.path("properties").path(name);
      String role = input ? "parameter" : "output field";
      if (p.isMissingNode()) {
        boolean newlyRequired = input && requiredAfter.contains(name);
        String kind = !input ? "new " : newlyRequired ? "new required " : "new optional ";
        changes.add(new SchemaChange(path, newlyRequired, kind + role + " " + name));
      } else if (q.isMissingNode()) {
        changes.add(new SchemaChange(path, true, role + " " + name + " removed"));
      } else {
        boolean was = required.contains(name);
        boolean is = requiredAfter.contains(name);
        if (was != is) {
          // an input newly required breaks callers; an output no longer guaranteed breaks readers
          boolean breaking = input ? is : was;
          changes.add(
              new SchemaChange(
                  path,
                  breaking,
                  role + " " + name + (is ? " became required" : " became optional")));
        }
        compare(path, p, q, input, changes);
      }
    }
    if (before.has("items") || after.has("items")) {
      compare(at + ".items", before.path("items"), after.path("items"), input, changes);
    }
  }

  /** Fewer accepted input values, or more possible output values, can break a client. */
  private static void enums(
      String at, JsonNode before, JsonNode after, boolean input, List<SchemaChange> changes) {
    if (before.isMissingNode() && after.isMissingNode()) {
      return;
    }
    Set<String> was = values(before);
    Set<String> is = values(after);
    Set<String> lost = new LinkedHashSet<>(was);
    lost.removeAll(is);
    Set<String> gained = new LinkedHashSet<>(is);
    gained.removeAll(was);
    if (before.isMissingNode() || after.isMissingNode()) {
      boolean narrowed = before.isMissingNode(); // any value became a list of them
      changes.add(
          new SchemaChange(
              at + ".enum",
              narrowed == input,
              narrowed ? "now limited to " + is : "no longer limited to " + was));
      return;
    }
    if (!lost.isEmpty()) {
      changes.add(new SchemaChange(at + ".enum", input, "values removed: " + lost));
    }
    if (!gained.isEmpty()) {
      changes.add(new SchemaChange(at + ".enum", !input, "values added: " + gained));
    }
  }

  private static Set<String> values(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(v.toString()));
    return values;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  @Override
  public String toString() {
    return (breaking ? "breaking: " : "compatible: ") + what + " (" + path + ")";
  }
}
