package dev.wassettetape.junit;

import io.modelcontextprotocol.client.McpClient;

/**
 * How the official MCP Java SDK client a test takes ({@code McpSyncClient} or {@code
 * McpAsyncClient}) is built before it connects: its roots, sampling and elicitation handlers, its
 * capabilities, its consumers. Register one with {@link
 * WassetteTapeExtension.Builder#sdkClient(SdkClientSpec)}; the SDK ({@code
 * io.modelcontextprotocol.sdk:mcp-core} and a JSON module) need only be on the test class path of
 * tests that use it.
 *
 * <pre>{@code
 * WassetteTapeExtension.builder()
 *     .component(weatherWasm)
 *     .sdkClient(new SdkClientSpec() {
 *       public McpClient.SyncSpec sync(McpClient.SyncSpec spec) {
 *         return spec.roots(new McpSchema.Root("file:///work", "work"));
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface SdkClientSpec {

  /** Adds to the spec of a test's {@code McpSyncClient}; returns it. */
  default McpClient.SyncSpec sync(McpClient.SyncSpec spec) {
    return spec;
  }

  /** Adds to the spec of a test's {@code McpAsyncClient}; returns it. */
  default McpClient.AsyncSpec async(McpClient.AsyncSpec spec) {
    return spec;
  }
}
