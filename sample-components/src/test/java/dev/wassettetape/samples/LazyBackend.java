package dev.wassettetape.samples;

/**
 * A {@link WeatherBackend} started on first use: tests hand its URL to the live component through a
 * supplier, so it runs only when Wassette does, never in replay.
 */
final class LazyBackend implements AutoCloseable {

  private WeatherBackend backend;

  synchronized String url() {
    if (backend == null) {
      backend = WeatherBackend.start();
    }
    return backend.url();
  }

  synchronized boolean started() {
    return backend != null;
  }

  @Override
  public synchronized void close() {
    if (backend != null) {
      backend.close();
      backend = null;
    }
  }
}
