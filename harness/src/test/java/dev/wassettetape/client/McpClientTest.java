package dev.wassettetape.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.transport.Frame;
import dev.wassettetape.internal.transport.LineReader;
import dev.wassettetape.internal.transport.MessageReader;
import dev.wassettetape.internal.transport.StreamTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a scripted in-process peer, over real pipes and our framing. */
@Timeout(20)
class McpClientTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private PipedOutputStream toServer;
  private PipedInputStream serverIn;
  private PipedOutputStream serverOut;
  private McpClient client;

  private McpClient connect(Duration timeout) throws IOException {
    toServer = new PipedOutputStream();
    serverIn = new PipedInputStream(toServer, 1 << 16);
    serverOut = new PipedOutputStream();
    PipedInputStream fromServer = new PipedInputStream(serverOut, 1 << 16);
    client =
        new McpClient(
            new StreamTransport(
                fromServer,
                toServer,
                "scripted",
                LineReader.DEFAULT_MAX_LINE_BYTES,
                () -> "scripted peer"),
            timeout);
    return client;
  }

  private Request nextRequest(MessageReader reader) throws IOException {
    Frame frame = reader.next();
    return (Request) ((Frame.Message) frame).message();
  }

  private void send(OutputStream out, JsonRpcMessage message) throws IOException {
    out.write((message.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    executor.shutdownNow();
  }

  @Test
  void answersThatArriveOutOfOrderReachTheirCallers() throws Exception {
    McpClient c = connect(Duration.ofSeconds(10));
    MessageReader server = new MessageReader(serverIn, 1 << 20);
    CompletableFuture<Void> script =
        CompletableFuture.runAsync(
            () -> {
              try {
                Request first = nextRequest(server);
                Request second = nextRequest(server);
                send(
                    serverOut,
                    Response.success(
                        second.id(), JsonNodeFactory.instance.textNode(second.method())));
                send(serverOut, Notification.of("notifications/message", null));
                send(
                    serverOut,
                    Response.success(
                        first.id(), JsonNodeFactory.instance.textNode(first.method())));
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            },
            executor);
    List<Notification> notes = new CopyOnWriteArrayList<>();
    c.onNotification(notes::add);

    CompletableFuture<Response> a =
        CompletableFuture.supplyAsync(() -> c.request("first", null), executor);
    Thread.sleep(100); // make "first" go out first
    Response b = c.request("second", null);

    assertThat(b.result().orElseThrow().asText()).isEqualTo("second");
    assertThat(a.get().result().orElseThrow().asText()).isEqualTo("first");
    assertThat(notes).extracting(Notification::method).containsExactly("notifications/message");
    script.get();
  }

  @Test
  void aNotificationHeardBeforeTheAnswerIsHandledBeforeTheCallReturns() throws Exception {
    McpClient c = connect(Duration.ofSeconds(10));
    MessageReader server = new MessageReader(serverIn, 1 << 20);
    CompletableFuture<Void> script =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int k = 0; k < 3; k++) {
                  Request call = nextRequest(server);
                  send(serverOut, Notification.of("notifications/message", null));
                  send(serverOut, Response.success(call.id(), JsonNodeFactory.instance.nullNode()));
                }
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            },
            executor);
    List<String> heard = new CopyOnWriteArrayList<>();
    c.onNotification(
        n -> {
          try {
            Thread.sleep(100); // a slow listener, off the reader's thread: the answer waits
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          heard.add(n.method());
        });

    for (int k = 0; k < 3; k++) {
      c.request("call", null);
      assertThat(heard).as("after call %d", k).hasSize(k + 1);
    }
    script.get();
  }

  @Test
  void aSilentServerMakesTheCallTimeOutWithAMessageSayingSo() throws Exception {
    McpClient c = connect(Duration.ofMillis(300));

    assertThatThrownBy(() -> c.request("tools/list", null))
        .isInstanceOf(McpTimeoutException.class)
        .hasMessage(
            "no answer to tools/list (id 1) within 300 ms (of silence, or 10 times that with progress);"
                + " the server may have ended the session without a word. scripted peer");
  }

  @Test
  void progressKeepsACallWaitingBeyondItsTimeout() throws Exception {
    McpClient c = connect(Duration.ofMillis(300));
    MessageReader server = new MessageReader(serverIn, 1 << 20);
    CompletableFuture<Void> script =
        CompletableFuture.runAsync(
            () -> {
              try {
                Request call = nextRequest(server);
                for (int k = 0; k < 5; k++) { // 1 s of progress: three timeouts' worth
                  Thread.sleep(200);
                  ObjectNode progress = JsonNodeFactory.instance.objectNode().put("progress", k);
                  progress.put("progressToken", "p");
                  send(serverOut, Notification.of("notifications/progress", progress));
                }
                send(
                    serverOut,
                    Response.success(call.id(), JsonNodeFactory.instance.textNode("done")));
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            },
            executor);
    ObjectNode params = JsonNodeFactory.instance.objectNode();
    params.putObject("_meta").put("progressToken", "p");

    assertThat(c.request("slow", params).result().orElseThrow().asText()).isEqualTo("done");
    script.get();
  }

  @Test
  void aServerThatHangsUpFailsThePendingCall() throws Exception {
    McpClient c = connect(Duration.ofSeconds(10));
    executor.submit(
        () -> {
          nextRequest(new MessageReader(serverIn, 1 << 20));
          serverOut.close();
          return null;
        });

    assertThatThrownBy(() -> c.request("tools/list", null))
        .isInstanceOf(SessionClosedException.class)
        .hasMessage("MCP session ended (end of stream from scripted). scripted peer");
  }

  @Test
  void serverRequestsAreAnsweredByTheHandler() throws Exception {
    McpClient c = connect(Duration.ofSeconds(10));
    c.onServerRequest(
        r -> Response.success(r.id(), JsonNodeFactory.instance.objectNode().putArray("roots")));
    MessageReader server = new MessageReader(serverIn, 1 << 20);

    send(serverOut, Request.of(dev.wassettetape.internal.jsonrpc.Id.of(0), "roots/list", null));
    Frame answer = server.next();

    assertThat(((Frame.Message) answer).message().toLine())
        .isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":[]}");
    List<String> none = new ArrayList<>(c.problems().stream().map(Object::toString).toList());
    assertThat(none).isEmpty();
  }
}
