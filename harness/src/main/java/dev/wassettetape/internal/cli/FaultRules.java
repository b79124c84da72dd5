package dev.wassettetape.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.wassettetape.intercept.Faults;
import dev.wassettetape.internal.jsonrpc.Json;
import java.time.Duration;
import java.util.Arrays;

/** {@code --fault tool=get-weather,call=1,do=drop-response}: one fault from its text. */
final class FaultRules {

  private FaultRules() {}

  static Faults.Fault parse(String spec) {
    Faults.Rule rule = null;
    String action = null;
    StringBuilder later = new StringBuilder();
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 1) {
        throw bad(spec, "\"" + part + "\" is not KEY=VALUE");
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      switch (key) {
        case "tool" -> rule = Faults.tool(value);
        case "method" -> rule = Faults.method(value);
        case "do" -> action = value;
        default -> later.append(part).append(',');
      }
    }
    if (rule == null) {
      throw bad(spec, "it names no tool=NAME nor method=NAME");
    }
    if (action == null) {
      throw bad(spec, "it says nothing to do (do=drop-response, do=error:-32603:down, ...)");
    }
    for (String part : later.toString().split(",")) {
      if (part.isEmpty()) {
        continue;
      }
      String key = part.substring(0, part.indexOf('=')).trim();
      String value = part.substring(part.indexOf('=') + 1).trim();
      try {
        if (key.startsWith("arg.")) {
          rule = rule.withArgument(key.substring(4), json(value));
        } else if (key.equals("call")) {
          rule = rule.call(Arrays.stream(value.split("\\+")).mapToInt(Integer::parseInt).toArray());
        } else if (key.equals("first")) {
          rule = rule.firstCalls(Integer.parseInt(value));
        } else if (key.equals("probability")) {
          rule = rule.probability(Double.parseDouble(value));
        } else {
          throw bad(spec, "unknown key " + key);
        }
      } catch (NumberFormatException e) {
        throw bad(spec, key + "=" + value + " is not a number");
      }
    }
    String[] what = action.split(":", 3);
    try {
      return switch (what[0]) {
        case "error" -> rule.error(Integer.parseInt(what[1]), what.length > 2 ? what[2] : "error");
        case "is-error" -> rule.isError(what.length > 1 ? action.substring(9) : "error");
        case "delay" -> rule.delay(Duration.ofMillis(Long.parseLong(what[1])));
        case "drop-response" -> rule.dropResponse();
        case "malformed" -> rule.malformed();
        case "crash" -> rule.crash();
        default -> throw bad(spec, "unknown do=" + what[0]);
      };
    } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
      throw bad(
          spec, "do=" + action + " lacks its number (do=error:CODE:MESSAGE, do=delay:MILLIS)");
    }
  }

  /** A value as JSON when it is JSON ({@code 3}, {@code true}, {@code "x"}), else as a string. */
  private static Object json(String value) {
    try {
      JsonNode node = Json.parse(value);
      return node == null ? TextNode.valueOf(value) : node;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(value);
    }
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException(
        "--fault " + spec + ": " + why + ". E.g. --fault tool=get-weather,call=1,do=drop-response");
  }
}
