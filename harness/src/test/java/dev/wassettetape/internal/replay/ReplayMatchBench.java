package dev.wassettetape.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wassettetape.tape.Chapter;
import dev.wassettetape.tape.Handshake;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.Outcome;
import dev.wassettetape.tape.Provenance;
import dev.wassettetape.tape.Secrets;
import dev.wassettetape.tape.Tape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Replay matching: the hash index ({@link TapeIndex}) against the baseline a naive replayer would
 * use, a linear scan over the taped requests. Both load the tape (one key per taped request). Each
 * operation answers every request of a tape of N {@code tools/call}s, in shuffled order; divide by
 * N for the cost per request. Run: see README, "Benchmarks".
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplayMatchBench {

  @Param({"10", "1000", "10000"})
  public int interactions;

  private Tape tape;
  private List<JsonNode> requests;

  @Setup
  public void setUp() {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    List<Interaction> list = new ArrayList<>();
    requests = new ArrayList<>();
    for (int k = 0; k < interactions; k++) {
      ObjectNode params = nodes.objectNode().put("name", "get-weather");
      params
          .putObject("arguments")
          .put("city", "city-" + k)
          .put("units", k % 2 == 0 ? "metric" : "imperial");
      list.add(
          new Interaction(
              "tools/call",
              params,
              false,
              new Outcome(nodes.objectNode().put("ok", k), null),
              List.of(),
              1));
      requests.add(params);
    }
    Collections.shuffle(requests, new Random(42));
    tape =
        new Tape(
            "bench",
            new Provenance(
                Instant.EPOCH,
                "bench",
                nodes.objectNode().put("name", "bench"),
                List.of(),
                List.of()),
            new Handshake(nodes.objectNode(), null, List.of()),
            Map.of("bench", new Chapter(Instant.EPOCH, list)));
  }

  @Benchmark
  public int index() {
    TapeIndex index = new TapeIndex(tape, "bench", Secrets.NONE);
    int sum = 0;
    for (JsonNode params : requests) {
      sum += index.take(false, "tools/call", params).number();
    }
    return sum;
  }

  @Benchmark
  public int linearScanBaseline() {
    // loading the tape: one key per taped request, as the index does
    List<RequestKey> tapedKeys =
        tape.interactions().stream()
            .map(i -> RequestKey.of(false, "tools/call", i.params(), Secrets.NONE))
            .toList();
    BitSet used = new BitSet();
    int sum = 0;
    for (JsonNode params : requests) {
      RequestKey key = RequestKey.of(false, "tools/call", params, Secrets.NONE);
      for (int k = 0; k < tapedKeys.size(); k++) {
        if (!used.get(k) && tapedKeys.get(k).equals(key)) {
          used.set(k);
          sum += k;
          break;
        }
      }
    }
    return sum;
  }
}
