package dev.wassettetape.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.server.CommandServer;
import dev.wassettetape.session.ChapterResult;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.Secrets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret planted in every channel a server has (results, notifications, errors, stderr, stray
 * stdout, a crash) and in every request a client sends, in each common encoding: nothing the run
 * produces (files, exception messages and stack traces, reports, session results) carries it in any
 * of them.
 */
@Timeout(120)
class RedactionIT {

  /** With characters that make every encoding differ from the value: / + " and non-ASCII. */
  static final String SECRET = "pl4nted/s3cr+t\"ünïcode";

  static final String FIELD_SECRET = "field-only-value-0042";

  static final Secrets SECRETS =
      Secrets.of(Map.of("PLANTED", SECRET)).withField("apiKey", FIELD_SECRET);

  @TempDir Path dir;

  private final List<String> said = new ArrayList<>();

  @Test
  void noPlantedSecretLeavesTheProcessInAnyEncoding() throws Exception {
    Path tape = dir.resolve("leaky.json");

    // record: results, a notification, stderr, a stray line, and an error all carry the secret
    try (TapeSession session = session(tape, Mode.RECORD)) {
      McpClient client = session.client("records");
      client.initialize();
      assertThat(echo(client, SECRET)).contains(SECRET); // the test itself sees live answers
      McpErrorException error =
          (McpErrorException) catchThrowable(() -> client.callTool("fail", Map.of()));
      assertThat(error.getMessage()).contains("bad credential <redacted:PLANTED>");
      session.endChapter("records", true);
      SessionResult result = session.finish(Set.of(), true);
      assertThat(result.written()).isTrue();
      List<ProtocolProblem> problems = session.serverProblems();
      assertThat(problems).isNotEmpty();
      problems.forEach(p -> said.add(p.toString()));
      said.add(result.toString());
    }

    // replay: a request that carries the secret and matches nothing gets a near-miss report
    try (TapeSession session = session(tape, Mode.REPLAY)) {
      McpClient client = session.client("records");
      client.initialize();
      assertThat(echo(client, SECRET)).contains("<redacted:PLANTED>");
      McpErrorException miss =
          (McpErrorException) catchThrowable(() -> echo(client, SECRET + " and more"));
      said.add(miss.error().toString());
      ChapterResult chapter = session.endChapter("records", true);
      assertThat(chapter.mismatches()).hasSize(1);
      said.addAll(chapter.mismatches());
      said.add(session.finish(Set.of(), true).toString());
    }

    // a crash: its stderr tail is quoted in the errors, and a partial tape is kept
    Path crashed = dir.resolve("crashed.json");
    try (TapeSession session = session(crashed, Mode.RECORD)) {
      McpClient client = session.client("crashes");
      client.initialize();
      echo(client, "before");
      assertThatThrownBy(() -> client.callTool("crash", Map.of()))
          .satisfies(e -> said.add(e.getMessage()))
          .hasMessageContaining("crashing with credential <redacted:PLANTED>");
      session.endChapter("crashes", true);
      SessionResult result = session.finish(Set.of(), true);
      assertThat(result.serverLost()).contains("<redacted:PLANTED>");
      assertThat(result.partial()).exists();
      said.add(result.toString());
    }

    // verify against the same server: what it writes and says
    try (TapeSession session = session(tape, Mode.VERIFY)) {
      McpClient client = session.client("records");
      client.initialize();
      echo(client, "drifted " + SECRET); // another request than taped: a received tape is written
      ChapterResult chapter = session.endChapter("records", true);
      assertThat(chapter.verify().passed()).isFalse();
      said.add(chapter.verify().render());
      said.add(chapter.verify().expectedText());
      said.add(chapter.verify().actualText());
      said.add(session.finish(Set.of(), true).toString());
    }

    List<Path> files;
    try (Stream<Path> all = Files.walk(dir)) {
      files = all.filter(Files::isRegularFile).toList();
    }
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .contains("leaky.json", "crashed.partial.json", "leaky.received.json");
    for (Path file : files) {
      assertNoSecretIn(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }
    for (String text : said) {
      assertNoSecretIn("a message", text);
    }
  }

  private TapeSession session(Path tape, Mode mode) {
    return TapeSession.builder(tape)
        .mode(mode)
        .secrets(SECRETS)
        .timeout(Duration.ofSeconds(20))
        .server(() -> CommandServer.start(MisbehavingServer.command("leak", SECRET), null))
        .open();
  }

  private String echo(McpClient client, String message) {
    return client.callTool("echo", Map.of("message", message, "apiKey", FIELD_SECRET)).text();
  }

  private Throwable catchThrowable(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      said.add(trace.toString());
      return e;
    }
    throw new AssertionError("expected an error");
  }

  static void assertNoSecretIn(String where, String text) {
    List<String> forms = new ArrayList<>(MisbehavingServer.encodings(SECRET));
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(SECRET));
    forms.add(json);
    forms.add(json.replace("ü", "\\u00FC").replace("ï", "\\u00EF"));
    forms.add(FIELD_SECRET);
    for (String form : forms) {
      assertThat(text).as("%s must not contain %s", where, form).doesNotContain(form);
    }
  }
}
