package dev.wassettetape.proxy;

import dev.wassettetape.jsonrpc.Request;
import dev.wassettetape.jsonrpc.Response;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses tool calls the client may not make, with a JSON-RPC error; a refused call never reaches
 * the server. Wassette's built-in tools that widen what a component may do (loading components,
 * granting or resetting permissions) are refused unless allowed by name: a client under test must
 * not be able to change its sandbox. The harness's own setup does not go through the proxy, so it
 * is not subject to this.
 */
public final class AccessControl implements Interceptor {

  /** The JSON-RPC error code of a refused call. */
  public static final int REFUSED = -32003;

  /** Wassette's built-ins that widen a component's permissions. */
  public static final Set<String> PERMISSION_WIDENING =
      Set.of(
          "load-component",
          "unload-component",
          "grant-storage-permission",
          "grant-network-permission",
          "grant-environment-variable-permission",
          "revoke-storage-permission",
          "revoke-network-permission",
          "revoke-environment-variable-permission",
          "reset-permission");

  private final Set<String> allowed;

  private AccessControl(Set<String> allowed) {
    this.allowed = allowed == null ? null : Set.copyOf(allowed);
  }

  /** Any tool except the permission-widening built-ins. */
  public static AccessControl defaults() {
    return new AccessControl(null);
  }

  /** Only the named tools (which may name a built-in to allow it). */
  public static AccessControl allowOnly(Set<String> tools) {
    return new AccessControl(tools);
  }

  @Override
  public Optional<Response> intercept(Request request) {
    if (!"tools/call".equals(request.method())) {
      return Optional.empty();
    }
    String tool = request.params().map(p -> p.path("name").asText("")).orElse("");
    boolean refused =
        allowed == null
            ? (tool.startsWith("grant-")
                || tool.startsWith("revoke-")
                || PERMISSION_WIDENING.contains(tool))
            : !allowed.contains(tool);
    if (!refused) {
      return Optional.empty();
    }
    String why =
        allowed == null
            ? "it can widen what a component may do; the harness refuses it for clients under test"
            : "it is not in the allowed tools " + new java.util.TreeSet<>(allowed);
    return Optional.of(
        Response.error(
            request.id(),
            REFUSED,
            "wassette-tape refused tools/call '" + tool + "': " + why,
            null));
  }
}
