package dev.wassettetape.internal.transport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.internal.jsonrpc.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client that writes raw lines to a {@link StreamTransport} over OS pipes, in memory, as an
 * outside MCP client writes to the CLI's stdin: for tests of what the proxy answers to any line.
 */
public final class LineClient implements AutoCloseable {

  private final StreamTransport transport;
  private final OutputStream toTransport;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  public LineClient() {
    try {
      Pipe in = Pipe.open();
      Pipe out = Pipe.open();
      this.toTransport = Channels.newOutputStream(in.sink());
      this.transport =
          new StreamTransport(
              Channels.newInputStream(in.source()),
              Channels.newOutputStream(out.sink()),
              "line client",
              LineReader.DEFAULT_MAX_LINE_BYTES,
              () -> "a test's line client");
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(
                            Channels.newInputStream(out.source()), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (IOException ended) {
                  // the transport closed its side
                }
              },
              "line client reader");
      reader.setDaemon(true);
      reader.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy's side: connect it to the proxy. */
  public StreamTransport transport() {
    return transport;
  }

  public LineClient send(String line) throws IOException {
    toTransport.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    toTransport.flush();
    return this;
  }

  /** The next line written to the client, as JSON; fails after 5 s of silence. */
  public JsonNode next() throws Exception {
    String line = lines.poll(5, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("nothing written to the client within 5 s");
    }
    return Json.parse(line);
  }

  /** Whether nothing is written to the client for this long. */
  public boolean quietFor(long millis) throws InterruptedException {
    return lines.poll(millis, TimeUnit.MILLISECONDS) == null;
  }

  /** Ends the client's input, as a client closing the server's stdin. */
  public void endInput() throws IOException {
    toTransport.close();
  }

  @Override
  public void close() throws IOException {
    toTransport.close();
    transport.close();
  }
}
