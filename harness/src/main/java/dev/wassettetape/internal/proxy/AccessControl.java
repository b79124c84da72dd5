package dev.wassettetape.internal.proxy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.intercept.Direction;
import dev.wassettetape.intercept.Interceptor;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses tool calls the client may not make, with a JSON-RPC error; a refused call never reaches
 * the server. Wassette's built-in tools (loading components, granting or resetting permissions,
 * ...) are refused unless named: a client under test must not be able to change its sandbox, and
 * the harness runs Wassette with its built-ins off unless some are named ({@link #withBuiltins}).
 * The same rules apply when recording, replaying and verifying. The harness's own setup does not go
 * through the proxy, so it is not subject to this.
 */
public final class AccessControl implements Interceptor {

  /** The JSON-RPC error code of a refused call. */
  public static final int REFUSED = -32003;

  /** Wassette's built-in tools (0.3 to 0.8). */
  public static final Set<String> BUILTIN =
      Set.of(
          "load-component",
          "unload-component",
          "list-components",
          "get-policy",
          "search-components",
          "grant-storage-permission",
          "grant-network-permission",
          "grant-environment-variable-permission",
          "revoke-storage-permission",
          "revoke-network-permission",
          "revoke-environment-variable-permission",
          "reset-permission");

  private final Set<String> allowed; // null: any tool but the built-ins not named
  private final Set<String> builtins;

  private AccessControl(Set<String> allowed, Set<String> builtins) {
    this.allowed = allowed == null ? null : Set.copyOf(allowed);
    this.builtins = Set.copyOf(builtins);
  }

  /** Any tool except Wassette's built-ins. */
  public static AccessControl defaults() {
    return new AccessControl(null, Set.of());
  }

  /** Only the named tools (which may name a built-in to allow it). */
  public static AccessControl allowOnly(Set<String> tools) {
    return new AccessControl(tools, Set.of());
  }

  /** Also allows these built-ins, by name. */
  public AccessControl withBuiltins(Set<String> names) {
    Set<String> unknown = new TreeSet<>(names);
    unknown.removeAll(BUILTIN);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "no Wassette built-in tool is named " + unknown + "; they are " + new TreeSet<>(BUILTIN));
    }
    return new AccessControl(allowed, names);
  }

  /** Whether the tool is one of Wassette's built-ins (or looks like a future permission one). */
  public static boolean isBuiltin(String tool) {
    return BUILTIN.contains(tool) || tool.startsWith("grant-") || tool.startsWith("revoke-");
  }

  @Override
  public void intercept(Chain chain) {
    String tool = chain.tool().orElse(null);
    if (tool == null
        || chain.kind() != Chain.Kind.REQUEST
        || chain.direction() != Direction.CLIENT_TO_SERVER) {
      chain.proceed();
      return;
    }
    boolean refused =
        !builtins.contains(tool) && (allowed == null ? isBuiltin(tool) : !allowed.contains(tool));
    if (!refused) {
      chain.proceed();
      return;
    }
    String why =
        allowed == null
            ? "it is one of Wassette's built-in tools, which can change what a component may do;"
                + " the harness refuses them unless named (builtinTools(\""
                + tool
                + "\"),"
                + " --builtin-tool "
                + tool
                + ")"
            : "it is not in the allowed tools " + new TreeSet<>(allowed);
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer
        .putObject("error")
        .put("code", REFUSED)
        .put("message", "wassette-tape refused tools/call '" + tool + "': " + why);
    chain.answer(answer);
  }
}
