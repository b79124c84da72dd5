package dev.wassettetape.internal.transport;

import java.io.InputStream;
import java.util.function.IntSupplier;

/** Bytes handed out in reads of the sizes a supplier chooses, as pipes do. For framing tests. */
public final class ChoppedInput extends InputStream {

  private final byte[] bytes;
  private final IntSupplier chunk;
  private int pos;

  /**
   * @param chunk the size of each read (at least 1)
   */
  public ChoppedInput(byte[] bytes, IntSupplier chunk) {
    this.bytes = bytes;
    this.chunk = chunk;
  }

  @Override
  public int read() {
    return pos < bytes.length ? bytes[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (pos >= bytes.length) {
      return -1;
    }
    int n = Math.min(Math.min(len, Math.max(1, chunk.getAsInt())), bytes.length - pos);
    System.arraycopy(bytes, pos, b, off, n);
    pos += n;
    return n;
  }
}
