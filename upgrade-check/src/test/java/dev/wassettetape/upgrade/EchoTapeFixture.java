package dev.wassettetape.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import dev.wassettetape.server.InMemoryServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A taped test class as a user writes one, for {@link UpgradeCheckTest} to run through the Launcher
 * (its name keeps Surefire from running it on its own). The live server is chosen by {@value
 * #SERVER}: the echo server it was recorded with ({@code echo}: one tool with input and output
 * schemas), or a new version of it that answers differently ({@code hello}), has a new tool ({@code
 * upgraded}), renamed its tool ({@code renamed}), added a required parameter ({@code required}),
 * changed its output schema ({@code output-schema}), or does not start ({@code broken}).
 */
@WassetteTape("echo.json")
class EchoTapeFixture {

  static final String SERVER = "fixture.server";

  @RegisterExtension
  static WassetteTapeExtension tape =
      WassetteTapeExtension.builder()
          .server(() -> server(System.getProperty(SERVER, "echo")))
          .build();

  /** Records the golden tape into {@code tapes}, with the server as it was ({@code echo}). */
  static void recordGoldenTape(Path tapes) {
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(EchoTapeFixture.class))
                .configurationParameter(WassetteTape.MODE_PROPERTY, "RECORD")
                .configurationParameter(WassetteTape.DIR_PROPERTY, tapes.toString())
                .build(),
            summary);
    assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(2);
    assertThat(tapes.resolve("echo.json")).exists();
  }

  static InMemoryServer server(String version) {
    ObjectNode echo = echoTool();
    return switch (version) {
      case "hello" -> InMemoryServer.withTools("Hello", tools(echo));
      case "upgraded" ->
          InMemoryServer.withTools("Echo", tools(echo, echoTool().put("name", "reverse")));
      case "renamed" -> InMemoryServer.withTools("Echo", tools(echo.put("name", "say")));
      case "required" -> {
        ((ObjectNode) echo.at("/inputSchema/properties")).putObject("lang").put("type", "string");
        ((ArrayNode) echo.at("/inputSchema/required")).add("lang");
        yield InMemoryServer.withTools("Echo", tools(echo));
      }
      case "output-schema" -> {
        ((ObjectNode) echo.at("/outputSchema/properties/text")).put("type", "array");
        yield InMemoryServer.withTools("Echo", tools(echo));
      }
      case "broken" -> throw new IllegalStateException("the component does not load: broken");
      default -> InMemoryServer.withTools("Echo", tools(echo));
    };
  }

  /** {@code echo(message: string) -> {text: string}}. */
  static ObjectNode echoTool() {
    ObjectNode tool = JsonNodeFactory.instance.objectNode().put("name", "echo");
    ObjectNode input = tool.putObject("inputSchema").put("type", "object");
    input.putObject("properties").putObject("message").put("type", "string");
    input.putArray("required").add("message");
    ObjectNode output = tool.putObject("outputSchema").put("type", "object");
    output.putObject("properties").putObject("text").put("type", "string");
    output.putArray("required").add("text");
    return tool;
  }

  static ArrayNode tools(ObjectNode... tools) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (ObjectNode t : tools) {
      array.add(t);
    }
    return array;
  }

  @Test
  void echoes(McpClient client) {
    assertThat(client.callTool("echo", Map.of("message", "hi")).text()).endsWith(": hi");
  }

  @Test
  void listsItsTools(McpClient client) {
    assertThat(client.listTools()).isNotEmpty();
  }
}
