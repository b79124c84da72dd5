package dev.wassettetape.wassette;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

final class Directories {

  private Directories() {}

  /** Best-effort recursive delete, for our own temporary directories. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // left for the OS's temp cleaner
                }
              });
    } catch (IOException ignored) {
      // idem
    }
  }
}
