package dev.wassettetape.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wassettetape.internal.jsonrpc.Request;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<Frame> readAll(InputStream in, int max) throws IOException {
    MessageReader reader = new MessageReader(in, max);
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = reader.next()) != null; ) {
      frames.add(f);
    }
    return frames;
  }

  private static List<Frame> readAll(String text) throws IOException {
    return readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1024);
  }

  @Test
  void aMalformedLineIsReportedAndReadingGoesOn() throws IOException {
    List<Frame> frames =
        readAll("console.log output\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n");

    assertThat(frames).hasSize(2);
    assertThat(((Frame.Problem) frames.get(0)).problem().kind())
        .isEqualTo(ProtocolProblem.Kind.NOT_JSON);
    assertThat(((Frame.Problem) frames.get(0)).problem().excerpt()).isEqualTo("console.log output");
    assertThat(((Request) ((Frame.Message) frames.get(1)).message()).method()).isEqualTo("ping");
  }

  @Test
  void jsonThatIsNotJsonRpcIsReportedAsSuch() throws IOException {
    List<Frame> frames = readAll("{\"hello\":1}\n[1,2]\n");

    assertThat(frames)
        .extracting(f -> ((Frame.Problem) f).problem().kind())
        .containsExactly(ProtocolProblem.Kind.NOT_JSON_RPC, ProtocolProblem.Kind.NOT_JSON_RPC);
  }

  @Test
  void anOversizeLineIsSkippedWithAProblemAndTheNextLineStillArrives() throws IOException {
    String big = "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"" + "a".repeat(5000) + "\"}";
    List<Frame> frames =
        readAll(
            new ByteArrayInputStream(
                (big + "\n{\"jsonrpc\":\"2.0\",\"method\":\"y\"}\n")
                    .getBytes(StandardCharsets.UTF_8)),
            1024);

    assertThat(frames).hasSize(2);
    ProtocolProblem problem = ((Frame.Problem) frames.get(0)).problem();
    assertThat(problem.kind()).isEqualTo(ProtocolProblem.Kind.OVERSIZE_LINE);
    assertThat(problem.detail())
        .isEqualTo("line of " + big.length() + " bytes exceeds the maximum of 1024");
    assertThat(problem.excerpt()).startsWith("{\"jsonrpc\":\"2.0\"").hasSizeLessThan(260);
    assertThat(frames.get(1)).isInstanceOf(Frame.Message.class);
  }

  @Test
  void multiByteCharactersSplitAcrossReadsAreDecoded() throws IOException {
    String line =
        "{\"jsonrpc\":\"2.0\",\"method\":\"note\",\"params\":{\"t\":\"7.5 °C, 東京, 🌧\"}}\n";
    List<Frame> frames =
        readAll(new ChoppedInput(line.getBytes(StandardCharsets.UTF_8), () -> 1), 1024);

    assertThat(frames).hasSize(1);
    assertThat(
            ((Frame.Message) frames.get(0)).message().jsonView().path("params").path("t").asText())
        .isEqualTo("7.5 °C, 東京, 🌧");
  }

  @Test
  void crlfEndingsAndEmptyLinesAreAccepted() throws IOException {
    List<Frame> frames =
        readAll(
            "\r\n\n{\"jsonrpc\":\"2.0\",\"method\":\"a\"}\r\n\n\n{\"jsonrpc\":\"2.0\",\"method\":\"b\"}\r\n");

    assertThat(frames).hasSize(2).allMatch(f -> f instanceof Frame.Message);
  }

  @Test
  void invalidUtf8IsReported() throws IOException {
    byte[] bytes = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    List<Frame> frames = readAll(new ByteArrayInputStream(bytes), 1024);

    assertThat(frames).hasSize(1);
    assertThat(((Frame.Problem) frames.get(0)).problem().kind())
        .isEqualTo(ProtocolProblem.Kind.INVALID_UTF8);
  }

  @Test
  void aRealReplacementCharacterIsNoInvalidUtf8() throws IOException {
    List<Frame> frames = readAll("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo \uFFFD\"}\n");

    assertThat(frames).hasSize(1);
    assertThat(((Request) ((Frame.Message) frames.get(0)).message()).method())
        .isEqualTo("echo \uFFFD");
  }

  @Test
  void aLastLineWithoutNewlineIsStillRead() throws IOException {
    List<Frame> frames = readAll("{\"jsonrpc\":\"2.0\",\"method\":\"last\"}");

    assertThat(frames).hasSize(1).first().isInstanceOf(Frame.Message.class);
  }

  @Test
  void anOversizeLastLineWithoutNewlineIsReported() throws IOException {
    List<Frame> frames =
        readAll(new ByteArrayInputStream("x".repeat(3000).getBytes(StandardCharsets.UTF_8)), 1024);

    assertThat(frames).hasSize(1);
    assertThat(((Frame.Problem) frames.get(0)).problem().kind())
        .isEqualTo(ProtocolProblem.Kind.OVERSIZE_LINE);
  }
}
