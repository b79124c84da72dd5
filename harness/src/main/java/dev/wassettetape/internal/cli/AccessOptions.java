package dev.wassettetape.internal.cli;

import dev.wassettetape.internal.proxy.AccessControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** Which tools a client may call: the same rules when recording, replaying and verifying. */
final class AccessOptions {

  @Option(
      names = "--allow-tool",
      paramLabel = "NAME",
      description =
          "Allow only these tools (repeatable). Default: all but Wassette's permission-widening"
              + " built-ins, which are refused with error -32003.")
  List<String> allowTools;

  @Option(
      names = "--builtin-tool",
      paramLabel = "NAME",
      description =
          "A Wassette built-in tool the client may call, e.g. list-components (repeatable). Naming"
              + " any turns Wassette's built-ins on (they are off by default); those not named are"
              + " still refused.")
  List<String> builtinTools = new ArrayList<>();

  /** The built-ins named, by --builtin-tool or --allow-tool. */
  Set<String> builtins() {
    Set<String> names = new TreeSet<>(builtinTools);
    if (allowTools != null) {
      allowTools.stream().filter(AccessControl::isBuiltin).forEach(names::add);
    }
    return names;
  }

  AccessControl accessControl() {
    return (allowTools == null
            ? AccessControl.defaults()
            : AccessControl.allowOnly(Set.copyOf(allowTools)))
        .withBuiltins(builtins());
  }
}
