package dev.wassettetape.intercept;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Fault injection (built-in): what does the code under test do when a tool errs, times out or
 * answers garbage? Each fault is a rule — which requests (a tool or a method, an argument, the Nth
 * call) — and what happens to them. Works the same in every mode, live or replayed: the recorder
 * sits behind it, so a tape holds what the server said, and the same faults are injected again in
 * replay.
 *
 * <pre>{@code
 * Faults faults = Faults.inject(
 *     Faults.tool("get-weather").call(1).dropResponse(),                  // the client times out
 *     Faults.tool("get-weather").withArgument("city", "Oslo").error(-32603, "backend down"),
 *     Faults.method("resources/read").delay(Duration.ofMillis(300)),
 *     Faults.tool("get-weather").probability(0.2).isError("flaky"))       // seeded: see seed()
 *   .seed(42);
 * }</pre>
 *
 * <p>Calls are counted, and random choices drawn, per chapter (per test), so a test gets the same
 * faults whichever tests run with it and in whatever order. The first rule that matches a request
 * decides; a request no rule matches passes untouched. Thread-safe.
 */
public final class Faults implements Interceptor {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Fault> faults;
  private final long seed;
  private final Map<String, ChapterState> chapters = new ConcurrentHashMap<>();
  // a request's chapter and id -> what happens to its answer
  private final Map<String, Fault> awaiting = new ConcurrentHashMap<>();

  private Faults(List<Fault> faults, long seed) {
    this.faults = List.copyOf(faults);
    this.seed = seed;
  }

  /** Injects these faults (seed 0). */
  public static Faults inject(Fault... faults) {
    return new Faults(Arrays.asList(faults), 0);
  }

  /** The same faults with another seed for the random choices ({@link Rule#probability}). */
  public Faults seed(long seed) {
    return new Faults(faults, seed);
  }

  /** Requests that call this tool. */
  public static Rule tool(String name) {
    return new Rule("tools/call", Objects.requireNonNull(name), Map.of(), Set.of(), 0, 1.0, null);
  }

  /** Requests of this method (e.g. {@code resources/read}, {@code tools/list}). */
  public static Rule method(String method) {
    return new Rule(Objects.requireNonNull(method), null, Map.of(), Set.of(), 0, 1.0, null);
  }

  /** Which requests a fault applies to; its last call says what the fault is. Immutable. */
  public static final class Rule {
    private final String method;
    private final String tool; // null: any (or not a tool call)
    private final Map<String, JsonNode> arguments;
    private final Set<Integer> calls; // empty: every call
    private final int firstCalls; // 0: no limit
    private final double probability;
    private final String chapterGlob; // null: any chapter
    private final Pattern chapter; // compiled once

    private Rule(
        String method,
        String tool,
        Map<String, JsonNode> arguments,
        Set<Integer> calls,
        int firstCalls,
        double probability,
        String chapterGlob) {
      this.method = method;
      this.chapterGlob = chapterGlob;
      this.chapter = chapterGlob == null ? null : TokenStripper.glob(chapterGlob);
      this.tool = tool;
      this.arguments = arguments;
      this.calls = calls;
      this.firstCalls = firstCalls;
      this.probability = probability;
    }

    /**
     * Only in the chapters (tests) this names: a test's key in the tape (its method name), or a
     * glob such as {@code retries*}.
     */
    public Rule inChapter(String chapter) {
      return new Rule(
          method, tool, arguments, calls, firstCalls, probability, Objects.requireNonNull(chapter));
    }

    /** Only requests whose argument (for a tool call; else params field) has this value. */
    public Rule withArgument(String name, Object value) {
      Map<String, JsonNode> all = new LinkedHashMap<>(arguments);
      all.put(name, JSON.valueToTree(value));
      return new Rule(method, tool, all, calls, firstCalls, probability, chapterGlob);
    }

    /** Only the Nth matching calls of a chapter, counted from 1. */
    public Rule call(int... numbers) {
      Set<Integer> all = new TreeSet<>();
      for (int n : numbers) {
        if (n < 1) {
          throw new IllegalArgumentException("calls are counted from 1; got " + n);
        }
        all.add(n);
      }
      return new Rule(method, tool, arguments, all, firstCalls, probability, chapterGlob);
    }

    /** Only the first {@code n} matching calls of a chapter. */
    public Rule firstCalls(int n) {
      return new Rule(method, tool, arguments, calls, n, probability, chapterGlob);
    }

    /**
     * Only with this probability, drawn from a generator seeded by {@link Faults#seed} and the
     * chapter: the same calls every run.
     */
    public Rule probability(double p) {
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("a probability is between 0 and 1; got " + p);
      }
      return new Rule(method, tool, arguments, calls, firstCalls, p, chapterGlob);
    }

    /** Answers with this JSON-RPC error; the request never reaches the server. */
    public Fault error(int code, String message) {
      ObjectNode answer = JsonNodeFactory.instance.objectNode();
      answer.putObject("error").put("code", code).put("message", message);
      return new Fault(this, Fault.Kind.ANSWER, answer, Duration.ZERO, "error " + code);
    }

    /** Answers with a tool result that is an error ({@code isError: true}) saying {@code text}. */
    public Fault isError(String text) {
      ObjectNode answer = JsonNodeFactory.instance.objectNode();
      ObjectNode result = answer.putObject("result");
      result.putArray("content").addObject().put("type", "text").put("text", text);
      result.put("isError", true);
      return new Fault(this, Fault.Kind.ANSWER, answer, Duration.ZERO, "isError");
    }

    /** Delays the answer by {@code delay} (the server answers in time; the client hears late). */
    public Fault delay(Duration delay) {
      return new Fault(this, Fault.Kind.DELAY, null, delay, "delay " + delay.toMillis() + " ms");
    }

    /** Drops the answer: the request reaches the server, the client never hears back. */
    public Fault dropResponse() {
      return new Fault(this, Fault.Kind.DROP, null, Duration.ZERO, "dropped response");
    }

    /** Replaces the answer by its first half: a line that is not JSON. */
    public Fault malformed() {
      return new Fault(this, Fault.Kind.MALFORMED, null, Duration.ZERO, "malformed response");
    }

    /** Fails like a crashed server, for the client that sent the request ({@link Chain#crash}). */
    public Fault crash() {
      return new Fault(this, Fault.Kind.CRASH, null, Duration.ZERO, "crash");
    }

    boolean matches(Chain chain) {
      if (!method.equals(chain.method()) || tool != null && !chain.tool().orElse("").equals(tool)) {
        return false;
      }
      if (chapter != null && !chapter.matcher(chain.chapter().orElse("")).matches()) {
        return false;
      }
      JsonNode values = tool != null ? chain.arguments() : chain.message().path("params");
      for (Map.Entry<String, JsonNode> argument : arguments.entrySet()) {
        if (!argument.getValue().equals(values.get(argument.getKey()))) {
          return false;
        }
      }
      return true;
    }

    boolean selects(int call, Random random) {
      boolean chosen =
          (calls.isEmpty() || calls.contains(call)) && (firstCalls == 0 || call <= firstCalls);
      return probability >= 1.0 ? chosen : random.nextDouble() < probability && chosen;
    }

    @Override
    public String toString() {
      return (tool != null ? "tool " + tool : "method " + method)
          + (chapter == null ? "" : " in " + chapterGlob)
          + (arguments.isEmpty() ? "" : " with " + arguments)
          + (calls.isEmpty() ? "" : " call " + calls)
          + (firstCalls == 0 ? "" : " first " + firstCalls + " calls")
          + (probability >= 1.0 ? "" : " with probability " + probability);
    }
  }

  /** A rule and what it does. Immutable. */
  public static final class Fault {
    enum Kind {
      ANSWER,
      DELAY,
      DROP,
      MALFORMED,
      CRASH
    }

    private final Rule rule;
    private final Kind kind;
    private final ObjectNode answer;
    private final Duration delay;
    private final String description;

    private Fault(Rule rule, Kind kind, ObjectNode answer, Duration delay, String description) {
      this.rule = rule;
      this.kind = kind;
      this.answer = answer;
      this.delay = delay;
      this.description = description;
    }

    @Override
    public String toString() {
      return description + " on " + rule;
    }
  }

  /** Per chapter: how many requests each fault's rule has matched, and its random generator. */
  private final class ChapterState {
    final int[] matched = new int[faults.size()];
    final Random random;

    ChapterState(String chapter) {
      random = new Random(seed * 31 + chapter.hashCode());
    }
  }

  @Override
  public void intercept(Chain chain) {
    if (chain.kind() == Chain.Kind.REQUEST && chain.direction() == Direction.CLIENT_TO_SERVER) {
      onRequest(chain);
    } else if (chain.kind() == Chain.Kind.RESPONSE
        && chain.direction() == Direction.SERVER_TO_CLIENT) {
      onResponse(chain);
    } else {
      chain.proceed();
    }
  }

  private void onRequest(Chain chain) {
    Fault fault = null;
    ChapterState state = chapters.computeIfAbsent(chain.chapter().orElse(""), ChapterState::new);
    synchronized (state) {
      for (int k = 0; k < faults.size() && fault == null; k++) {
        Fault candidate = faults.get(k);
        if (candidate.rule.matches(chain)
            && candidate.rule.selects(++state.matched[k], state.random)) {
          fault = candidate;
        }
      }
    }
    if (fault == null) {
      chain.proceed();
      return;
    }
    switch (fault.kind) {
      case ANSWER -> chain.answer(fault.answer);
      case CRASH -> chain.crash("injected: " + fault);
      default -> {
        awaiting.put(key(chain, chain.message()), fault);
        chain.proceed();
      }
    }
  }

  private void onResponse(Chain chain) {
    ObjectNode message = chain.message();
    Fault fault = awaiting.remove(key(chain, message));
    if (fault == null) {
      chain.proceed();
      return;
    }
    switch (fault.kind) {
      case DELAY -> chain.proceedAfter(fault.delay);
      case DROP -> chain.drop();
      case MALFORMED -> {
        String text = message.toString();
        chain.sendMalformed(text.substring(0, text.length() / 2));
      }
      default -> chain.proceed();
    }
  }

  private static String key(Chain chain, ObjectNode message) {
    return chain.chapter().orElse("") + " " + message.path("id");
  }

  /** The faults, in the order they are tried. */
  public List<Fault> faults() {
    return new ArrayList<>(faults);
  }

  @Override
  public String toString() {
    return "Faults" + faults + (seed == 0 ? "" : " seed " + seed);
  }
}
