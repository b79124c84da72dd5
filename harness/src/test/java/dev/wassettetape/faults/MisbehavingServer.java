package dev.wassettetape.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A stdio MCP server that misbehaves on purpose, for the fault tests: it answers {@code
 * initialize}, {@code tools/list} and {@code tools/call echo} like any server, and then does what
 * it was told:
 *
 * <ul>
 *   <li>{@code crash-after N}: exits with status 3 on its Nth message, saying so on stderr;
 *   <li>{@code hang-on NAME}: never answers {@code tools/call NAME};
 *   <li>{@code garbage}: before each answer writes a line that is not JSON, one over 16 MiB, and
 *       one that is not UTF-8;
 *   <li>{@code stop-reading-after N}: stops reading its stdin after N messages, and lives on;
 *   <li>{@code ignore-eof}: lives on when its stdin ends, as Wassette does;
 *   <li>{@code leak SECRET}: puts the secret, in each of its {@link #encodings}, in every channel
 *       it has: {@code echo} writes it to stderr, to a stray stdout line, to a notification and to
 *       its result; {@code fail} answers an error quoting it; {@code crash} quotes it on stderr and
 *       exits with status 3.
 * </ul>
 *
 * Start it with {@link #command}.
 */
public final class MisbehavingServer {

  /** The command line that starts it, with the harness's test classpath. */
  public static List<String> command(String... behaviour) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                MisbehavingServer.class.getName()));
    command.addAll(List.of(behaviour));
    return command;
  }

  /** The secret as it is, URL-encoded, Base64 (both alphabets) and in a Basic auth header. */
  public static List<String> encodings(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    return List.of(
        secret,
        URLEncoder.encode(secret, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().encodeToString(bytes),
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("user:" + secret).getBytes(StandardCharsets.UTF_8)));
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    String secret = mode.equals("leak") ? args[1] : null;
    int n = args.length > 1 && args[1].matches("\\d+") ? Integer.parseInt(args[1]) : 0;
    String hangOn = mode.equals("hang-on") ? args[1] : null;
    OutputStream out = System.out;
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int seen = 0;
    for (String line; (line = in.readLine()) != null; ) {
      seen++;
      if (mode.equals("crash-after") && seen >= n) {
        System.err.println("boom: crashing on purpose at message " + seen);
        System.exit(3);
      }
      if (mode.equals("stop-reading-after") && seen >= n) {
        Thread.sleep(Long.MAX_VALUE); // alive, and reading nothing more
      }
      JsonNode message = Json.parse(line);
      if (!message.has("id") || !message.has("method")) {
        continue; // a notification, or an answer
      }
      String method = message.path("method").asText();
      String tool = message.at("/params/name").asText();
      if (tool.equals(hangOn)) {
        continue;
      }
      if (secret != null && leak(out, message, secret)) {
        continue;
      }
      if (mode.equals("garbage")) {
        write(out, "this line is not JSON at all".getBytes(StandardCharsets.UTF_8));
        write(out, ("\"" + "x".repeat(17 * 1024 * 1024) + "\"").getBytes(StandardCharsets.UTF_8));
        write(out, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
      }
      ObjectNode answer = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
      answer.set("id", message.get("id"));
      ObjectNode result = answer.putObject("result");
      switch (method) {
        case "initialize" -> {
          result.put("protocolVersion", "2025-11-25");
          result.putObject("capabilities").putObject("tools");
          result.putObject("serverInfo").put("name", "misbehaving").put("version", "1");
        }
        case "tools/list" -> result.putArray("tools").addObject().put("name", "echo");
        case "tools/call" ->
            result
                .putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", "Echo: " + message.at("/params/arguments/message").asText());
        default -> {}
      }
      write(out, Json.text(answer).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    if (mode.equals("ignore-eof")) {
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /** Leaks the secret for a tools/call; whether that answered it. */
  private static boolean leak(OutputStream out, JsonNode call, String secret) throws IOException {
    String all = String.join(" ", encodings(secret));
    switch (call.at("/params/name").asText()) {
      case "echo" -> {
        System.err.println("echo: using credential " + all);
        System.err.flush();
        write(out, ("stray stdout " + all).getBytes(StandardCharsets.UTF_8));
        ObjectNode log = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        log.put("method", "notifications/message");
        log.putObject("params").put("level", "info").put("data", "credential " + all);
        write(out, Json.text(log).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return false; // the result, below, echoes the message, which carries it
      }
      case "fail" -> {
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
        error.set("id", call.get("id"));
        error.putObject("error").put("code", -32001).put("message", "bad credential " + all);
        write(out, Json.text(error).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return true;
      }
      case "crash" -> {
        System.err.println("crashing with credential " + all);
        System.exit(3);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static void write(OutputStream out, byte[] line) throws IOException {
    out.write(line);
    out.write('\n');
    out.flush();
  }

  private MisbehavingServer() {}
}
