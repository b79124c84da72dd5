package dev.wassettetape.intercept;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Credentials never cross into the server (built-in): configured fields of a client's messages are
 * replaced by {@value #STRIPPED} and configured HTTP headers are removed before the message goes
 * on. The server gets the placeholder, and so does the tape (the recorder sits behind this
 * interceptor): it says a value was there, never what it was.
 *
 * <pre>{@code
 * TokenStripper.fields("_meta.authorization", "arguments.*token*").headers("Authorization", "Cookie")
 * }</pre>
 *
 * <p>A field is a dotted path inside a message's {@code params}, each step a name or a glob ({@code
 * *} matches any characters, case ignored): {@code arguments.*token*} is any argument whose name
 * holds "token", {@code _meta.authorization} the authorization in {@code _meta}. A header is a name
 * or a glob, case ignored. Thread-safe: it keeps no state.
 */
public final class TokenStripper implements Interceptor {

  /** What a stripped field's value becomes. */
  public static final String STRIPPED = "<stripped>";

  private final List<List<Pattern>> fields;
  private final List<Pattern> headers;
  private final List<String> described;

  private TokenStripper(List<List<Pattern>> fields, List<Pattern> headers, List<String> described) {
    this.fields = List.copyOf(fields);
    this.headers = List.copyOf(headers);
    this.described = List.copyOf(described);
  }

  /** Strips these fields (dotted paths inside {@code params}, steps may be globs). */
  public static TokenStripper fields(String... paths) {
    return new TokenStripper(List.of(), List.of(), List.of()).andFields(paths);
  }

  /** Strips these HTTP headers (names or globs) and no field. */
  public static TokenStripper headersOnly(String... names) {
    return new TokenStripper(List.of(), List.of(), List.of()).headers(names);
  }

  /** Also strips these fields. */
  public TokenStripper andFields(String... paths) {
    List<List<Pattern>> all = new ArrayList<>(fields);
    List<String> what = new ArrayList<>(described);
    for (String path : paths) {
      if (path.isBlank() || path.startsWith(".") || path.endsWith(".")) {
        throw new IllegalArgumentException(
            "a field to strip is a dotted path inside params, e.g. _meta.authorization or"
                + " arguments.*token*; got \""
                + path
                + "\"");
      }
      List<Pattern> steps = new ArrayList<>();
      for (String step : path.split("\\.")) {
        steps.add(glob(step));
      }
      all.add(steps);
      what.add("params." + path);
    }
    return new TokenStripper(all, headers, what);
  }

  /** Also strips these HTTP headers. */
  public TokenStripper headers(String... names) {
    List<Pattern> all = new ArrayList<>(headers);
    List<String> what = new ArrayList<>(described);
    for (String name : names) {
      all.add(glob(name));
      what.add("header " + name);
    }
    return new TokenStripper(fields, all, what);
  }

  /** A name or a glob ({@code *}: any characters), case ignored. */
  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
  }

  @Override
  public void intercept(Chain chain) {
    if (chain.direction() != Direction.CLIENT_TO_SERVER || chain.kind() == Chain.Kind.RESPONSE) {
      chain.proceed();
      return;
    }
    ObjectNode message = chain.message();
    boolean changed = stripFields(message);
    Map<String, List<String>> kept = new LinkedHashMap<>();
    chain
        .headers()
        .forEach(
            (name, values) -> {
              if (headers.stream().noneMatch(p -> p.matcher(name).matches())) {
                kept.put(name, values);
              }
            });
    if (changed || kept.size() != chain.headers().size()) {
      chain.proceed(message, kept);
    } else {
      chain.proceed();
    }
  }

  /**
   * The message with its fields stripped: what the server and the tape get (the trace prints this,
   * too).
   */
  public ObjectNode strip(ObjectNode message) {
    stripFields(message);
    return message;
  }

  private boolean stripFields(ObjectNode message) {
    JsonNode params = message.get("params");
    boolean changed = false;
    for (List<Pattern> path : fields) {
      changed |= strip(params, path, 0);
    }
    return changed;
  }

  private static boolean strip(JsonNode node, List<Pattern> path, int step) {
    if (!(node instanceof ObjectNode object)) {
      return false;
    }
    boolean last = step == path.size() - 1;
    boolean changed = false;
    List<String> matching = new ArrayList<>();
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (path.get(step).matcher(name).matches()) {
        matching.add(name);
      }
    }
    for (String name : matching) {
      if (last) {
        if (!STRIPPED.equals(object.path(name).asText(null))) {
          object.put(name, STRIPPED);
          changed = true;
        }
      } else {
        changed |= strip(object.get(name), path, step + 1);
      }
    }
    return changed;
  }

  @Override
  public String toString() {
    return "TokenStripper" + described;
  }
}
