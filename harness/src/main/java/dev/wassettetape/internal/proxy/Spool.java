package dev.wassettetape.internal.proxy;

import dev.wassettetape.internal.jsonrpc.Json;
import dev.wassettetape.tape.Interaction;
import dev.wassettetape.tape.TapeFile;
import dev.wassettetape.tape.TapeWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Interactions a recording will not change any more, on disk rather than on the heap, so that a
 * session records in the same memory however long it runs. Each is kept as the tape writes it; the
 * file is unlinked as soon as it is open (nothing is left behind, even by a crash) and its space is
 * freed when the recorder is closed. One thread writes; any may read what a handle points to.
 */
final class Spool implements AutoCloseable {

  /** Where one interaction is in the file. */
  record Handle(long offset, int length) {}

  private volatile FileChannel file;
  private volatile Path path;
  private long end; // the writer's

  /** Appends interactions, in one write; their handles, in the same order. */
  List<Handle> write(List<Interaction> interactions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Handle> handles = new ArrayList<>();
    for (Interaction i : interactions) {
      byte[] one = Json.text(TapeWriter.interaction(i)).getBytes(StandardCharsets.UTF_8);
      handles.add(new Handle(end + bytes.size(), one.length));
      bytes.writeBytes(one);
    }
    try {
      FileChannel channel = open();
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer, end + buffer.position());
      }
      end += bytes.size();
      return handles;
    } catch (IOException e) {
      throw new UncheckedIOException("could not spool recorded interactions to " + path, e);
    }
  }

  Interaction read(Handle handle) {
    ByteBuffer buffer = ByteBuffer.allocate(handle.length());
    try {
      while (buffer.hasRemaining()) {
        if (file.read(buffer, handle.offset() + buffer.position()) < 0) {
          throw new IOException("the spool ended early");
        }
      }
      return TapeFile.interaction(path, buffer.array());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read a recorded interaction back from " + path, e);
    }
  }

  private FileChannel open() throws IOException {
    if (file == null) {
      path = Files.createTempFile("wassette-tape-recording", ".spool");
      file =
          FileChannel.open(
              path,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE,
              StandardOpenOption.DELETE_ON_CLOSE);
      try {
        Files.delete(path); // POSIX: the open file lives on, nameless
      } catch (IOException stillOpenElsewhere) {
        // e.g. Windows: deleted on close instead
      }
    }
    return file;
  }

  @Override
  public void close() {
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // it was unlinked already
      }
    }
  }
}
