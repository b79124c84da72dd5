package dev.wassettetape.internal.proxy;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.transport.ProtocolProblem;
import dev.wassettetape.internal.transport.Transport;
import dev.wassettetape.tape.Secrets;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A live server's transport as the proxy should see it: what it says about the server (a process's
 * stderr tail, an end reason, the excerpt of an unusable line) has the secrets redacted, since the
 * proxy quotes it in errors, reports and partial tapes. Messages pass unchanged: the recorder
 * redacts what it tapes, and the client under test sees the live answers.
 */
public final class RedactingTransport implements Transport {

  private final Transport server;
  private final Secrets secrets;

  private RedactingTransport(Transport server, Secrets secrets) {
    this.server = server;
    this.secrets = secrets;
  }

  /** The transport itself when there is nothing to redact. */
  public static Transport of(Transport server, Secrets secrets) {
    return secrets.names().isEmpty() ? server : new RedactingTransport(server, secrets);
  }

  @Override
  public void start(Listener listener) {
    server.start(
        new Listener() {
          @Override
          public boolean quick() {
            return listener.quick();
          }

          @Override
          public void onMessage(JsonRpcMessage message) {
            listener.onMessage(message);
          }

          @Override
          public void onProblem(ProtocolProblem problem) {
            listener.onProblem(
                new ProtocolProblem(
                    problem.kind(),
                    secrets.redact(problem.detail()),
                    secrets.redact(problem.excerpt()),
                    secrets.redact(problem.json())));
          }

          @Override
          public void onClosed(String reason) {
            listener.onClosed(secrets.redact(reason));
          }
        });
  }

  @Override
  public void send(JsonRpcMessage message) throws IOException {
    server.send(message);
  }

  @Override
  public void send(JsonRpcMessage message, Map<String, List<String>> headers) throws IOException {
    server.send(message, headers);
  }

  @Override
  public void sendRaw(String text) throws IOException {
    server.sendRaw(text);
  }

  @Override
  public void abort() {
    server.abort();
  }

  @Override
  public boolean mayStallOthers() {
    return server.mayStallOthers();
  }

  @Override
  public void send(List<JsonRpcMessage> batch) throws IOException {
    server.send(batch);
  }

  @Override
  public String diagnostics() {
    return secrets.redact(server.diagnostics());
  }

  @Override
  public void close() {
    server.close();
  }
}
