package dev.wassettetape.it;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The server the MCP conformance suite's server scenarios expect ({@code test_simple_text}, {@code
 * test://static-text}, {@code test_simple_prompt}, …), written with the official MCP Java SDK's
 * server side and its Streamable HTTP servlet, on 127.0.0.1 (Jetty): a Streamable HTTP server that
 * is not ours, for {@link ConformanceIT} to run the suite against directly, through the recording
 * proxy and from the replay. The fixtures are as the suite's scenario descriptions specify them; no
 * package on npm or PyPI ships such a server.
 */
final class ConformanceFixtureServer implements AutoCloseable {

  /** A 1×1 red PNG. */
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

  /** A minimal WAV file (44-byte header, no samples). */
  static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";

  private final Server jetty;
  private final McpSyncServer mcp;
  private final URI url;

  private final List<Map<String, String>> headersSeen;

  private ConformanceFixtureServer(
      Server jetty, McpSyncServer mcp, URI url, List<Map<String, String>> headersSeen) {
    this.headersSeen = headersSeen;
    this.jetty = jetty;
    this.mcp = mcp;
    this.url = url;
  }

  /** Starts it on a free loopback port. */
  static ConformanceFixtureServer start() throws Exception {
    int port; // the SDK checks Host and Origin with their port: know it before building
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    McpJsonMapper json = McpJsonDefaults.getMapper();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder()
            .jsonMapper(json)
            .mcpEndpoint("/mcp")
            .securityValidator(
                DefaultServerTransportSecurityValidator.builder()
                    .allowedHosts(List.of("localhost:" + port, "127.0.0.1:" + port))
                    .allowedOrigins(List.of("http://localhost:" + port, "http://127.0.0.1:" + port))
                    .build())
            .build();
    McpSyncServer mcp =
        McpServer.sync(transport)
            .serverInfo("conformance-fixtures", "1.0.0")
            .jsonMapper(json)
            .capabilities(
                McpSchema.ServerCapabilities.builder()
                    .tools(true)
                    .resources(true, false)
                    .prompts(true)
                    .logging()
                    .completions()
                    .build())
            .tools(tools(json))
            .resources(resources())
            .resourceTemplates(templates())
            .prompts(prompts())
            .completions(completions())
            .build();
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(transport), "/*");
    List<Map<String, String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    jetty.setHandler(
        new org.eclipse.jetty.server.Handler.Wrapper(context) {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request,
              org.eclipse.jetty.server.Response response,
              org.eclipse.jetty.util.Callback callback)
              throws Exception {
            Map<String, String> headers = new java.util.TreeMap<>();
            request
                .getHeaders()
                .forEach(
                    f -> headers.merge(f.getLowerCaseName(), f.getValue(), (a, b) -> a + ", " + b));
            seen.add(headers);
            return super.handle(request, response, callback);
          }
        });
    jetty.start();
    return new ConformanceFixtureServer(
        jetty, mcp, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp"), seen);
  }

  URI url() {
    return url;
  }

  /** The headers of every HTTP request it received, names in lower case: what it saw. */
  List<Map<String, String>> headersSeen() {
    return List.copyOf(headersSeen);
  }

  @Override
  public void close() throws Exception {
    mcp.closeGracefully();
    jetty.stop();
  }

  private static SyncToolSpecification tool(
      McpJsonMapper json,
      String name,
      String inputSchema,
      BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, CallToolResult> handler) {
    return SyncToolSpecification.builder()
        .tool(
            McpSchema.Tool.builder()
                .name(name)
                .description("conformance fixture " + name)
                .inputSchema(json, inputSchema)
                .build())
        .callHandler(handler)
        .build();
  }

  private static CallToolResult result(Content... content) {
    return CallToolResult.builder().content(List.of(content)).build();
  }

  private static TextContent text(String text) {
    return new TextContent(text);
  }

  private static List<SyncToolSpecification> tools(McpJsonMapper json) {
    String none = "{\"type\":\"object\",\"properties\":{}}";
    return List.of(
        tool(
            json,
            "test_simple_text",
            none,
            (x, r) -> result(text("This is a simple text response for testing."))),
        tool(
            json,
            "test_image_content",
            none,
            (x, r) -> result(new McpSchema.ImageContent(null, PNG, "image/png"))),
        tool(
            json,
            "test_audio_content",
            none,
            (x, r) -> result(new McpSchema.AudioContent(null, WAV, "audio/wav"))),
        tool(
            json,
            "test_embedded_resource",
            none,
            (x, r) ->
                result(
                    new McpSchema.EmbeddedResource(
                        null,
                        new McpSchema.TextResourceContents(
                            "test://embedded-resource",
                            "text/plain",
                            "This is an embedded resource content.")))),
        tool(
            json,
            "test_multiple_content_types",
            none,
            (x, r) ->
                result(
                    text("Multiple content types test:"),
                    new McpSchema.ImageContent(null, PNG, "image/png"),
                    new McpSchema.EmbeddedResource(
                        null,
                        new McpSchema.TextResourceContents(
                            "test://mixed-content-resource",
                            "application/json",
                            "{\"test\":\"data\",\"value\":123}")))),
        tool(
            json,
            "test_tool_with_logging",
            none,
            (x, r) -> {
              for (String message :
                  List.of(
                      "Tool execution started",
                      "Tool processing data",
                      "Tool execution completed")) {
                x.loggingNotification(
                    McpSchema.LoggingMessageNotification.builder()
                        .level(McpSchema.LoggingLevel.INFO)
                        .data(message)
                        .build());
                pause(50);
              }
              return result(text("Tool with logging executed successfully"));
            }),
        tool(
            json,
            "test_error_handling",
            none,
            (x, r) ->
                CallToolResult.builder()
                    .content(List.of(text("This tool intentionally returns an error for testing")))
                    .isError(true)
                    .build()),
        tool(
            json,
            "test_tool_with_progress",
            none,
            (x, r) -> {
              Object token = r.meta() == null ? null : r.meta().get("progressToken");
              for (double progress : new double[] {0, 50, 100}) {
                if (token != null) {
                  x.progressNotification(
                      new McpSchema.ProgressNotification(token, progress, 100.0, null));
                }
                pause(50);
              }
              return result(text("Tool with progress executed successfully"));
            }),
        tool(
            json,
            "test_sampling",
            "{\"type\":\"object\",\"properties\":{\"prompt\":{\"type\":\"string\"}},\"required\":[\"prompt\"]}",
            (x, r) -> {
              McpSchema.CreateMessageResult answer =
                  x.createMessage(
                      McpSchema.CreateMessageRequest.builder()
                          .messages(
                              List.of(
                                  new McpSchema.SamplingMessage(
                                      Role.USER,
                                      text(String.valueOf(r.arguments().get("prompt"))))))
                          .maxTokens(100)
                          .build());
              String said =
                  answer.content() instanceof TextContent t
                      ? t.text()
                      : String.valueOf(answer.content());
              return result(text("LLM response: " + said));
            }),
        tool(
            json,
            "test_elicitation",
            "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}",
            (x, r) ->
                elicited(
                    x,
                    String.valueOf(r.arguments().get("message")),
                    Map.of(
                        "type", "object",
                        "properties",
                            Map.of(
                                "username",
                                    Map.of("type", "string", "description", "User's response"),
                                "email",
                                    Map.of(
                                        "type", "string", "description", "User's email address")),
                        "required", List.of("username", "email")),
                    "User response: ")),
        tool(
            json,
            "test_elicitation_sep1034_defaults",
            none,
            (x, r) ->
                elicited(
                    x,
                    "Please review and update the form fields with defaults",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of(
                            "name", Map.of("type", "string", "default", "John Doe"),
                            "age", Map.of("type", "integer", "default", 30),
                            "score", Map.of("type", "number", "default", 95.5),
                            "status",
                                Map.of(
                                    "type", "string",
                                    "enum", List.of("active", "inactive", "pending"),
                                    "default", "active"),
                            "verified", Map.of("type", "boolean", "default", true))),
                    "Elicitation completed: ")),
        tool(
            json,
            "test_elicitation_sep1330_enums",
            none,
            (x, r) ->
                elicited(
                    x,
                    "Choose options",
                    Map.of(
                        "type",
                        "object",
                        "properties",
                        Map.of(
                            "untitledSingle",
                                Map.of(
                                    "type",
                                    "string",
                                    "enum",
                                    List.of("option1", "option2", "option3")),
                            "titledSingle",
                                Map.of(
                                    "type",
                                    "string",
                                    "oneOf",
                                    List.of(
                                        Map.of("const", "value1", "title", "First Option"),
                                        Map.of("const", "value2", "title", "Second Option"))),
                            "legacyEnum",
                                Map.of(
                                    "type", "string",
                                    "enum", List.of("opt1", "opt2", "opt3"),
                                    "enumNames",
                                        List.of("Option One", "Option Two", "Option Three")),
                            "untitledMulti",
                                Map.of(
                                    "type",
                                    "array",
                                    "items",
                                    Map.of(
                                        "type",
                                        "string",
                                        "enum",
                                        List.of("option1", "option2", "option3"))),
                            "titledMulti",
                                Map.of(
                                    "type",
                                    "array",
                                    "items",
                                    Map.of(
                                        "anyOf",
                                        List.of(
                                            Map.of("const", "value1", "title", "First Choice"),
                                            Map.of(
                                                "const", "value2", "title", "Second Choice")))))),
                    "Elicitation completed: ")),
        tool(
            json,
            "json_schema_2020_12_tool",
            "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"$defs\":{\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
                + "\"city\":{\"type\":\"string\"}}}},\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"address\":{\"$ref\":\"#/$defs/address\"}},\"additionalProperties\":false}",
            (x, r) -> result(text("ok"))));
  }

  private static CallToolResult elicited(
      McpSyncServerExchange exchange, String message, Map<String, Object> schema, String prefix) {
    McpSchema.ElicitResult answer =
        exchange.createElicitation(McpSchema.ElicitRequest.builder(message, schema).build());
    return result(text(prefix + "action=" + answer.action() + ", content=" + answer.content()));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<SyncResourceSpecification> resources() {
    return List.of(
        resource(
            "test://static-text",
            "text/plain",
            r ->
                new McpSchema.TextResourceContents(
                    r, "text/plain", "This is the content of the static text resource.")),
        resource(
            "test://static-binary",
            "image/png",
            r -> new McpSchema.BlobResourceContents(r, "image/png", PNG)),
        resource(
            "test://watched-resource",
            "text/plain",
            r -> new McpSchema.TextResourceContents(r, "text/plain", "Watched resource content")));
  }

  private static SyncResourceSpecification resource(
      String uri,
      String mimeType,
      java.util.function.Function<String, McpSchema.ResourceContents> contents) {
    return new SyncResourceSpecification(
        McpSchema.Resource.builder()
            .uri(uri)
            .name(uri.substring("test://".length()))
            .description("conformance fixture " + uri)
            .mimeType(mimeType)
            .build(),
        (x, r) -> new McpSchema.ReadResourceResult(List.of(contents.apply(r.uri()))));
  }

  private static List<SyncResourceTemplateSpecification> templates() {
    return List.of(
        new SyncResourceTemplateSpecification(
            McpSchema.ResourceTemplate.builder("test://template/{id}/data", "template")
                .description("conformance fixture template")
                .mimeType("application/json")
                .build(),
            (x, r) -> {
              String id = r.uri().replaceAll("^test://template/([^/]+)/data$", "$1");
              return new McpSchema.ReadResourceResult(
                  List.of(
                      new McpSchema.TextResourceContents(
                          r.uri(),
                          "application/json",
                          "{\"id\":\""
                              + id
                              + "\",\"templateTest\":true,\"data\":\"Data for ID: "
                              + id
                              + "\"}")));
            }));
  }

  private static List<SyncPromptSpecification> prompts() {
    return List.of(
        prompt(
            "test_simple_prompt",
            List.of(),
            a ->
                List.of(
                    new McpSchema.PromptMessage(
                        Role.USER, text("This is a simple prompt for testing.")))),
        prompt(
            "test_prompt_with_arguments",
            List.of("arg1", "arg2"),
            a ->
                List.of(
                    new McpSchema.PromptMessage(
                        Role.USER,
                        text(
                            "Prompt with arguments: arg1='"
                                + a.get("arg1")
                                + "', arg2='"
                                + a.get("arg2")
                                + "'")))),
        prompt(
            "test_prompt_with_embedded_resource",
            List.of("resourceUri"),
            a ->
                List.of(
                    new McpSchema.PromptMessage(
                        Role.USER,
                        new McpSchema.EmbeddedResource(
                            null,
                            new McpSchema.TextResourceContents(
                                String.valueOf(a.get("resourceUri")),
                                "text/plain",
                                "Embedded resource content for testing."))),
                    new McpSchema.PromptMessage(
                        Role.USER, text("Please process the embedded resource above.")))),
        prompt(
            "test_prompt_with_image",
            List.of(),
            a ->
                List.of(
                    new McpSchema.PromptMessage(
                        Role.USER, new McpSchema.ImageContent(null, PNG, "image/png")),
                    new McpSchema.PromptMessage(
                        Role.USER, text("Please analyze the image above.")))));
  }

  private static SyncPromptSpecification prompt(
      String name,
      List<String> arguments,
      java.util.function.Function<Map<String, Object>, List<McpSchema.PromptMessage>> messages) {
    return new SyncPromptSpecification(
        new McpSchema.Prompt(
            name,
            "conformance fixture " + name,
            arguments.stream()
                .map(a -> new McpSchema.PromptArgument(a, "argument " + a, true))
                .toList()),
        (x, r) ->
            new McpSchema.GetPromptResult(
                null, messages.apply(r.arguments() == null ? Map.of() : r.arguments())));
  }

  private static List<SyncCompletionSpecification> completions() {
    return List.of(
        new SyncCompletionSpecification(
            new McpSchema.PromptReference("test_prompt_with_arguments"),
            (x, r) ->
                new McpSchema.CompleteResult(
                    new McpSchema.CompleteResult.CompleteCompletion(
                        List.of("paris", "park", "party").stream()
                            .filter(v -> v.startsWith(r.argument().value()))
                            .toList(),
                        3,
                        false))));
  }
}
