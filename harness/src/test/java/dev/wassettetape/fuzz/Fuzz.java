package dev.wassettetape.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A small, deterministic mutation fuzzer for property tests: inputs are a committed seed corpus
 * ({@code src/test/resources/fuzz/<name>/}) and mutations of it drawn from fixed seeds, so every
 * run checks the same cases and a failure names the seed and case that reproduce it (the input is
 * also written to {@code target/fuzz-failures/}, ready to be added to the corpus). More cases:
 * {@code -Dfuzz.cases=100000}; other ones: {@code -Dfuzz.seed=N}.
 */
public final class Fuzz {

  /** Cases per property; the default keeps the unit tests fast. */
  public static final int CASES = Integer.getInteger("fuzz.cases", 3000);

  /** The first seed; case {@code i} uses seed {@code SEED + i}. */
  public static final long SEED = Long.getLong("fuzz.seed", 20261125L);

  /** Bytes that matter to the parsers under test. */
  private static final byte[] INTERESTING = {
    '\n',
    '\r',
    '{',
    '}',
    '[',
    ']',
    '"',
    '\\',
    ':',
    ',',
    '0',
    '-',
    'e',
    'u',
    ' ',
    0,
    (byte) 0x7f,
    (byte) 0x80,
    (byte) 0xbf,
    (byte) 0xc3,
    (byte) 0xe2,
    (byte) 0xf0,
    (byte) 0xff
  };

  private static final String[] TOKENS = {
    "null",
    "true",
    "\"2.0\"",
    "\"jsonrpc\"",
    "\"id\"",
    "\"method\"",
    "\"params\"",
    "\"result\"",
    "\"error\"",
    "1e999999",
    "-0",
    "99999999999999999999999",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "[]",
    "{}",
    "\"format\"",
    "\"chapters\"",
    "\"interactions\"",
    "\"wassette-tape/2\"",
    "\"wassette-tape/99\"",
    "[".repeat(2000),
    "{\"a\":".repeat(1500)
  };

  private Fuzz() {}

  /** What a property checks of one input; throws to fail. */
  @FunctionalInterface
  public interface Property {
    void check(byte[] input, Random random) throws Exception;
  }

  /** The seed corpus of a target, sorted by name. */
  public static List<byte[]> corpus(String name) {
    Path dir = Path.of("src/test/resources/fuzz", name);
    try (Stream<Path> files = Files.list(dir)) {
      List<byte[]> seeds = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        seeds.add(Files.readAllBytes(f));
      }
      if (seeds.isEmpty()) {
        throw new IllegalStateException("no seed corpus in " + dir);
      }
      return seeds;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the seed corpus " + dir, e);
    }
  }

  /**
   * Checks the property on every seed as it is, then on {@link #CASES} mutations of them.
   *
   * @throws AssertionError naming the seed and case that failed
   */
  public static void check(String name, List<byte[]> corpus, Property property) {
    for (int i = 0; i < corpus.size(); i++) {
      run(name, "corpus entry " + i, corpus.get(i), new Random(SEED), property);
    }
    for (int i = 0; i < CASES; i++) {
      Random random = new Random(SEED + i);
      byte[] input = mutate(corpus, random);
      run(
          name,
          "case " + i + " (-Dfuzz.seed=" + (SEED + i) + " -Dfuzz.cases=1)",
          input,
          random,
          property);
    }
  }

  private static void run(String name, String which, byte[] input, Random random, Property p) {
    try {
      p.check(input, random);
    } catch (Throwable t) {
      String id = which.replaceAll(" \\(.*", "").replaceAll("[^A-Za-z0-9]+", "-");
      Path saved = Path.of("target/fuzz-failures", name + "-" + id + ".bin");
      try {
        Files.createDirectories(saved.getParent());
        Files.write(saved, input);
      } catch (IOException ignored) {
        // the message still says how to reproduce it
      }
      throw new AssertionError(
          name + " failed on " + which + ", input saved as " + saved + ": " + t, t);
    }
  }

  /** A mutation of one or two corpus entries: one to four edits. */
  static byte[] mutate(List<byte[]> corpus, Random random) {
    byte[] data = corpus.get(random.nextInt(corpus.size())).clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      data = edit(data, corpus, random);
    }
    return data;
  }

  private static byte[] edit(byte[] data, List<byte[]> corpus, Random random) {
    int at = data.length == 0 ? 0 : random.nextInt(data.length + 1);
    switch (random.nextInt(8)) {
      case 0 -> { // flip a bit
        if (data.length > 0) {
          data[Math.min(at, data.length - 1)] ^= (byte) (1 << random.nextInt(8));
        }
        return data;
      }
      case 1 -> { // an interesting byte
        return insert(data, at, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
      }
      case 2 -> { // a token
        return insert(
            data, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
      }
      case 3 -> { // delete a range
        int len = Math.min(data.length - Math.min(at, data.length), 1 + random.nextInt(64));
        byte[] out = new byte[data.length - len];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(data, at + len, out, at, data.length - at - len);
        return out;
      }
      case 4 -> { // duplicate a range
        int len = Math.min(data.length - Math.min(at, data.length), 1 + random.nextInt(256));
        return insert(data, at, Arrays.copyOfRange(data, at, at + len));
      }
      case 5 -> { // truncate
        return Arrays.copyOf(data, at);
      }
      case 6 -> { // splice in part of another entry
        byte[] other = corpus.get(random.nextInt(corpus.size()));
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        int len = Math.min(other.length - from, 1 + random.nextInt(512));
        return insert(data, at, Arrays.copyOfRange(other, from, from + len));
      }
      default -> { // a long run of one byte
        byte[] run = new byte[1 + random.nextInt(4096)];
        Arrays.fill(run, INTERESTING[random.nextInt(INTERESTING.length)]);
        return insert(data, at, run);
      }
    }
  }

  private static byte[] insert(byte[] data, int at, byte[] more) {
    byte[] out = new byte[data.length + more.length];
    System.arraycopy(data, 0, out, 0, at);
    System.arraycopy(more, 0, out, at, more.length);
    System.arraycopy(data, at, out, at + more.length, data.length - at);
    return out;
  }
}
