package dev.wassettetape.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.server.CommandServer;
import dev.wassettetape.session.ChapterResult;
import dev.wassettetape.session.Mode;
import dev.wassettetape.session.SessionResult;
import dev.wassettetape.session.TapeSession;
import dev.wassettetape.tape.Event;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Tape;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record/replay/verify round trip against a server we did not write:
 * {@code @modelcontextprotocol/server-everything} from npm, with its progress notifications and its
 * {@code roots/list} request to the client.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerEverythingIT {

  @TempDir static Path dir;
  static List<JsonNode> recorded;

  static Path tape() {
    return dir.resolve("everything.json");
  }

  /** A client that declares roots, answers roots/list, and waits for it before going on. */
  static List<JsonNode> exercise(McpClient client, List<Notification> notifications)
      throws Exception {
    CountDownLatch rootsUpdated = new CountDownLatch(1);
    client.onServerRequest(
        request -> {
          ObjectNode result = JsonNodeFactory.instance.objectNode();
          result
              .putArray("roots")
              .addObject()
              .put("uri", "file:///work/project")
              .put("name", "project");
          return Response.success(request.id(), result);
        });
    client.onNotification(notifications::add);
    // The server logs "Roots updated" on its own schedule after our answer; a careful test waits
    // for it, so that it is anchored to the handshake on every run.
    client.onNotification(
        n -> {
          if (n.params()
              .map(p -> p.path("data").asText().startsWith("Roots updated"))
              .orElse(false)) {
            rootsUpdated.countDown();
          }
        });
    ObjectNode capabilities = JsonNodeFactory.instance.objectNode();
    capabilities.putObject("roots").put("listChanged", true);
    client.initialize(capabilities);
    assertThat(rootsUpdated.await(20, TimeUnit.SECONDS))
        .as("server-everything asks roots/list and logs our answer")
        .isTrue();

    List<JsonNode> seen = new ArrayList<>();
    seen.add(client.callTool("echo", java.util.Map.of("message", "hello °C 東京")).raw());
    seen.add(client.callTool("get-sum", java.util.Map.of("a", 2, "b", 40)).raw());
    ObjectNode progress = JsonNodeFactory.instance.objectNode();
    progress.put("name", "trigger-long-running-operation");
    progress.putObject("arguments").put("duration", 1).put("steps", 2);
    progress.putObject("_meta").put("progressToken", "p-" + System.nanoTime());
    seen.add(client.request("tools/call", progress).result().orElseThrow());
    seen.add(
        client
            .request(
                "prompts/get", JsonNodeFactory.instance.objectNode().put("name", "no-such-prompt"))
            .error()
            .orElseThrow());
    return seen;
  }

  @Test
  @Order(1)
  void recordsTheSessionWithNotificationsAndTheRootsRequest() throws Exception {
    List<Notification> notifications = new CopyOnWriteArrayList<>();
    try (TapeSession s =
        TapeSession.builder(tape())
            .mode(Mode.RECORD)
            .server(() -> CommandServer.start(NpmPeers.serverEverything(), null))
            .open()) {
      recorded = exercise(s.client("everything"), notifications);
      s.endChapter("everything", true);
      assertThat(s.finish(Set.of(), true).written()).isTrue();
    }

    Tape tape = TapeFile.read(tape());
    assertThat(TapeSchema.violations(Files.readString(tape()))).isEmpty();
    List<Event> all = new ArrayList<>(tape.handshake().events());
    tape.interactions().forEach(i -> all.addAll(i.events()));
    assertThat(all)
        .filteredOn(Event::isRequest)
        .extracting(Event::method)
        .containsExactly("roots/list");
    assertThat(all)
        .filteredOn(Event::isRequest)
        .first()
        .satisfies(
            e ->
                assertThat(e.answer().result().at("/roots/0/uri").asText())
                    .isEqualTo("file:///work/project"));
    Interaction longRunning = tape.interactions().get(2);
    assertThat(longRunning.events())
        .extracting(Event::method)
        .containsExactly("notifications/progress", "notifications/progress");
    assertThat(notifications).extracting(Notification::method).contains("notifications/progress");
    assertThat(tape.interactions().get(3).response().isError()).isTrue();
  }

  @Test
  @Order(2)
  void replaysItWithoutTheServer() throws Exception {
    List<Notification> notifications = new CopyOnWriteArrayList<>();
    List<JsonNode> replayed;
    ChapterResult result;
    try (TapeSession s = TapeSession.builder(tape()).mode(Mode.REPLAY).open()) {
      replayed = exercise(s.client("everything"), notifications);
      result = s.endChapter("everything", true);
    }

    assertThat(replayed).isEqualTo(recorded);
    assertThat(result.mismatches()).isEmpty();
    assertThat(result.unused()).isEmpty();
    assertThat(notifications)
        .filteredOn(n -> n.method().equals("notifications/progress"))
        .hasSize(2)
        .allSatisfy(
            n ->
                assertThat(n.params().orElseThrow().path("progressToken").asText())
                    .startsWith("p-"));
  }

  @Test
  @Order(3)
  void verifiesItAgainstTheLiveServer() throws Exception {
    ChapterResult result;
    SessionResult session;
    try (TapeSession s =
        TapeSession.builder(tape())
            .mode(Mode.VERIFY)
            .server(() -> CommandServer.start(NpmPeers.serverEverything(), null))
            .open()) {
      exercise(s.client("everything"), new CopyOnWriteArrayList<>());
      result = s.endChapter("everything", true);
      session = s.finish(Set.of(), true);
    }

    assertThat(result.verify().render())
        .isEqualTo(
            "Verified chapter 'everything' of tape "
                + tape()
                + ": 4 interactions match (after normalisation).\n");
    assertThat(session.handshake().passed()).isTrue();
    assertThat(session.received()).isNull();
  }
}
