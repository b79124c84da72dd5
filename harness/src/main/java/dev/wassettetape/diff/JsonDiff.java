package dev.wassettetape.diff;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Structural difference of two JSON documents: objects by key (order does not matter), arrays by
 * index, numbers by value ({@code 1} equals {@code 1.0}).
 */
public final class JsonDiff {

  private JsonDiff() {}

  public static List<Difference> diff(JsonNode expected, JsonNode actual) {
    List<Difference> out = new ArrayList<>();
    diff("", expected, actual, out);
    return out;
  }

  private static void diff(String path, JsonNode expected, JsonNode actual, List<Difference> out) {
    if (expected == null || actual == null) {
      if (expected != actual) {
        out.add(new Difference(path, expected, actual));
      }
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      actual.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        diff(path + "/" + escape(name), expected.get(name), actual.get(name), out);
      }
    } else if (expected.isArray() && actual.isArray()) {
      int n = Math.max(expected.size(), actual.size());
      for (int k = 0; k < n; k++) {
        diff(path + "/" + k, expected.get(k), actual.get(k), out);
      }
    } else if (expected.isNumber() && actual.isNumber()) {
      if (expected.decimalValue().compareTo(actual.decimalValue()) != 0) {
        out.add(new Difference(path, expected, actual));
      }
    } else if (!expected.equals(actual)) {
      out.add(new Difference(path, expected, actual));
    }
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
