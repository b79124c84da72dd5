package dev.wassettetape.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Summarises a tape: provenance, tools, chapters and their interactions, timings.")
final class InspectCommand implements Callable<Integer> {

  @Parameters(paramLabel = "TAPE", description = "The tape file.")
  Path tape;

  @Override
  public Integer call() {
    Tape t = TapeFile.read(tape);
    StringBuilder out = new StringBuilder();
    out.append("tape:        ").append(tape).append(" (").append(t.name()).append(")\n");
    out.append("recorded:    ")
        .append(t.recorded().at())
        .append(" with ")
        .append(t.recorded().with())
        .append('\n');
    out.append("runtime:     ").append(t.recorded().runtime()).append('\n');
    for (JsonNode c : t.recorded().components()) {
      out.append("component:   ")
          .append(c.path("id").asText())
          .append(" sha256 ")
          .append(c.path("sha256").asText())
          .append(" (")
          .append(c.path("bytes").asLong())
          .append(" bytes)\n");
    }
    out.append("redacted:    ")
        .append(
            t.recorded().redacted().isEmpty()
                ? "(nothing)"
                : String.join(", ", t.recorded().redacted()))
        .append('\n');
    JsonNode hs = t.handshake().response() == null ? null : t.handshake().response().result();
    if (hs != null) {
      out.append("protocol:    ").append(hs.path("protocolVersion").asText()).append('\n');
      out.append("server:      ").append(hs.path("serverInfo")).append('\n');
      out.append("capabilities:").append(' ').append(hs.path("capabilities")).append('\n');
    }
    t.interactions().stream()
        .filter(
            i -> "tools/list".equals(i.method()) && i.response() != null && !i.response().isError())
        .findFirst()
        .ifPresent(
            i -> {
              out.append("tools:      ");
              i.response()
                  .result()
                  .path("tools")
                  .forEach(tool -> out.append(' ').append(tool.path("name").asText()));
              out.append('\n');
            });
    out.append("chapters (").append(t.chapters().size()).append("):\n");
    long total = 0;
    for (Map.Entry<String, Chapter> entry : t.chapters().entrySet()) {
      Chapter chapter = entry.getValue();
      out.append("  ")
          .append(entry.getKey())
          .append("  (recorded ")
          .append(chapter.at())
          .append(chapter.runtime() == null ? "" : " with " + chapter.runtime())
          .append(")\n");
      int n = 1;
      for (Interaction i : chapter.interactions()) {
        out.append(
            String.format(
                "    #%-3d %-45s %-12s %6d ms%s%n",
                n++,
                i.label(),
                outcome(i),
                i.elapsedMs(),
                i.events().isEmpty() ? "" : "  +" + i.events().size() + " events"));
        total += i.elapsedMs();
      }
    }
    out.append("total elapsed: ").append(total).append(" ms\n");
    System.out.print(out);
    return 0;
  }

  private static String outcome(Interaction i) {
    if (i.notification()) {
      return "notification";
    }
    if (i.response() == null) {
      return "no response";
    }
    if (i.response().isError()) {
      return "error " + i.response().error().path("code").asInt();
    }
    return isToolError(i) ? "isError" : "ok";
  }

  private static boolean isToolError(Interaction i) {
    return i.response().result() != null && i.response().result().path("isError").asBoolean(false);
  }
}
