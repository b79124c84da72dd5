package dev.wassettetape.intercept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.client.McpClient;
import dev.wassettetape.client.McpErrorException;
import dev.wassettetape.client.McpTimeoutException;
import dev.wassettetape.client.SessionClosedException;
import dev.wassettetape.internal.proxy.McpProxy;
import dev.wassettetape.internal.transport.InMemoryTransport;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.server.InMemoryServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract written on {@link Interceptor}: order, answering, changing, dropping, delaying,
 * garbage, crashes, exactly-once, failing closed, and threads — through the real proxy.
 */
@Timeout(30)
class InterceptorContractTest {

  final List<McpProxy> proxies = new ArrayList<>();
  final List<McpClient> clients = new ArrayList<>();
  InMemoryServer server;

  McpProxy proxy(Interceptor... interceptors) {
    server = InMemoryServer.echo();
    McpProxy proxy =
        new McpProxy(server.transport(), List.of(interceptors), Duration.ofSeconds(10)).start();
    proxies.add(proxy);
    return proxy;
  }

  McpClient client(McpProxy proxy, String chapter, Duration timeout) {
    InMemoryTransport[] pipe = InMemoryTransport.pair("client " + chapter, "proxy " + chapter);
    proxy.connect(pipe[1], chapter);
    McpClient client = new McpClient(pipe[0], timeout);
    clients.add(client);
    client.initialize();
    return client;
  }

  McpClient client(McpProxy proxy) {
    return client(proxy, "test", Duration.ofSeconds(10));
  }

  @AfterEach
  void close() {
    clients.forEach(McpClient::close);
    proxies.forEach(McpProxy::close);
  }

  /** Logs what it sees, then passes it on. */
  record Log(String name, List<String> seen) implements Interceptor {
    @Override
    public void intercept(Chain chain) {
      if (chain.tool().isPresent()) {
        seen.add(name + " " + chain.direction() + " " + chain.kind());
      }
      chain.proceed();
    }
  }

  static Interceptor answering(String text) {
    return chain -> {
      if (chain.kind() == Interceptor.Chain.Kind.REQUEST && chain.tool().isPresent()) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer
            .putObject("result")
            .putArray("content")
            .addObject()
            .put("type", "text")
            .put("text", text);
        chain.answer(answer);
      } else {
        chain.proceed();
      }
    };
  }

  @Test
  void clientMessagesPassFirstToLastAndServerMessagesLastToFirst() {
    List<String> seen = new CopyOnWriteArrayList<>();
    McpClient client = client(proxy(new Log("a", seen), new Log("b", seen), new Log("c", seen)));

    client.callTool("echo", Map.of("message", "hi"));

    assertThat(seen)
        .containsExactly(
            "a CLIENT_TO_SERVER REQUEST",
            "b CLIENT_TO_SERVER REQUEST",
            "c CLIENT_TO_SERVER REQUEST",
            "c SERVER_TO_CLIENT RESPONSE",
            "b SERVER_TO_CLIENT RESPONSE",
            "a SERVER_TO_CLIENT RESPONSE");
  }

  @Test
  void anAnswerGoesBackThroughTheInterceptorsBeforeItAndTheServerNeverSeesTheRequest() {
    List<String> seen = new CopyOnWriteArrayList<>();
    McpClient client = client(proxy(new Log("a", seen), answering("from b"), new Log("c", seen)));

    assertThat(client.callTool("echo", Map.of("message", "hi")).text()).isEqualTo("from b");

    assertThat(seen).containsExactly("a CLIENT_TO_SERVER REQUEST", "a SERVER_TO_CLIENT RESPONSE");
    assertThat(server.methods()).doesNotContain("tools/call");
  }

  @Test
  void aChangedMessageIsWhatTheServerGets() {
    Interceptor renameArgument =
        chain -> {
          if (chain.kind() == Interceptor.Chain.Kind.REQUEST && chain.arguments().has("msg")) {
            ObjectNode message = chain.message();
            ObjectNode arguments = (ObjectNode) message.path("params").path("arguments");
            arguments.set("message", arguments.remove("msg"));
            chain.proceed(message);
          } else {
            chain.proceed();
          }
        };
    McpClient client = client(proxy(renameArgument));

    assertThat(client.callTool("echo", Map.of("msg", "renamed")).text()).isEqualTo("Echo: renamed");
  }

  @Test
  void aDroppedResponseLeavesTheClientToItsTimeoutAndADroppedRequestNeverReachesTheServer() {
    Interceptor dropResponses =
        chain -> {
          if (chain.kind() == Interceptor.Chain.Kind.RESPONSE && chain.tool().isPresent()) {
            chain.drop();
          } else {
            chain.proceed();
          }
        };
    McpClient client = client(proxy(dropResponses), "test", Duration.ofMillis(300));

    assertThatThrownBy(() -> client.callTool("echo", Map.of("message", "hi")))
        .isInstanceOf(McpTimeoutException.class);
    assertThat(server.methods()).contains("tools/call"); // it reached the server

    Interceptor dropRequests =
        chain -> {
          if (chain.kind() == Interceptor.Chain.Kind.REQUEST && chain.tool().isPresent()) {
            chain.drop();
          } else {
            chain.proceed();
          }
        };
    McpClient other = client(proxy(dropRequests), "test", Duration.ofMillis(300));
    assertThatThrownBy(() -> other.callTool("echo", Map.of("message", "hi")))
        .isInstanceOf(McpTimeoutException.class);
    assertThat(server.methods()).doesNotContain("tools/call");
  }

  @Test
  void aDelayedMessageIsOvertakenByLaterOnes() throws Exception {
    Interceptor delaySlowOnes =
        chain -> {
          if (chain.kind() == Interceptor.Chain.Kind.REQUEST
              && chain.arguments().path("message").asText().equals("slow")) {
            chain.proceedAfter(Duration.ofMillis(300));
          } else {
            chain.proceed();
          }
        };
    McpClient client = client(proxy(delaySlowOnes));
    List<String> answered = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> slow =
          pool.submit(
              () -> answered.add(client.callTool("echo", Map.of("message", "slow")).text()));
      Thread.sleep(50);
      Future<?> fast =
          pool.submit(
              () -> answered.add(client.callTool("echo", Map.of("message", "fast")).text()));
      fast.get();
      slow.get();
    } finally {
      pool.shutdownNow();
    }
    assertThat(answered).containsExactly("Echo: fast", "Echo: slow");
  }

  @Test
  void garbageInPlaceOfAnAnswerReachesTheClientAsALineThatIsNoMessage() {
    Interceptor garbage =
        chain -> {
          if (chain.kind() == Interceptor.Chain.Kind.RESPONSE && chain.tool().isPresent()) {
            chain.sendMalformed("{\"jsonrpc\": \"2.0\", \"id\": ");
          } else {
            chain.proceed();
          }
        };
    McpClient client = client(proxy(garbage), "test", Duration.ofMillis(300));

    assertThatThrownBy(() -> client.callTool("echo", Map.of("message", "hi")))
        .isInstanceOf(McpTimeoutException.class);
    assertThat(client.problems())
        .extracting(ProtocolProblem::kind)
        .contains(ProtocolProblem.Kind.NOT_JSON);
  }

  @Test
  void anInjectedCrashFailsThatClientOnlyAndTheServerGoesOn() {
    Interceptor crashOnBoom =
        chain -> {
          if (chain.kind() == Interceptor.Chain.Kind.REQUEST
              && chain.arguments().path("message").asText().equals("boom")) {
            chain.crash("told to");
          } else {
            chain.proceed();
          }
        };
    McpProxy proxy = proxy(crashOnBoom);
    McpClient doomed = client(proxy, "doomed", Duration.ofSeconds(10));
    McpClient other = client(proxy, "other", Duration.ofSeconds(10));

    assertThatThrownBy(() -> doomed.callTool("echo", Map.of("message", "boom")))
        .isInstanceOf(McpErrorException.class)
        .hasMessageContaining("MCP server gone: told to");
    assertThatThrownBy(() -> doomed.callTool("echo", Map.of("message", "again")))
        .isInstanceOf(SessionClosedException.class);
    assertThat(other.callTool("echo", Map.of("message", "still here")).text())
        .isEqualTo("Echo: still here");
    assertThat(server.closedByProxy()).isFalse();
  }

  @Test
  void eachMessageIsHandledExactlyOnce() {
    AtomicReference<Throwable> second = new AtomicReference<>();
    Interceptor twice =
        chain -> {
          chain.proceed();
          try {
            chain.proceed();
          } catch (IllegalStateException e) {
            second.compareAndSet(null, e);
          }
        };
    McpClient client = client(proxy(twice));

    assertThat(client.callTool("echo", Map.of("message", "once")).text()).isEqualTo("Echo: once");
    assertThat(second.get()).hasMessageContaining("exactly once");
    assertThat(server.methods().stream().filter("tools/call"::equals)).hasSize(1);
  }

  @Test
  void anInterceptorThatThrowsFailsClosedWithAnErrorThatNamesIt() {
    Interceptor broken =
        chain -> {
          if (chain.tool().isPresent()) {
            throw new IllegalStateException("cannot parse the token");
          }
          chain.proceed();
        };
    McpClient client = client(proxy(broken));

    assertThatThrownBy(() -> client.callTool("echo", Map.of("message", "secret")))
        .isInstanceOf(McpErrorException.class)
        .hasMessageContaining("interceptor")
        .hasMessageContaining("cannot parse the token");
    assertThat(server.methods()).doesNotContain("tools/call");
  }

  @Test
  void oneInstanceServesProxiesInParallelButAChaptersMessagesNeverOverlap() throws Exception {
    Map<String, AtomicBoolean> busy = new ConcurrentHashMap<>();
    Map<String, List<String>> order = new ConcurrentHashMap<>();
    AtomicBoolean overlapped = new AtomicBoolean();
    AtomicBoolean parallel = new AtomicBoolean();
    AtomicReference<String> inside = new AtomicReference<>();
    Interceptor shared =
        chain -> {
          String chapter = chain.chapter().orElse("(handshake)");
          AtomicBoolean mine = busy.computeIfAbsent(chapter, k -> new AtomicBoolean());
          if (!mine.compareAndSet(false, true)) {
            overlapped.set(true);
          }
          String other = inside.getAndSet(chapter);
          if (other != null && !other.equals(chapter)) {
            parallel.set(true);
          }
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inside.compareAndSet(chapter, null);
          if (chain.kind() == Interceptor.Chain.Kind.REQUEST && chain.tool().isPresent()) {
            order
                .computeIfAbsent(chapter, k -> new CopyOnWriteArrayList<>())
                .add(chain.arguments().path("message").asText());
          }
          mine.set(false);
          chain.proceed();
        };
    int chapters = 4;
    int calls = 25;
    ExecutorService pool = Executors.newFixedThreadPool(chapters);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int c = 0; c < chapters; c++) {
        String chapter = "chapter-" + c;
        McpClient client = client(proxy(shared), chapter, Duration.ofSeconds(10)); // a proxy each
        runs.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < calls; k++) {
                    client.callTool("echo", Map.of("message", Integer.toString(k)));
                  }
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(overlapped).isFalse();
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < calls; k++) {
      expected.add(Integer.toString(k));
    }
    assertThat(order).hasSize(chapters);
    order.values().forEach(seen -> assertThat(seen).isEqualTo(expected));
    assertThat(parallel).as("the proxies called the one instance at the same time").isTrue();
  }
}
