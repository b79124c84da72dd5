package dev.wassettetape.intercept;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plug-in of the proxy that sees every message, in each direction, and decides what becomes of
 * it: pass it on as it is or changed, answer a request itself, delay it, drop it, or fail the way a
 * broken server fails. In the style of OkHttp's {@code Interceptor.intercept(Chain)}, for a
 * protocol whose messages flow both ways at any time.
 *
 * <pre>{@code
 * Interceptor renameCity = chain -> {
 *   if (chain.direction() == Direction.CLIENT_TO_SERVER && chain.tool().orElse("").equals("get-weather")
 *       && chain.arguments().has("town")) {
 *     ObjectNode message = chain.message();
 *     ObjectNode arguments = (ObjectNode) message.path("params").path("arguments");
 *     arguments.set("city", arguments.remove("town"));
 *     chain.proceed(message);
 *   } else {
 *     chain.proceed();
 *   }
 * };
 * }</pre>
 *
 * <h2>Order</h2>
 *
 * Interceptors are declared client side first. A message from the client passes them first to last,
 * then reaches the server; a message from the server passes them last to first, then reaches the
 * client. An answer an interceptor gives ({@link Chain#answer}) goes back through the interceptors
 * before it, the ones that saw the request, and no further. The harness's own come around yours:
 * outermost the {@link Trace} (so it shows what the client sees), then the access control (a
 * refused call never reaches yours), innermost the recorder, so a tape holds what the server said,
 * never an injected fault; that is why a fault injected when recording is injected again in replay,
 * and the tape stays true.
 *
 * <h2>Threads</h2>
 *
 * A proxy calls its interceptors one message at a time, in the order the messages arrived, under
 * its dispatch lock, on the thread that routes the message (one reading a peer, or in process the
 * test's own thread, which sent the request): the messages of one chapter (one test) never overlap.
 * Do not block in {@link #intercept}: everything else the proxy does waits. One instance may serve
 * several proxies at once (each replayed chapter has a proxy of its own, and tests may run in
 * parallel), so state that spans chapters must be thread-safe; state kept per {@linkplain
 * Chain#chapter chapter} is what makes an interceptor behave the same in every mode and whichever
 * tests run.
 *
 * <h2>Exactly once</h2>
 *
 * Each message is handled exactly once, by one of {@link Chain#proceed}, {@link Chain#answer},
 * {@link Chain#drop}, {@link Chain#sendMalformed} or {@link Chain#crash}; a second call throws
 * {@link IllegalStateException}. It may be called after {@code intercept} returned, from any thread
 * ({@link Chain#proceedAfter} does that for a delay); until then the message is held and later
 * messages overtake it. An interceptor that throws fails closed (a token it was to strip must not
 * slip through): a request it had not handled is answered with a JSON-RPC error naming it, any
 * other message is dropped, and the exception is logged.
 *
 * <p>Messages the proxy makes itself (its timeouts, the shared handshake's answer to a later
 * client's {@code initialize}, answers to lines that were no message) pass no interceptor.
 */
@FunctionalInterface
public interface Interceptor {

  /** Handles one message: see the class comment for what it may do and when. */
  void intercept(Chain chain);

  /** Passes every message on unchanged. */
  Interceptor NONE = Chain::proceed;

  /** One message at one interceptor: what it is, where it belongs, and what to do with it. */
  interface Chain {

    /** Which way it travels. */
    Direction direction();

    /** The kinds of JSON-RPC message. */
    enum Kind {
      REQUEST,
      NOTIFICATION,
      RESPONSE
    }

    Kind kind();

    /** Its method; for a response, the method of the request it answers. */
    String method();

    /**
     * The tool of a {@code tools/call} request, or of the request a response answers; empty for any
     * other message.
     */
    Optional<String> tool();

    /**
     * The arguments of that {@code tools/call} (for a response, its request's), else a missing
     * node. Read only.
     */
    JsonNode arguments();

    /**
     * The chapter (the test) the message belongs to; empty for the session's handshake and for
     * server traffic about the whole session (list changes).
     */
    Optional<String> chapter();

    /**
     * The message as JSON: a copy of your own, to change and pass to {@link #proceed(ObjectNode)}.
     * Request ids are the session's (the proxy numbers every client's requests uniquely), and a
     * response carries the id of the request it answers.
     */
    ObjectNode message();

    /**
     * The HTTP headers a client message arrived with (names in lower case), when it came over
     * Streamable HTTP; empty otherwise. Those not about MCP's own transport ({@code Authorization},
     * cookies, custom ones) are sent on to an HTTP server with the message.
     */
    Map<String, List<String>> headers();

    /** Passes the message on unchanged to the next interceptor, then to its destination. */
    void proceed();

    /**
     * Passes this message on in its place; it must still be the same kind of message with the same
     * id (change a copy from {@link #message()}).
     */
    void proceed(ObjectNode message);

    /** Passes the message on with these HTTP headers in place of {@link #headers()}. */
    void proceed(ObjectNode message, Map<String, List<String>> headers);

    /** Passes the message on unchanged after {@code delay} (later messages overtake it). */
    void proceedAfter(Duration delay);

    /**
     * Answers a client request here: it never reaches the server. {@code response} holds a {@code
     * result} or an {@code error}; its {@code jsonrpc} and {@code id} are set for you.
     *
     * @throws IllegalStateException for any message but a client request
     */
    void answer(ObjectNode response);

    /**
     * Drops the message: nobody receives it. A dropped response leaves its request unanswered: the
     * client's timeout is what happens next.
     */
    void drop();

    /**
     * Sends this text in place of the message, as it is: what a peer that writes garbage looks
     * like. It passes no further interceptor.
     */
    void sendMalformed(String text);

    /**
     * Fails like a crashed server, for this message's client: its pending requests get the proxy's
     * server-gone error ({@code -32000}) with {@code reason}, and its connection closes. The server
     * itself (which other tests may share) and the tape are untouched.
     */
    void crash(String reason);
  }
}
