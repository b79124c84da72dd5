package dev.wassettetape.upgrade;

import dev.wassettetape.internal.verify.Verifier;
import dev.wassettetape.internal.verify.VerifyReport;
import dev.wassettetape.normalize.Normalizer;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.TapeFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an {@link UpgradeCheck} found, per tape: <b>matched</b> (every test verified),
 * <b>drifted</b> (the live session differs: the tests' own diffs, the tool changes classified as
 * breaking or compatible, and the one command that accepts the drift), or <b>not verified</b> (the
 * tests failed before they could compare, e.g. a component that does not load: the reason). Written
 * as Markdown (for a pull request) and as one self-contained HTML page.
 */
public final class UpgradeReport {

  /** What one tape's tests did: each test's success, and every failure's message. */
  record TapeOutcome(Map<String, Boolean> tests, List<String> failures) {}

  /** The verdict on one tape. */
  enum Status {
    MATCHED("matched"),
    DRIFTED("drifted"),
    NOT_VERIFIED("not verified");

    final String words;

    Status(String words) {
      this.words = words;
    }
  }

  /** One tape's section of the report. */
  record Section(
      String tape,
      Status status,
      int tests,
      int failed,
      List<String> toolChanges,
      List<String> failures,
      String accept) {}

  private final String against;
  private final Instant at;
  private final List<Section> sections;

  private UpgradeReport(String against, Instant at, List<Section> sections) {
    this.against = against;
    this.at = at;
    this.sections = List.copyOf(sections);
  }

  static UpgradeReport of(Path tapeDir, String against, Map<String, TapeOutcome> byTape) {
    List<Section> sections = new ArrayList<>();
    byTape.forEach(
        (name, outcome) -> {
          Path tape = shown(tapeDir.resolve(name));
          Path received = Verifier.receivedPath(tape);
          int failed = outcome.failures().size(); // tests, and classes (a handshake drift)
          Status status =
              outcome.failures().isEmpty()
                  ? Status.MATCHED
                  : Files.exists(received) ? Status.DRIFTED : Status.NOT_VERIFIED;
          List<String> tools = status == Status.DRIFTED ? toolChanges(tape, received) : List.of();
          sections.add(
              new Section(
                  name,
                  status,
                  outcome.tests().size(),
                  failed,
                  tools,
                  outcome.failures(),
                  status == Status.DRIFTED ? "mv " + received + " " + tape : null));
        });
    return new UpgradeReport(against, Instant.now(), sections);
  }

  /** A path as a reader runs commands with it: relative to the working directory, when inside. */
  private static Path shown(Path path) {
    Path here = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
  }

  /** The tools added, removed and changed between the golden tape and the live session. */
  private static List<String> toolChanges(Path tape, Path received) {
    VerifyReport report =
        new Verifier(Normalizer.standard(), Secrets.NONE, Duration.ofSeconds(1))
            .compare(TapeFile.read(tape), tape, TapeFile.read(received), received);
    List<String> lines = new ArrayList<>();
    report.entries().stream()
        .filter(e -> e.tools() != null)
        .forEach(
            e -> e.tools().lines().stream().filter(l -> !lines.contains(l)).forEach(lines::add));
    return lines;
  }

  /** Whether every tape verified. */
  public boolean passed() {
    return sections.stream().allMatch(s -> s.status() == Status.MATCHED);
  }

  /** The sections, tape by tape. */
  List<Section> sections() {
    return sections;
  }

  /** One line per tape, for a terminal. */
  public String summary() {
    StringBuilder out = new StringBuilder("Upgrade check against " + against + ":\n");
    for (Section s : sections) {
      out.append("  ").append(s.tape()).append(": ").append(s.status().words);
      if (s.status() != Status.MATCHED) {
        out.append(" (")
            .append(s.failed())
            .append(s.failed() == 1 ? " failure, " : " failures, ")
            .append(s.tests())
            .append(" tests)");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** {@code matched}, {@code drifted, 1 failure}, ... */
  private static String result(Section s) {
    return s.status() == Status.MATCHED
        ? s.status().words
        : s.status().words + ", " + s.failed() + (s.failed() == 1 ? " failure" : " failures");
  }

  /** The commands that accept every drift at once, or null when fewer than two tapes drifted. */
  String acceptAll() {
    List<String> all = sections.stream().map(Section::accept).filter(a -> a != null).toList();
    return all.size() < 2 ? null : String.join(" && ", all);
  }

  /** The report as Markdown. */
  public String markdown() {
    StringBuilder out = new StringBuilder("# Upgrade check\n\n");
    out.append("Every taped test verified against ").append(against).append(", ").append(at);
    out.append(". ").append(passed() ? "Nothing drifted." : "Something drifted.").append("\n\n");
    out.append("| tape | tests | result |\n|---|---|---|\n");
    for (Section s : sections) {
      out.append("| `").append(s.tape()).append("` | ").append(s.tests()).append(" | ");
      out.append(result(s)).append(" |\n");
    }
    if (acceptAll() != null) {
      out.append("\nTo accept every drift at once: `").append(acceptAll()).append("`\n");
    }
    for (Section s : sections) {
      if (s.status() == Status.MATCHED) {
        continue;
      }
      out.append("\n## `").append(s.tape()).append("`: ").append(s.status().words).append("\n\n");
      if (!s.toolChanges().isEmpty()) {
        out.append("Tools:\n\n");
        s.toolChanges().forEach(l -> out.append("- `").append(l).append("`\n"));
        out.append('\n');
      }
      out.append("```text\n");
      s.failures().forEach(f -> out.append(f.strip()).append("\n\n"));
      out.append("```\n");
      if (s.accept() != null) {
        out.append("\nTo accept the drift as the new golden tape: `")
            .append(s.accept())
            .append("`\n");
      }
    }
    return out.toString();
  }

  /** The report as one self-contained HTML page. */
  public String html() {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Upgrade check</title><style>")
        .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:.3em .6em}.drifted{background:#fdd}")
        .append(".not-verified{background:#ffd}.matched{background:#dfd}")
        .append("pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head><body>\n")
        .append("<h1>Upgrade check</h1>\n<p>Every taped test verified against ")
        .append(escape(against))
        .append(", ")
        .append(at)
        .append(". ")
        .append(passed() ? "Nothing drifted." : "Something drifted.")
        .append("</p>\n<table><tr><th>tape</th><th>tests</th><th>result</th></tr>\n");
    for (Section s : sections) {
      out.append("<tr class=\"")
          .append(s.status().words.replace(' ', '-'))
          .append("\"><td>")
          .append(escape(s.tape()))
          .append("</td><td>")
          .append(s.tests())
          .append("</td><td>")
          .append(result(s))
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
    if (acceptAll() != null) {
      out.append("<p>To accept every drift at once: <code>")
          .append(escape(acceptAll()))
          .append("</code></p>\n");
    }
    for (Section s : sections) {
      if (s.status() == Status.MATCHED) {
        continue;
      }
      out.append("<h2>").append(escape(s.tape())).append(": ").append(s.status().words);
      out.append("</h2>\n");
      if (!s.toolChanges().isEmpty()) {
        out.append("<ul>\n");
        s.toolChanges()
            .forEach(l -> out.append("<li><code>").append(escape(l)).append("</code></li>\n"));
        out.append("</ul>\n");
      }
      out.append("<pre>");
      s.failures().forEach(f -> out.append(escape(f.strip())).append("\n\n"));
      out.append("</pre>\n");
      if (s.accept() != null) {
        out.append("<p>To accept the drift: <code>")
            .append(escape(s.accept()))
            .append("</code></p>\n");
      }
    }
    return out.append("</body></html>\n").toString();
  }

  /** Writes {@code upgrade-report.md} and {@code upgrade-report.html} into {@code dir}. */
  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("upgrade-report.md"), markdown(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("upgrade-report.html"), html(), StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
