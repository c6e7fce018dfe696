package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.config.AuthConfig;
import dev.modelwatch.config.ServerConfig;
import dev.modelwatch.config.TlsConfig;
import io.prometheus.metrics.config.ExemplarsProperties;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HealthyHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The agent's HTTP port: {@code /metrics} (Prometheus text or OpenMetrics by content negotiation,
 * client_java's scrape handler, compressed by {@link ScrapeHandler}) and {@code /-/healthy}, on the
 * JDK's HTTP server with a few daemon threads ({@link RequestThreads}, which also bounds how long a
 * request may take); HTTPS when {@code server.tls} is set, basic authentication when {@code
 * server.auth} is set. When either cannot be set up the endpoint does not start at all rather than
 * serve without them. Only {@code GET} and {@code HEAD} are served, and {@code POST} on {@code
 * /feedback}.
 *
 * <p>The server is set up here rather than by client_java's {@code HTTPServer} for what that
 * builder cannot do: put {@link BoundedWrites} in front of every handler, compress scrapes at the
 * fastest level, and bound slow requests per server. That builder also sets the JVM's {@code
 * sun.net.httpserver.*} system properties for the whole process (the application's own HTTP server
 * included); the agent leaves them as they are, but for {@code TCP_NODELAY}, which it sets only for
 * the moment its server is created ({@link #withoutNagle}).
 */
public final class MetricsEndpoint implements AutoCloseable {
  /**
   * Connections the kernel holds for the server while its dispatcher is busy (the JDK's default).
   */
  static final int BACKLOG = 50;

  /** The JDK server's switch for {@code TCP_NODELAY} on accepted connections. */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  private final HttpServer server;
  private final RequestThreads executor;
  private final String host;
  private final boolean https;

  private MetricsEndpoint(HttpServer server, RequestThreads executor, String host, boolean https) {
    this.server = server;
    this.executor = executor;
    this.host = host;
    this.https = https;
  }

  /** Serves as {@code server} says: address, TLS, authentication and request timeouts. */
  public static MetricsEndpoint start(
      ServerConfig server, PrometheusRegistry registry, Routes routes, AgentErrors errors)
      throws EndpointException {
    if (server.auth() != null && server.tls() == null && !isLoopback(server.host())) {
      AgentLog.warn(
          "server.auth is set without server.tls: the password crosses the network in clear text on "
              + server.host()
              + "; add server.tls (see README.md, Security)");
    }
    return start(
        server.host(),
        server.port(),
        server.tls(),
        server.auth(),
        server.headerTimeout(),
        server.bodyTimeout(),
        registry,
        routes,
        errors);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** Plain HTTP without authentication, with the default timeouts. */
  public static MetricsEndpoint start(
      String host, int port, PrometheusRegistry registry, Routes routes, AgentErrors errors)
      throws EndpointException {
    return start(
        host,
        port,
        null,
        null,
        ServerConfig.DEFAULT_HEADER_TIMEOUT,
        ServerConfig.DEFAULT_BODY_TIMEOUT,
        registry,
        routes,
        errors);
  }

  /** As above, counting contained errors nowhere (tests). */
  public static MetricsEndpoint start(
      String host, int port, PrometheusRegistry registry, Routes routes) throws EndpointException {
    return start(host, port, registry, routes, new AgentErrors());
  }

  /**
   * Starts the endpoint. The exporter's settings are the agent's own defaults: a {@code
   * prometheus.properties} or {@code io.prometheus.*} system properties meant for the application's
   * client are never read.
   */
  public static MetricsEndpoint start(
      String host,
      int port,
      TlsConfig tls,
      AuthConfig auth,
      Duration headerTimeout,
      Duration bodyTimeout,
      PrometheusRegistry registry,
      Routes routes,
      AgentErrors errors)
      throws EndpointException {
    HttpRefusals refusals = new HttpRefusals();
    Authenticator authenticator = null;
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      server = withoutNagle(() -> tls != null ? HttpsServer.create() : HttpServer.create());
      if (tls != null) {
        ((HttpsServer) server).setHttpsConfigurator(TlsContext.configurator(tls));
      }
      if (auth != null) {
        authenticator =
            new BasicAuth(auth.username(), PasswordCheck.of(auth), auth.healthyOpen(), refusals);
      }
      server.bind(address, BACKLOG);
    } catch (IllegalArgumentException e) {
      throw new EndpointException(
          "metrics endpoint NOT started: "
              + e.getMessage()
              + ". It stays off rather than serve without the configured "
              + (tls != null && auth != null
                  ? "TLS and authentication"
                  : tls != null ? "TLS" : "authentication")
              + ". The application runs on; predictions are still recorded.",
          e);
    } catch (BindException e) {
      throw bindFailed(host, port, e);
    } catch (IOException | RuntimeException e) {
      throw startFailed(host, port, e);
    }
    RequestThreads executor = new RequestThreads(headerTimeout, bodyTimeout, refusals, errors);
    Filter headReceived = executor.headReceived();
    context(server, "/", routes, headReceived, authenticator, errors);
    context(
        server,
        "/metrics",
        new ReadOnlyRoute(new ScrapeHandler(ownProperties(), registry)),
        headReceived,
        authenticator,
        errors);
    context(
        server,
        BasicAuth.HEALTHY_PATH,
        new ReadOnlyRoute(new HealthyHandler()),
        headReceived,
        authenticator,
        errors);
    try {
      registry.register(refusals);
    } catch (RuntimeException e) {
      errors.record(ErrorStage.SERVER, e); // counted nowhere else; the endpoint serves on
    }
    server.setExecutor(executor);
    server.start();
    return new MetricsEndpoint(server, executor, host, tls != null);
  }

  /** Creates the JDK's server. */
  interface ServerFactory {
    HttpServer create() throws IOException;
  }

  /**
   * Creates the server with {@code TCP_NODELAY} on its connections. Without it, the last small
   * piece of a response waits for the client to acknowledge the one before, which a client delays
   * by up to 40 ms: in a benchmark of 30 models x 50 features, one scrape in six or more took 40-55
   * ms instead of 12-16 ms (docs/benchmarks.md, "Scrape"). The JDK's server reads its only switch
   * for that, the system property {@value #NO_DELAY}, once per JVM, when the first server is
   * created; so it is set for that moment and removed after, unless the application has set it
   * itself (then its value stands). Where a JDK server was created before the agent's, the JVM's
   * setting stays whatever it was. An application's own JDK server created later shares the
   * setting, as it shares every other of that class.
   */
  static HttpServer withoutNagle(ServerFactory factory) throws IOException {
    boolean set = false;
    try {
      if (System.getProperty(NO_DELAY) == null) {
        System.setProperty(NO_DELAY, "true");
        set = true;
      }
    } catch (SecurityException e) {
      // a security manager forbids it: the server is created as the JVM's settings have it
    }
    try {
      return factory.create();
    } finally {
      if (set) {
        try {
          System.clearProperty(NO_DELAY);
        } catch (SecurityException e) {
          // set above, so allowed; nothing to undo otherwise
        }
      }
    }
  }

  private static void context(
      HttpServer server,
      String path,
      HttpHandler handler,
      Filter headReceived,
      Authenticator authenticator,
      AgentErrors errors) {
    HttpContext context = server.createContext(path, handler);
    // user filters run before the authenticator, so the body's bound covers the password check too
    context.getFilters().add(headReceived);
    context.getFilters().add(new ContainedErrors(errors));
    context.getFilters().add(new BoundedWrites());
    if (authenticator != null) {
      context.setAuthenticator(authenticator);
    }
  }

  private static EndpointException bindFailed(String host, int port, BindException e) {
    return new EndpointException(
        "cannot serve metrics on "
            + host
            + ":"
            + port
            + ": the port is taken or the address is not local ("
            + e.getMessage()
            + "). Choose another with server.port in the config or port=N in the -javaagent"
            + " arguments (port=0 picks a free port). The application runs on; predictions are"
            + " still recorded.",
        e);
  }

  private static EndpointException startFailed(String host, int port, Exception e) {
    return new EndpointException(
        "cannot serve metrics on "
            + host
            + ":"
            + port
            + " ("
            + e
            + "). Check server.host and server.port. The application runs on.",
        e);
  }

  static PrometheusProperties ownProperties() {
    return PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().build())
        .exemplarProperties(ExemplarsProperties.builder().build())
        .exporterProperties(ExporterProperties.builder().build())
        .exporterFilterProperties(ExporterFilterProperties.builder().build())
        .exporterHttpServerProperties(ExporterHttpServerProperties.builder().build())
        .build();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return (https ? "https://" : "http://") + shown + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
  }

  /** The endpoint could not start; the message says why and how to fix it. */
  public static final class EndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    EndpointException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
