package dev.wassettetape.internal.replay;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.tape.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * What the replayer sends for one client message: taped messages in their recorded order, pausing
 * after each taped server request until the client has answered it, as a live server would. Not
 * thread-safe: the replayer owns it.
 */
final class Script {

  /** A step: a message to send, and for a server request the client's taped answer to wait for. */
  record Step(JsonRpcMessage message, Outcome tapedAnswer) {}

  private final String chapter;
  private final List<Step> steps = new ArrayList<>();
  private int next;

  /**
   * @param chapter the chapter it comes from (null: the whole tape), for reports
   */
  Script(String chapter) {
    this.chapter = chapter;
  }

  String chapter() {
    return chapter;
  }

  /** Adds a message to send; a server request with a taped answer makes the script wait for it. */
  Script then(JsonRpcMessage message, Outcome tapedAnswer) {
    steps.add(new Step(message, message instanceof Request ? tapedAnswer : null));
    return this;
  }

  Script then(JsonRpcMessage message) {
    return then(message, null);
  }

  /**
   * The messages to send now, up to and including the next server request the client must answer
   * first; that request is then {@link #awaited()}.
   */
  List<JsonRpcMessage> advance() {
    List<JsonRpcMessage> out = new ArrayList<>();
    while (next < steps.size()) {
      Step step = steps.get(next++);
      out.add(step.message());
      if (step.tapedAnswer() != null) {
        break;
      }
    }
    return out;
  }

  /** The server request the script waits on, or null when it does not wait. */
  Step awaited() {
    Step last = next == 0 ? null : steps.get(next - 1);
    return last != null && last.tapedAnswer() != null ? last : null;
  }
}
