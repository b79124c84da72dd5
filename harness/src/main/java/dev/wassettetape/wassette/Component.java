package dev.wassettetape.wassette;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A WebAssembly component to run, with the policy it runs under.
 *
 * @param id the component id Wassette will use (it derives ids from file names)
 * @param wasm the component file
 * @param policy its policy YAML, or {@code null} for none (no permissions at all)
 */
public record Component(String id, Path wasm, Path policy) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  public Component {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(wasm, "wasm");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("component id '" + id + "' must match " + ID);
    }
    wasm = wasm.toAbsolutePath();
    policy = policy == null ? null : policy.toAbsolutePath();
  }

  /**
   * The component in {@code dir/name.wasm}, with {@code dir/name.policy.yaml} as its policy when
   * that file exists.
   */
  public static Component of(Path wasm) {
    String file = wasm.getFileName().toString();
    if (!file.endsWith(".wasm")) {
      throw new IllegalArgumentException(wasm + " is not a .wasm file");
    }
    String id = file.substring(0, file.length() - ".wasm".length());
    Path policy = wasm.resolveSibling(id + ".policy.yaml");
    return new Component(id, wasm, Files.exists(policy) ? policy : null);
  }

  /** The same component under another policy file. */
  public Component withPolicy(Path policy) {
    return new Component(id, wasm, policy);
  }

  /** The same component under another id. */
  public Component withId(String id) {
    return new Component(id, wasm, policy);
  }
}
