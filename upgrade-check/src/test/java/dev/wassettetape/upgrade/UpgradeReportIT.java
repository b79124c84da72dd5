package dev.wassettetape.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade check as a user runs it: {@code wassette-tape upgrade-check} from the harness's CLI
 * jar, with this module's test class path, and its HTML report opened in headless Chromium
 * (Debian's {@code chromium}), where the drift rows must be shown.
 */
class UpgradeReportIT {

  static final Path ROOT =
      Path.of(System.getProperty("wassette-tape.root", "..")).toAbsolutePath().normalize();
  static final Path CLI = ROOT.resolve("harness/target/wassette-tape.jar");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @BeforeEach
  void recordTheGoldenTape() {
    EchoTapeFixture.recordGoldenTape(dir.resolve("tapes"));
  }

  record Run(int exit, String out) {}

  /** {@code java -jar wassette-tape.jar upgrade-check ...} against a version of the server. */
  Run upgradeCheck(String server) throws Exception {
    assertThat(CLI).as("the CLI jar (./mvnw package -pl harness)").exists();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                CLI.toString(),
                "upgrade-check",
                "--test-classpath",
                System.getProperty("java.class.path"),
                "--class",
                EchoTapeFixture.class.getName(),
                "--tape-dir",
                dir.resolve("tapes").toString(),
                "--report",
                dir.resolve("report").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_TOOL_OPTIONS", "-D" + EchoTapeFixture.SERVER + "=" + server);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(out).isTrue();
    return new Run(process.exitValue(), out);
  }

  @Test
  void theCliChecksEveryTapeAndExitsZeroOnlyWhenNothingDrifted() throws Exception {
    Run same = upgradeCheck("echo");
    assertThat(same.exit()).as(same.out()).isZero();
    assertThat(same.out()).contains("echo.json: matched");

    Run required = upgradeCheck("required");
    assertThat(required.exit()).as(required.out()).isEqualTo(1);
    assertThat(required.out()).contains("echo.json: drifted");
    assertThat(Files.readString(dir.resolve("report/upgrade-report.md")))
        .contains("breaking: new required parameter lang (inputSchema.properties.lang)");
    assertThat(dir.resolve("tapes/echo.received.json")).exists(); // what the accept command moves
  }

  @Test
  void theHtmlReportShowsTheDriftRowsInARealBrowser() throws Exception {
    assertThat(CHROMIUM)
        .as("Debian's Chromium (apt-get install chromium), which .ci/run installs")
        .exists();
    assertThat(upgradeCheck("hello").exit()).isEqualTo(1);
    Path report = dir.resolve("report");
    // the page, and a page that loads it and says what a reader sees of each row (same origin)
    Files.writeString(
        report.resolve("check.html"),
        "<!DOCTYPE html><html><body><pre id=\"seen\">loading</pre>"
            + "<iframe id=\"r\" src=\"upgrade-report.html\" width=\"1200\" height=\"900\"></iframe>"
            + "<script>document.getElementById('r').onload = function () {"
            + " var d = this.contentDocument, out = [];"
            + " d.querySelectorAll('tr').forEach(function (tr) {"
            + "  var box = tr.getBoundingClientRect(), style = getComputedStyle(tr);"
            + "  out.push((box.height > 0 && style.visibility === 'visible' ? 'shown ' : 'hidden ')"
            + "   + tr.className + ' | ' + tr.innerText.replace(/\\s+/g, ' ').trim()"
            + "   + ' | ' + style.backgroundColor); });"
            + " out.push('pre shown: ' + (d.querySelector('pre').getBoundingClientRect().height > 0)"
            + "  + ' | ' + d.querySelector('pre').innerText.indexOf('Hello: hi'));"
            + " document.getElementById('seen').textContent = out.join('\\n'); };</script>"
            + "</body></html>");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = report.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          byte[] body =
              file.startsWith(report) && Files.isRegularFile(file)
                  ? Files.readAllBytes(file)
                  : null;
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    try {
      String dom = chromium("http://127.0.0.1:" + server.getAddress().getPort() + "/check.html");
      String seen = dom.substring(dom.indexOf("<pre id=\"seen\">"), dom.indexOf("</pre>"));
      assertThat(seen)
          .contains("shown drifted | echo.json 2 drifted, 1 failure | rgb(255, 221, 221)")
          .containsPattern("pre shown: true \\| [0-9]+");
    } finally {
      server.stop(0);
    }
  }

  /** The DOM Chromium ends with, headless, after the page's scripts ran. */
  private String chromium(String url) throws IOException, InterruptedException {
    Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
    Process process =
        new ProcessBuilder(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000",
                "--dump-dom",
                url)
            .redirectError(dir.resolve("chromium.log").toFile())
            .start();
    String dom = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    assertThat(dom).as("Chromium's DOM; its log: " + dir.resolve("chromium.log")).contains("seen");
    return dom;
  }
}
