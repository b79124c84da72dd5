package dev.wassettetape.cli;

import dev.wassettetape.transport.LineReader;
import dev.wassettetape.transport.StreamTransport;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;

/** Our own stdin/stdout as the MCP channel to an outside client; everything else goes to stderr. */
final class Stdio {

  private Stdio() {}

  static StreamTransport clientTransport() {
    // Keep stray prints off the MCP channel: System.out now writes to stderr.
    FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    return new StreamTransport(
        new FileInputStream(FileDescriptor.in),
        stdout,
        "client (stdio)",
        LineReader.DEFAULT_MAX_LINE_BYTES,
        () -> "the MCP client on stdio");
  }
}
