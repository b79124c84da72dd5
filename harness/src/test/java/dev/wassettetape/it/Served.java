package dev.wassettetape.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code wassette-tape record|replay --http} process serving in the background, until {@link
 * #stop} sends it SIGTERM (as Ctrl-C or a service manager would); {@link #close} makes sure nothing
 * of it outlives the test.
 */
public final class Served implements AutoCloseable {

  private static final Pattern SERVING = Pattern.compile("serving MCP at (http://\\S+)");

  private final Process process;
  private final Path log;

  private Served(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the command in {@code dir}; its stdout and stderr go to a log there. */
  public static Served start(Path dir, List<String> command) throws IOException {
    Path log = Files.createTempFile(dir, "served", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    p.getOutputStream().close();
    return new Served(p, log);
  }

  /** The URL it serves at, once it says so (bounded: a Wassette behind it may take a while). */
  public String url() throws IOException, InterruptedException {
    for (int i = 0; i < 1200; i++) {
      Matcher m = SERVING.matcher(output());
      if (m.find()) {
        return m.group(1);
      }
      assertThat(process.isAlive()).as(output()).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("never served: " + output());
  }

  /** Everything it printed so far. */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGTERM; its exit code. */
  public int stop() throws InterruptedException {
    process.destroy();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("ended within 60 s of SIGTERM").isTrue();
    return process.exitValue();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
