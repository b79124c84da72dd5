package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.internal.jsonrpc.Id;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Newline-delimited JSON-RPC over a pair of streams: what is written, read, and said at the end.
 */
@Timeout(10)
class StreamTransportTest {

  final ByteArrayOutputStream written = new ByteArrayOutputStream();
  final List<JsonRpcMessage> received = new CopyOnWriteArrayList<>();
  final List<ProtocolProblem> problems = new CopyOnWriteArrayList<>();
  final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

  StreamTransport over(InputStream in) {
    return new StreamTransport(in, written, "peer", 1024, () -> "peer diagnostics");
  }

  Transport.Listener listener() {
    return new Transport.Listener() {
      @Override
      public void onMessage(JsonRpcMessage message) {
        received.add(message);
      }

      @Override
      public void onProblem(ProtocolProblem problem) {
        problems.add(problem);
      }

      @Override
      public void onClosed(String reason) {
        closed.add(reason);
      }
    };
  }

  static InputStream lines(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsMessagesAndProblemsUntilTheEndOfTheStreamAndSaysSoOnce() throws Exception {
    StreamTransport t =
        over(
            lines(
                "{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\nnot json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"b\"}\n"));
    t.start(listener());

    assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo("end of stream from peer");
    assertThat(received)
        .extracting(Object::getClass)
        .containsExactly(Notification.class, Request.class);
    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.excerpt()).isEqualTo("not json"));
    t.close();
    assertThat(closed.poll(200, TimeUnit.MILLISECONDS)).as("said once").isNull();
    assertThat(t.diagnostics()).isEqualTo("peer diagnostics");
    assertThat(t).hasToString("peer");
  }

  @Test
  void writesOneLinePerMessageAndABatchAsOneArray() throws Exception {
    StreamTransport t = over(lines(""));
    t.send(Notification.of("n", null));
    t.send(
        List.of(
            Request.of(Id.of(1), "a", JsonNodeFactory.instance.objectNode()),
            Notification.of("b", null)));

    assertThat(written.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n"
                + "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\",\"params\":{}},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"b\"}]\n");
  }

  @Test
  void startsOnce() {
    StreamTransport t = over(lines(""));
    t.start(listener());
    assertThatThrownBy(() -> t.start(listener())).hasMessage("peer: transport already started");
  }

  @Test
  void aFailedReadAndAFailingListenerAreTheReasonsGiven() throws Exception {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("pipe broke");
          }
        };
    over(broken).start(listener());
    assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo("read from peer failed: pipe broke");

    StreamTransport t = over(lines("{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\n"));
    t.start(
        new Transport.Listener() {
          @Override
          public void onMessage(JsonRpcMessage message) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void onClosed(String reason) {
            closed.add(reason);
          }
        });
    assertThat(closed.poll(5, TimeUnit.SECONDS))
        .isEqualTo("listener failed on a message from peer: java.lang.IllegalStateException: boom");
  }

  @Test
  void closingSaysClosedOnceAndClosesBothStreams() throws Exception {
    boolean[] outClosed = {false};
    StreamTransport t =
        new StreamTransport(
            lines(""),
            new ByteArrayOutputStream() {
              @Override
              public void close() {
                outClosed[0] = true;
              }
            },
            "peer",
            1024,
            () -> "");
    t.close();
    assertThat(outClosed[0]).isTrue();
    t.start(listener());
    assertThat(closed.poll(5, TimeUnit.SECONDS)).isEqualTo("closed");
    assertThat(closed.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }
}
