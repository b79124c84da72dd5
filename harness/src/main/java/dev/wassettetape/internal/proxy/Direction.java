package dev.wassettetape.internal.proxy;

/** Which way a message travels through the proxy. */
public enum Direction {
  /** From the MCP client to the server. */
  CLIENT_TO_SERVER,
  /** From the server to the MCP client. */
  SERVER_TO_CLIENT;
}
