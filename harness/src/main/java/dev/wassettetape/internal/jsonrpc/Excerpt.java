package dev.wassettetape.internal.jsonrpc;

/** Shortens text for error messages, so that one bad 10 MB line does not flood a log. */
public final class Excerpt {

  /** How many characters of offending text an error message shows. */
  public static final int MAX_CHARS = 200;

  private Excerpt() {}

  public static String of(String text) {
    if (text == null) {
      return "<none>";
    }
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() <= MAX_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_CHARS) + "… (" + text.length() + " chars)";
  }
}
