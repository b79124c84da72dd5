package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Notification;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import dev.wassettetape.internal.jsonrpc.Stateless;
import dev.wassettetape.internal.transport.Mailbox;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.internal.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Where a message enters the proxy ({@link #fromClient}, {@link #fromServer}) and where it goes:
 * the shared handshake and the renumbering of requests first, then the interceptors ({@link
 * Pipeline}), then its destination ({@link Pipeline.Ends}): the server, the client of its call, the
 * client its route names ({@link Calls}), or every client. Runs under the proxy's dispatch lock.
 */
final class Dispatch {

  private final Transport server;
  private final Pipeline pipeline;
  private final Calls calls;
  private final SharedHandshake handshake;
  private final List<Connection> clients;
  private final List<ProtocolProblem> problems;
  private final Object lock;
  private final Mailbox toServer; // in dispatch order, outside the lock
  private final Consumer<String> serverGone;
  private volatile long writingSince; // nanoTime a write to the server began; 0: none is under way

  Dispatch(
      Transport server,
      Pipeline pipeline,
      Calls calls,
      SharedHandshake handshake,
      List<Connection> clients,
      List<ProtocolProblem> problems,
      Object lock,
      Mailbox toServer,
      Consumer<String> serverGone) {
    this.server = server;
    this.pipeline = pipeline;
    this.calls = calls;
    this.handshake = handshake;
    this.clients = clients;
    this.problems = problems;
    this.lock = lock;
    this.toServer = toServer;
    this.serverGone = serverGone;
  }

  void fromClient(Connection client, JsonRpcMessage message, Map<String, List<String>> headers) {
    Mailbox.loop(() -> route(client, message, headers), false);
  }

  private void route(Connection client, JsonRpcMessage message, Map<String, List<String>> headers) {
    synchronized (lock) {
      if (!client.isConnected()) {
        return; // sent before it heard it was disconnected (e.g. an injected crash): too late
      }
      if (message instanceof Request request) {
        boolean isHandshake = handshake.isHandshake(request);
        if (!isHandshake && handshake.needsDiscovery(request)) {
          Request discover = handshake.discoverFor(request); // the session's handshake, for none
          Call call = calls.start(client, discover, true);
          forward(discover.withId(call.id()), Map.of(), call);
        }
        if (isHandshake && !handshake.opens(client, request)) {
          return; // the client joins the session, whose handshake it shares
        }
        Call call = calls.start(client, request, isHandshake);
        forward(request.withId(call.id()), headers, call);
      } else if (message instanceof Notification notification) {
        if ("notifications/initialized".equals(notification.method())
            && !handshake.forwardInitialized()) {
          // the session is initialised once; a later client joined it, and hears what it missed
          handshake.missedByJoiner().forEach(client::send);
          return;
        }
        forward(calls.renumbered(client, notification), headers, client);
      } else {
        forward(message, headers, client); // the client's answer to a server request
      }
    }
  }

  /**
   * A client line that is no message: answered here ({@link Malformed}), never forwarded; a batch
   * is taken apart or refused as the session's protocol says ({@link Batches}).
   */
  void fromClient(Connection client, ProtocolProblem problem) {
    if (problem.json() instanceof ArrayNode batch) {
      Mailbox.loop(
          () -> {
            synchronized (lock) {
              Batches.take(batch, handshake.protocolVersion(), client, problems)
                  .forEach(m -> route(client, m, Map.of()));
            }
          },
          false);
      return;
    }
    problems.add(problem);
    Response answer = Malformed.answerTo(problem);
    if (answer != null) {
      client.send(answer);
    }
  }

  /**
   * How long the write to the server under way has been waiting (a server that stops reading its
   * input blocks it once the pipe is full); zero when none is.
   */
  Duration writeWaiting() {
    long since = writingSince;
    return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
  }

  /** A client request on its way to the server, through the interceptors. */
  private void forward(JsonRpcMessage request, Map<String, List<String>> headers, Call call) {
    Anchor anchor = call.handshake() ? Anchor.HANDSHAKE : Anchor.of(call.chapter());
    pipeline.fromClient(
        request,
        headers,
        new Pipeline.About(anchor, call.method(), call.params()),
        new ToServer(call.client()) {
          @Override
          public Pipeline.Ends answered() {
            return toClient(call);
          }
        });
  }

  /** Any other client message on its way to the server, through the interceptors. */
  void forward(JsonRpcMessage message, Map<String, List<String>> headers, Connection c) {
    pipeline.fromClient(
        message, headers, new Pipeline.About(Anchor.of(c.chapter()), null, null), new ToServer(c));
  }

  /** Where a client message ends: the server. */
  private class ToServer implements Pipeline.Ends {
    private final Connection client;

    ToServer(Connection client) {
      this.client = client;
    }

    @Override
    public void deliver(JsonRpcMessage message, Map<String, List<String>> headers) {
      toServer(() -> server.send(message, headers));
    }

    @Override
    public void malformed(String text) {
      try {
        toServer.post(
            () -> {
              try {
                server.sendRaw(text);
              } catch (IOException e) { // e.g. over HTTP: the server is not lost for that
                problems.add(
                    new ProtocolProblem(
                        ProtocolProblem.Kind.NOT_JSON,
                        "an interceptor's text could not be sent to the server: " + e.getMessage(),
                        text));
              }
            });
      } catch (RejectedExecutionException sessionOver) {
        // the session ended: nothing goes out any more
      }
    }

    @Override
    public void crash(String reason) {
      if (client != null) {
        crashFor(client, reason);
      }
    }
  }

  private interface Write {
    void run() throws IOException;
  }

  private void toServer(Write write) {
    try {
      toServer.post(
          () -> {
            writingSince = System.nanoTime();
            try {
              write.run();
            } catch (IOException e) {
              serverGone.accept("could not write to the server: " + e.getMessage());
            } finally {
              writingSince = 0;
            }
          });
    } catch (RejectedExecutionException sessionOver) {
      // the session ended: nothing goes out any more
    }
  }

  /** Where a response ends: the client of its call (the handshake's, every waiting client). */
  private Pipeline.Ends toClient(Call call) {
    return new ToClient(call.client()) {
      @Override
      public void deliver(JsonRpcMessage message, Map<String, List<String>> headers) {
        calls.answered(call.id()); // answered by an interceptor: the server never will be
        if (call.handshake()) {
          handshake.answered((Response) message);
        } else if (!call.answeredByProxy()) {
          call.client().send(((Response) message).withId(call.clientId()));
        }
      }

      @Override
      public void malformed(String text) {
        calls.answered(call.id());
        super.malformed(text);
      }
    };
  }

  /** Where a server message ends: a client. */
  private abstract class ToClient implements Pipeline.Ends {
    private final Connection client;

    ToClient(Connection client) {
      this.client = client;
    }

    @Override
    public void malformed(String text) {
      if (client != null) {
        client.sendRaw(text);
      }
    }

    @Override
    public void crash(String reason) {
      if (client != null) {
        crashFor(client, reason);
      }
    }
  }

  void fromServer(JsonRpcMessage message) {
    Mailbox.loop(() -> routeFromServer(message), false);
  }

  private void routeFromServer(JsonRpcMessage message) {
    synchronized (lock) {
      if (message instanceof Response response) {
        Call call = response.hasId() ? calls.answered(response.id()) : null;
        if (call == null) {
          problems.add(
              new ProtocolProblem(
                  ProtocolProblem.Kind.NOT_JSON_RPC,
                  "a response to no pending request (id "
                      + (response.hasId() ? response.id() : "null")
                      + ")",
                  message.toLine()));
          return;
        }
        Anchor anchor =
            call.handshake() ? Anchor.HANDSHAKE : new Anchor(call.chapter(), call.id(), false);
        pipeline.fromServer(
            response, new Pipeline.About(anchor, call.method(), call.params()), toClient(call));
        return;
      }
      Calls.Route route = calls.route(message);
      pipeline.fromServer(
          message,
          new Pipeline.About(route.anchor(), null, null),
          new ToClient(route.client()) {
            @Override
            public void deliver(JsonRpcMessage m, Map<String, List<String>> headers) {
              deliverFromServer(m, route);
            }
          });
    }
  }

  /** A server notification or request, to the client(s) its route says. */
  private void deliverFromServer(JsonRpcMessage message, Calls.Route route) {
    Connection client = route.client();
    if (route.anchor().isHandshake() && (client == null || !client.isConnected())) {
      // the client that opened the session is gone: another answers for the session
      client = clients.stream().filter(Connection::isConnected).findFirst().orElse(null);
    }
    if (route.everyone()) {
      if (message instanceof Notification notice) {
        handshake.heard(notice);
      }
      clients.stream().filter(Connection::isConnected).forEach(c -> c.send(message));
    } else if (client != null && client.isConnected()) {
      client.send(
          route.call() == null
              ? message
              : Stateless.withSubscriptionId(message, route.call().id(), route.call().clientId()));
    } else if (message instanceof Request request) {
      // nobody is left to answer: say so, or the server waits for ever
      Response refusal =
          Response.error(
              request.id(),
              Response.INTERNAL_ERROR,
              "wassette-tape: the client this request belongs to has disconnected",
              null);
      pipeline.fromClient(
          refusal, Map.of(), new Pipeline.About(route.anchor(), null, null), new ToServer(null));
    }
  }

  /**
   * An injected crash, as its client sees one: its pending requests fail as when the server dies,
   * and it is disconnected; the server and the other clients go on.
   */
  private void crashFor(Connection client, String reason) {
    String why = "MCP server gone: " + reason + " (a crash injected by an interceptor)";
    for (Call call : calls.drain(client)) {
      call.client()
          .send(
              Response.error(
                  call.clientId(),
                  McpProxy.SERVER_GONE,
                  why,
                  JsonNodeFactory.instance.objectNode().put("injected", true)));
    }
    client.disconnect(why);
  }
}
