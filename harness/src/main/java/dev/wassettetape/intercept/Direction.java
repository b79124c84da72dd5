package dev.wassettetape.intercept;

/** Which way a message travels through the proxy. */
public enum Direction {
  /** From the MCP client to the server (the live one, or the tape's replayer). */
  CLIENT_TO_SERVER,
  /** From the server to the MCP client. */
  SERVER_TO_CLIENT;
}
