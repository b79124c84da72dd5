package dev.wassettetape.internal.proxy;

import dev.wassettetape.internal.jsonrpc.JsonRpcMessage;
import dev.wassettetape.internal.jsonrpc.Request;
import dev.wassettetape.internal.jsonrpc.Response;
import java.util.Optional;

/**
 * A plug-in of the proxy: recording, access control, and whatever users add. The proxy calls every
 * method from its single dispatch thread, in message order, so implementations need no locking for
 * state that only these methods touch.
 */
public interface Interceptor {

  /** Does nothing; what an interceptor that overrides nothing is. */
  Interceptor NONE = new Interceptor() {};

  /**
   * A client request before it is forwarded. Return a response to answer the client directly; the
   * request then never reaches the server (this is how access control refuses a call).
   */
  default Optional<Response> intercept(Request request) {
    return Optional.empty();
  }

  /**
   * Every message that passes between client and server, in order, as the server sees it (client
   * request ids are the proxy's, unique in the session), with where it belongs. Requests an
   * interceptor answered, and the answers the proxy made itself, are not passed on and not
   * observed.
   */
  default void observe(Direction direction, JsonRpcMessage message, Anchor anchor) {}
}
