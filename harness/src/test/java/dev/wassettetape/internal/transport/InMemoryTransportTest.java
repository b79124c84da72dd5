package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The in-process pipe between our client and the proxy: order, batches, and why it closed. */
@Timeout(10)
class InMemoryTransportTest {

  static final class Heard implements Transport.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onMessage(JsonRpcMessage message) {
      events.add(((Notification) message).method());
    }

    @Override
    public void onClosed(String reason) {
      events.add("closed: " + reason);
    }

    String next() throws InterruptedException {
      String e = events.poll(5, TimeUnit.SECONDS);
      assertThat(e).as("something heard").isNotNull();
      return e;
    }
  }

  @Test
  void messagesArriveInOrderAndABatchAsItsMessages() throws Exception {
    InMemoryTransport[] pipe = InMemoryTransport.pair("a", "b");
    Heard b = new Heard();
    pipe[0].start(new Heard());
    pipe[1].start(b);

    pipe[0].send(Notification.of("one", null));
    pipe[0].send(List.of(Notification.of("two", null), Notification.of("three", null)));

    assertThat(List.of(b.next(), b.next(), b.next())).containsExactly("one", "two", "three");
    assertThat(pipe[1].diagnostics()).isEqualTo("b (in-memory)");
  }

  @Test
  void closingOneEndClosesBothAndThePeerHearsWhy() throws Exception {
    InMemoryTransport[] pipe = InMemoryTransport.pair("proxy", "client");
    Heard proxy = new Heard();
    Heard client = new Heard();
    pipe[0].start(proxy);
    pipe[1].start(client);

    pipe[0].close("the session ended: the server crashed");

    assertThat(proxy.next()).isEqualTo("closed: the session ended: the server crashed (proxy)");
    assertThat(client.next())
        .isEqualTo("closed: proxy closed: the session ended: the server crashed (client)");
    assertThatThrownBy(() -> pipe[1].send(Notification.of("late", null)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("client: in-memory channel is closed")
        .hasMessageContaining("the server crashed");
    assertThatThrownBy(() -> pipe[0].send(Notification.of("late", null)))
        .isInstanceOf(IOException.class)
        .hasMessage("proxy: in-memory channel is closed (the session ended: the server crashed)");
    assertThat(proxy.events.poll(100, TimeUnit.MILLISECONDS)).as("closed once").isNull();
  }

  @Test
  void aPlainCloseIsHeardAsClosedByThePeer() throws Exception {
    InMemoryTransport[] pipe = InMemoryTransport.pair("a", "b");
    Heard b = new Heard();
    pipe[0].start(new Heard());
    pipe[1].start(b);

    pipe[0].close();

    assertThat(b.next()).isEqualTo("closed: closed by a (b)");
  }
}
