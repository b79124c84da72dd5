/**
 * The live MCP servers a session can record or verify: {@code WassetteServer} (components under
 * Wassette), {@code CommandServer} (any stdio server), {@code UrlServer} (a Streamable HTTP
 * server), behind {@code LiveServer}.
 */
package dev.wassettetape.server;
