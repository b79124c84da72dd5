package dev.wassettetape.tape;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The published JSON Schema of tapes, for tests that validate tapes against it. */
public final class TapeSchema {

  private static final Schema SCHEMA = load();

  private TapeSchema() {}

  private static Schema load() {
    try (InputStream in = TapeFile.class.getResourceAsStream("tape.schema.json")) {
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema violations of a tape's JSON text, as readable lines; empty when valid. */
  public static List<String> violations(String tapeText) {
    try {
      return SCHEMA.validate(tapeText, InputFormat.JSON).stream()
          .map(Error::toString)
          .sorted()
          .toList();
    } catch (RuntimeException notJson) {
      return List.of("not JSON: " + notJson.getMessage());
    }
  }
}
