package dev.wassettetape.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.client.McpClient;
import dev.wassettetape.junit.WassetteTape;
import dev.wassettetape.junit.WassetteTapeExtension;
import dev.wassettetape.server.InMemoryServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A taped test class as a user writes one, for {@link UpgradeCheckTest} to run through the Launcher
 * (its name keeps Surefire from running it on its own). The live server is chosen by {@value
 * #SERVER}: the echo server it was recorded with, one that has changed its answers, one with a new
 * tool, or one that does not start.
 */
@WassetteTape("echo.json")
class EchoTapeFixture {

  static final String SERVER = "fixture.server";

  @RegisterExtension
  static WassetteTapeExtension tape =
      WassetteTapeExtension.builder()
          .server(
              () ->
                  switch (System.getProperty(SERVER, "echo")) {
                    case "hello" -> InMemoryServer.greeting("Hello");
                    case "upgraded" -> InMemoryServer.upgraded();
                    case "broken" ->
                        throw new IllegalStateException("the component does not load: broken");
                    default -> InMemoryServer.echo();
                  })
          .build();

  @Test
  void echoes(McpClient client) {
    assertThat(client.callTool("echo", Map.of("message", "hi")).text()).endsWith(": hi");
  }

  @Test
  void listsItsTools(McpClient client) {
    assertThat(client.listTools()).isNotEmpty();
  }
}
