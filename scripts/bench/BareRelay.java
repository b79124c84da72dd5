import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The benchmarks' baseline proxy: a bare line relay between this process's stdio and a child's
 * (two threads, readLine and write). What any stdio proxy costs at the least, in Java. Run as a
 * single-file program: {@code java scripts/bench/BareRelay.java python3 trivial_server.py}.
 */
public final class BareRelay {
  public static void main(String[] args) throws Exception {
    Process child =
        new ProcessBuilder(List.of(args)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread up = pump(new InputStreamReader(System.in, StandardCharsets.UTF_8), child.getOutputStream());
    Thread down = pump(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8), System.out);
    up.start();
    down.start();
    down.join();
    child.destroy();
    System.exit(0);
  }

  private static Thread pump(Reader from, OutputStream to) {
    return new Thread(
        () -> {
          try (BufferedReader in = new BufferedReader(from)) {
            for (String line; (line = in.readLine()) != null; ) {
              to.write((line + "\n").getBytes(StandardCharsets.UTF_8));
              to.flush();
            }
            to.close();
          } catch (IOException e) {
            // the other side went away: the relay ends
          }
        });
  }
}
