package dev.modelwatch.testapps.ownlibs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.yaml.snakeyaml.Yaml;

/**
 * An application that ships its own Byte Buddy, SnakeYAML 1.x, Prometheus simpleclient 0.16 and
 * prometheus-metrics 1.x, registers its own metrics in both default registries and serves them:
 * simpleclient's at {@code /metrics-simpleclient} on its port, 1.x's with its own 1.x HTTPServer
 * (port from {@code io.prometheus.exporter.httpServer.port}). Compiled and run by the isolation
 * test with only these libraries on its class path.
 */
public final class OwnLibrariesApp {
  private static final io.prometheus.client.Counter REQUESTS =
      io.prometheus.client.Counter.build().name("app_requests_total").help("Requests the app served.").register();
  private static final io.prometheus.metrics.core.metrics.Counter JOBS =
      io.prometheus.metrics.core.metrics.Counter.builder().name("app_jobs_total").help("Jobs the app ran.").register();

  private final OwnModel model = new OwnModel();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    OwnLibrariesApp app = new OwnLibrariesApp();
    io.prometheus.metrics.exporter.httpserver.HTTPServer own =
        io.prometheus.metrics.exporter.httpserver.HTTPServer.builder().buildAndStart();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/work", app::work);
    server.createContext("/report", exchange -> {
      String report;
      try {
        report = report();
      } catch (RuntimeException | Error e) {
        report = "report failed: " + e;
      }
      respond(exchange, report);
    });
    server.createContext("/metrics-simpleclient", exchange -> {
      StringWriter out = new StringWriter();
      io.prometheus.client.exporter.common.TextFormat.write004(
          out, io.prometheus.client.CollectorRegistry.defaultRegistry.metricFamilySamples());
      respond(exchange, out.toString());
    });
    server.start();
    System.out.println("APP_PROMETHEUS_PORT " + own.getPort());
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private void work(HttpExchange exchange) throws IOException {
    int n = Integer.parseInt(exchange.getRequestURI().getQuery().substring(2));
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += model.predict(new double[] {i, 0.5});
      REQUESTS.inc();
      JOBS.inc();
    }
    respond(exchange, total + "\n");
  }

  /** Which copy of each library the app uses, and what the app does with it. */
  static String report() {
    Map<String, String> report = new TreeMap<>();
    report.put("bytebuddy.jar", jar(ByteBuddy.class));
    try {
      Object made = new ByteBuddy()
          .subclass(Object.class)
          .method(ElementMatchers.named("toString"))
          .intercept(FixedValue.value("made by the app's own Byte Buddy"))
          .make()
          .load(OwnLibrariesApp.class.getClassLoader())
          .getLoaded()
          .getDeclaredConstructor()
          .newInstance();
      report.put("bytebuddy.result", made.toString());
    } catch (ReflectiveOperationException e) {
      report.put("bytebuddy.result", e.toString());
    }
    report.put("snakeyaml.jar", jar(Yaml.class));
    report.put("snakeyaml.result", String.valueOf((Object) new Yaml().load("answer: [4, 2]")));
    report.put("simpleclient.jar", jar(io.prometheus.client.Counter.class));
    report.put("prometheus-metrics.jar", jar(io.prometheus.metrics.core.metrics.Counter.class));
    StringBuilder out = new StringBuilder();
    report.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
    return out.toString();
  }

  private static String jar(Class<?> type) {
    String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
