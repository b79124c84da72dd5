package dev.wassettetape.tape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The published JSON Schema of tapes, for tests that validate tapes against it. */
public final class TapeSchema {

  private static final JsonSchema SCHEMA = load();

  private TapeSchema() {}

  private static JsonSchema load() {
    try (InputStream in = TapeFile.class.getResourceAsStream("tape.schema.json")) {
      JsonNode schema = new ObjectMapper().readTree(in);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema violations of a tape's JSON text, as readable lines; empty when valid. */
  public static List<String> violations(String tapeText) {
    try {
      JsonNode node = new ObjectMapper().readTree(tapeText);
      return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }
}
