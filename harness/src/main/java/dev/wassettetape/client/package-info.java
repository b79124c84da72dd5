/**
 * Our MCP client, as a test gets it: {@code McpClient} (tool calls, lists, raw requests, the
 * server's requests answered by handlers) and {@code ToolResult}, with the exceptions it throws.
 */
package dev.wassettetape.client;
