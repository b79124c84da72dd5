package dev.wassettetape.cli;

import dev.wassettetape.proxy.AccessControl;
import java.util.List;
import java.util.Set;
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

  AccessControl accessControl() {
    return allowTools == null
        ? AccessControl.defaults()
        : AccessControl.allowOnly(Set.copyOf(allowTools));
  }
}
