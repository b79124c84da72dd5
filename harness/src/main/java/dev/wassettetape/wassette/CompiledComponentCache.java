package dev.wassettetape.wassette;

import dev.wassettetape.internal.process.ChildProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Wassette's compiled form of components ({@code <id>.cwasm} and {@code <id>.metadata.json}), kept
 * between runs so that a component is compiled once, not once per test (a JavaScript component
 * takes ~14 s to compile on two cores and ~25 ms to load once compiled).
 *
 * <p>Entries are keyed by the Wassette version, the component id and the SHA-256 of the component,
 * so a changed component or another Wassette never reuses a stale entry. An entry is made by {@code
 * wassette component load} into a private directory, then renamed into place: readers never see a
 * half-written entry, and two builds compiling the same component at once both succeed. Wassette
 * checks a cached component against the size and mtime of {@code <id>.wasm}, so files are copied
 * with their attributes.
 *
 * <p>Location: system property {@value #DIR_PROPERTY}, else {@code
 * $XDG_CACHE_HOME/wassette-tape/compiled} (default {@code ~/.cache}). The directory is private to
 * the user (0700). It is bounded: after a compile, the least recently used entries beyond {@value
 * #MAX_SIZE_PROPERTY} (default {@value #DEFAULT_MAX_SIZE}; suffixes k, m, g) are deleted, since a
 * componentize-js build is not reproducible and every rebuild adds a ~44 MB entry. Thread-safe.
 */
public final class CompiledComponentCache {

  public static final String DIR_PROPERTY = "wassette.tape.cache";

  public static final String MAX_SIZE_PROPERTY = "wassette.tape.cache.max-size";

  public static final String DEFAULT_MAX_SIZE = "2g";

  private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(5);

  private final Path dir;
  private final long maxBytes;

  public CompiledComponentCache(Path dir) {
    this(dir, parseSize(System.getProperty(MAX_SIZE_PROPERTY, DEFAULT_MAX_SIZE)));
  }

  public CompiledComponentCache(Path dir, long maxBytes) {
    this.dir = dir.toAbsolutePath();
    this.maxBytes = maxBytes;
  }

  /** {@code 2g}, {@code 500m}, {@code 64k} or a number of bytes. */
  static long parseSize(String size) {
    String s = size.trim().toLowerCase(java.util.Locale.ROOT);
    long unit =
        switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1;
        };
    try {
      return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_SIZE_PROPERTY + " is '" + size + "': give a size such as 2g, 500m or 64k");
    }
  }

  public static CompiledComponentCache standard() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return new CompiledComponentCache(Path.of(configured));
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return new CompiledComponentCache(base.resolve("wassette-tape").resolve("compiled"));
  }

  public Path dir() {
    return dir;
  }

  /**
   * Copies the component, compiled, into a Wassette component directory: {@code <id>.wasm}, {@code
   * <id>.cwasm}, {@code <id>.metadata.json}, and its policy as {@code <id>.policy.yaml}.
   */
  public void installInto(Path componentDir, WassetteInstallation wassette, Component component) {
    Path entry = entryFor(wassette, component);
    try {
      Files.createDirectories(componentDir);
      for (String suffix : List.of(".wasm", ".cwasm", ".metadata.json")) {
        Files.copy(
            entry.resolve(component.id() + suffix),
            componentDir.resolve(component.id() + suffix),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
      if (component.policy() != null) {
        Files.copy(component.policy(), componentDir.resolve(component.id() + ".policy.yaml"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not install " + component.id() + " from cache " + entry, e);
    }
  }

  /** The cache entry of a component, compiling it first when it is not there yet. */
  Path entryFor(WassetteInstallation wassette, Component component) {
    if (!Files.isRegularFile(component.wasm())) {
      throw new WassetteException(
          "component file "
              + component.wasm()
              + " does not exist; build it first (for the samples:"
              + " ./mvnw -pl sample-components generate-resources)");
    }
    String key = component.id() + "-" + sha256(component.wasm()).substring(0, 32);
    Path entry = dir.resolve(wassette.version().toString()).resolve(key);
    if (Files.isRegularFile(entry.resolve(component.id() + ".cwasm"))) {
      touch(entry);
      return entry;
    }
    createPrivate(entry.getParent());
    compileInto(entry, wassette, component);
    touch(entry);
    evictBeyond(maxBytes, entry);
    return entry;
  }

  /** Creates a directory in the cache; the cache's directory is private to the user (0700). */
  void createPrivate(Path directory) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir.getParent());
        try {
          Files.createDirectory(dir, PRIVATE);
        } catch (FileAlreadyExistsException raced) {
          // another build made it just now
        }
      }
      Files.setPosixFilePermissions(dir, PRIVATE.value()); // also a cache an older version made
      Files.createDirectories(directory, PRIVATE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the component cache " + directory, e);
    }
  }

  private static void touch(Path entry) {
    try {
      Files.setLastModifiedTime(entry, FileTime.from(Instant.now())); // when it was last used
    } catch (IOException e) {
      // another build evicted it just now: it is rebuilt when next needed
    }
  }

  /**
   * Deletes the least recently used entries (of any Wassette version) until the cache holds at most
   * {@code max} bytes; never {@code keep}, the entry in use.
   */
  void evictBeyond(long max, Path keep) {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> versions = Files.list(dir)) {
      for (Path version : versions.filter(Files::isDirectory).toList()) {
        try (Stream<Path> keys = Files.list(version)) {
          keys.filter(p -> Files.isDirectory(p) && !p.getFileName().toString().contains(".tmp-"))
              .forEach(entries::add);
        }
      }
    } catch (IOException e) {
      return; // nothing to evict from
    }
    Map<Path, Long> sizes = new HashMap<>();
    Map<Path, FileTime> used = new HashMap<>();
    for (Path entry : entries) {
      sizes.put(entry, Directories.size(entry));
      try {
        used.put(entry, Files.getLastModifiedTime(entry));
      } catch (IOException e) {
        used.put(entry, FileTime.fromMillis(0));
      }
    }
    long total = sizes.values().stream().mapToLong(Long::longValue).sum();
    entries.sort(Comparator.comparing(used::get));
    for (Path entry : entries) {
      if (total <= max) {
        return;
      }
      if (!entry.equals(keep)) {
        Directories.deleteRecursively(entry);
        total -= sizes.get(entry);
      }
    }
  }

  private void compileInto(Path entry, WassetteInstallation wassette, Component component) {
    Path staging = null;
    try {
      staging = Files.createTempDirectory(entry.getParent(), entry.getFileName() + ".tmp-");
      Path source = staging.resolve("source").resolve(component.id() + ".wasm");
      Files.createDirectories(source.getParent());
      Files.copy(component.wasm(), source);
      Path compiled = staging.resolve("compiled");
      ProcessBuilder pb =
          new ProcessBuilder(
                  wassette.binary().toString(),
                  "component",
                  "load",
                  "--component-dir",
                  compiled.toString(),
                  source.toUri().toString())
              .redirectErrorStream(true)
              .redirectOutput(staging.resolve("load.log").toFile());
      WassetteLauncher.isolate(pb.environment(), staging);
      Process process = ChildProcesses.start(pb);
      process.getOutputStream().close();
      if (!process.waitFor(COMPILE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        ChildProcesses.end(process, java.time.Duration.ZERO);
        throw new WassetteException(
            "wassette component load "
                + component.wasm()
                + " did not finish within "
                + COMPILE_TIMEOUT.toMinutes()
                + " min");
      }
      if (process.exitValue() != 0
          || !Files.isRegularFile(compiled.resolve(component.id() + ".cwasm"))) {
        String log = Files.readString(staging.resolve("load.log"), StandardCharsets.UTF_8);
        throw new WassetteException(
            "Wassette "
                + wassette.version()
                + " could not load component "
                + component.wasm()
                + " (exit "
                + process.exitValue()
                + "):\n"
                + log.lines().limit(12).reduce((a, b) -> a + "\n" + b).orElse(""));
      }
      try {
        Files.move(compiled, entry, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // another build compiled it at the same time: theirs is as good as ours
      } catch (AtomicMoveNotSupportedException e) {
        throw new IllegalStateException("cache staging and entry are on one file system", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not compile " + component.wasm() + " into " + entry, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WassetteException("interrupted while compiling " + component.wasm());
    } finally {
      if (staging != null) {
        Directories.deleteRecursively(staging);
      }
    }
  }

  /** Hex SHA-256 of a file. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
