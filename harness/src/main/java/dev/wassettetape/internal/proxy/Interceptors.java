package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.Interceptor;
import dev.wassettetape.intercept.TokenStripper;
import dev.wassettetape.intercept.Trace;
import dev.wassettetape.tape.Secrets;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one place that orders a proxy's interceptors: outermost the trace (what the client sees),
 * then the access control (a refused call reaches nobody), then the user's in their declared order,
 * innermost the recorder (what the server said, never an injected fault).
 */
public final class Interceptors {

  private Interceptors() {}

  /**
   * A proxy's interceptors, in order.
   *
   * @param trace where the live trace goes; null for none
   * @param recorder null when nothing is recorded
   */
  public static List<Interceptor> ordered(
      PrintStream trace,
      Secrets secrets,
      String session,
      Interceptor accessControl,
      List<Interceptor> user,
      Recorder recorder) {
    List<Interceptor> all = new ArrayList<>();
    if (trace != null) {
      all.add(new Trace(trace, secrets, session, hiding(user)));
    }
    all.add(accessControl);
    all.addAll(user);
    if (recorder != null) {
      all.add(recorder);
    }
    return all;
  }

  /** What the token strippers among them take out of a message: the trace hides it too. */
  private static UnaryOperator<ObjectNode> hiding(List<Interceptor> user) {
    List<TokenStripper> strippers = new ArrayList<>();
    user.stream()
        .filter(TokenStripper.class::isInstance)
        .forEach(i -> strippers.add((TokenStripper) i));
    return message -> {
      strippers.forEach(s -> s.strip(message));
      return message;
    };
  }
}
