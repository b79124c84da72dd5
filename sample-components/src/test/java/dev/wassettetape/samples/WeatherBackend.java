package dev.wassettetape.samples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The weather component's backend: a real HTTP server on 127.0.0.1 with a small fixed dataset.
 * {@code GET /weather?city=X} with {@code Authorization: Bearer <key>} answers {@code
 * {"city":..,"temperatureC":..,"conditions":..}}; a wrong key gets 401, an unknown city 404.
 */
public final class WeatherBackend implements AutoCloseable {

  /** The key tests give the component. Obviously fake, and never in a tape. */
  public static final String API_KEY = "test-key-6f1d2c9a8b7e4f30";

  private final Map<String, String> dataset;
  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private WeatherBackend(Map<String, String> dataset) {
    this.dataset = Map.copyOf(dataset);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the weather backend", e);
    }
    server.createContext("/weather", this::handle);
    server.start();
  }

  /** The standard dataset: Oslo, Lisbon, Tokyo. */
  public static WeatherBackend start() {
    return start(
        Map.of(
            "Oslo", "{\"city\":\"Oslo\",\"temperatureC\":7.5,\"conditions\":\"light rain\"}",
            "Lisbon", "{\"city\":\"Lisbon\",\"temperatureC\":18,\"conditions\":\"clear sky\"}",
            "Tokyo", "{\"city\":\"Tokyo\",\"temperatureC\":12.3,\"conditions\":\"overcast\"}"));
  }

  /** A backend answering with the given JSON bodies per city. */
  public static WeatherBackend start(Map<String, String> dataset) {
    return new WeatherBackend(dataset);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String query = exchange.getRequestURI().getRawQuery();
      String city =
          query != null && query.startsWith("city=")
              ? URLDecoder.decode(query.substring(5), StandardCharsets.UTF_8)
              : "";
      String body = dataset.get(city);
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests reached the backend. */
  public int requestCount() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
