package dev.wassettetape.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written NDJSON client, as a user's own client talks to a stdio MCP server: it writes any
 * line, well-formed or not, and reads what comes back, with a time limit on every wait. The process
 * (and its children) is killed when the test is done with it.
 */
final class RawClient implements AutoCloseable {

  private final Process process;
  private final OutputStream in;
  private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
  private final BlockingQueue<JsonNode> fromServer = new LinkedBlockingQueue<>();
  private final Path stderr;

  RawClient(List<String> command) throws IOException {
    stderr = Files.createTempFile("raw", ".err");
    process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    in = process.getOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  JsonNode json = Json.parse(line);
                  // what the server says of itself (notifications, its own requests) apart
                  (json.has("method") ? fromServer : answers).add(json);
                }
              } catch (IOException ignored) {
                // the process is gone
              }
            },
            "raw-client-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Writes one line, exactly as given. */
  RawClient send(String line) throws IOException {
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    return this;
  }

  /** The next answer (a response, or a batch of them); fails after 10 s. */
  JsonNode nextAnswer() throws Exception {
    return poll(answers);
  }

  /** The next notification or request the server sends of itself; fails after 10 s. */
  JsonNode nextFromServer() throws Exception {
    return poll(fromServer);
  }

  private JsonNode poll(BlockingQueue<JsonNode> queue) throws Exception {
    JsonNode line = queue.poll(10, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("nothing within 10 s; stderr:\n" + stderr());
    }
    return line;
  }

  /** Whether no answer comes for the given time. */
  boolean quietFor(long millis) throws InterruptedException {
    return answers.poll(millis, TimeUnit.MILLISECONDS) == null;
  }

  void endInput() throws IOException {
    in.close();
  }

  void terminate() {
    process.destroy(); // SIGTERM
  }

  /** Waits for the exit code; fails after 30 s. */
  int exitCode() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("did not exit within 30 s");
    }
    return process.exitValue();
  }

  String stderr() throws IOException {
    return Files.readString(stderr);
  }

  @Override
  public void close() throws IOException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    Files.deleteIfExists(stderr);
  }
}
