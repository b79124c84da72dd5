package dev.wassettetape.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real MCP peers from npm that the build installs (root package.json, workspace harness/). */
public final class NpmPeers {

  private NpmPeers() {}

  public static Path root() {
    return Path.of(System.getProperty("wassette-tape.root", "..")).toAbsolutePath().normalize();
  }

  private static Path module(String relative) {
    Path path = root().resolve("node_modules").resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          path
              + " is missing: run `npm ci` at the project root (the Maven build does it on a fresh checkout)");
    }
    return path;
  }

  /** {@code node .../server-everything/dist/index.js stdio}. */
  static List<String> serverEverything() {
    return List.of(
        "node",
        module("@modelcontextprotocol/server-everything/dist/index.js").toString(),
        "stdio");
  }

  /**
   * A command of the Node 22 peers (scripts/install-node22.sh puts them in .tools/node22): {@code
   * node <module file> args...}, run by Node 22 itself.
   */
  public static List<String> node22(String module, String... args) {
    Path home = root().resolve(".tools/node22/node_modules");
    Path node = home.resolve(".bin/node");
    if (!Files.isExecutable(node)) {
      throw new IllegalStateException(
          node
              + " is missing: run scripts/install-node22.sh (the Maven build does it before the"
              + " integration tests)");
    }
    List<String> command =
        new java.util.ArrayList<>(List.of(node.toString(), home.resolve(module).toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** The official MCP conformance suite (Node 22): {@code conformance args...}. */
  public static List<String> conformance(String... args) {
    return node22("@modelcontextprotocol/conformance/dist/index.js", args);
  }

  /** The MCP Inspector 2.x CLI (Node 22): {@code mcp-inspector --cli args...}. */
  public static List<String> inspector2(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("--cli"));
    command.addAll(List.of(args));
    return node22(
        "@modelcontextprotocol/inspector/clients/launcher/build/index.js",
        command.toArray(String[]::new));
  }

  /** The MCP Inspector CLI: {@code mcp-inspector --cli ...}. */
  static Path inspector() {
    return module(".bin/mcp-inspector");
  }

  /** Our CLI as a command line (the shaded jar the package phase built). */
  static List<String> wassetteTape() {
    Path jar = Path.of("target", "wassette-tape.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the package phase builds it");
    }
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
  }
}
