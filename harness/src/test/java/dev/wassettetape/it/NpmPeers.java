package dev.wassettetape.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real MCP peers from npm that the build installs (root package.json, workspace harness/). */
final class NpmPeers {

  private NpmPeers() {}

  static Path root() {
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
