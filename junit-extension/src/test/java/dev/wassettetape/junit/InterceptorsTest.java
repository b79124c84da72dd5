package dev.wassettetape.junit;

import static dev.wassettetape.junit.EngineRuns.TAPES;
import static dev.wassettetape.junit.EngineRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.intercept.Direction;
import dev.wassettetape.intercept.Interceptor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interceptors registered on the annotation (by class) and on the builder: both run, the
 * annotation's first, in replay as live; a class that cannot be created is a clear error.
 */
@ExtendWith(EngineRuns.DevelopersMachine.class)
class InterceptorsTest {

  /** Appends a mark to the text of every tool result on its way to the client. */
  static class Marking implements Interceptor {
    private final String mark;

    Marking(String mark) {
      this.mark = mark;
    }

    @Override
    public void intercept(Chain chain) {
      if (chain.direction() == Direction.SERVER_TO_CLIENT
          && chain.kind() == Chain.Kind.RESPONSE
          && chain.tool().isPresent()) {
        ObjectNode message = chain.message();
        ObjectNode text = (ObjectNode) message.at("/result/content/0");
        text.put("text", text.path("text").asText() + " " + mark);
        chain.proceed(message);
      } else {
        chain.proceed();
      }
    }
  }

  static class MarkingA extends Marking {
    MarkingA() {
      super("A");
    }
  }

  @WassetteTape(value = "echo.json", interceptors = MarkingA.class)
  static class BothTestCase {
    @RegisterExtension
    static WassetteTapeExtension tape =
        WassetteTapeExtension.builder()
            .server(EngineRuns::everything)
            .interceptor(new Marking("B"))
            .build();

    @Test
    void hello(McpClient client) {
      // the answer passes the builder's (declared last) first, then the annotation's
      assertThat(client.callTool("echo", Map.of("message", "hello")).text())
          .isEqualTo("Echo: hello B A");
    }
  }

  @WassetteTape(value = "echo.json", interceptors = Marking.class)
  static class UncreatableTestCase {
    @Test
    void hello(McpClient client) {}
  }

  @Test
  void theAnnotationsAndTheBuildersInterceptorsRunInOrderReplayedAndLive() {
    // the test, the class, the engine
    // the test, the class, the engine; the tape's other chapter ('world') is not this class's
    run(BothTestCase.class, "REPLAY", TAPES, WassetteTape.FAIL_ON_UNUSED_PROPERTY, "false")
        .assertStatistics(s -> s.succeeded(3).failed(0));
    run(BothTestCase.class, "PASSTHROUGH", TAPES).assertStatistics(s -> s.succeeded(3).failed(0));
  }

  @Test
  void anInterceptorClassWithoutANoArgumentConstructorIsAClearError() {
    run(UncreatableTestCase.class, "REPLAY", TAPES)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        m ->
                            m.contains(
                                    "names interceptor dev.wassettetape.junit.InterceptorsTest$Marking")
                                && m.contains("constructor without arguments")))));
    assertThat(Marking.class.getDeclaredConstructors()).hasSize(1);
  }
}
