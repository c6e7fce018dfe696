package dev.modelwatch.agent.page;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.modelwatch.agent.http.Routes;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The page ({@code /}) and its data ({@code /api/models}) on the agent's port. Both are computed
 * per request from the models' aggregates; a failure answers 500 with the reason and is counted as
 * {@code stage="scrape"}, and never touches the application.
 */
public final class PageRoutes {
  private PageRoutes() {}

  /**
   * Adds {@code /} and {@code /api/models} to {@code routes}. The reports are taken per request, so
   * a config reload's new generation is shown as soon as it is in force.
   */
  public static Routes addTo(
      Routes routes, Supplier<ModelReports> reports, String version, AgentErrors errors) {
    routes.add(
        "/",
        handler(
            reports,
            errors,
            "text/html; charset=utf-8",
            models ->
                DriftPage.render(version, models, Instant.now().truncatedTo(ChronoUnit.SECONDS))));
    routes.add(
        "/api/models",
        handler(
            reports,
            errors,
            "application/json; charset=utf-8",
            models -> ModelsJson.write(version, models)));
    return routes;
  }

  private static HttpHandler handler(
      Supplier<ModelReports> reports,
      AgentErrors errors,
      String contentType,
      Function<List<ModelReport>, String> render) {
    return exchange -> {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        Routes.respond(
            exchange,
            405,
            "text/plain; charset=utf-8",
            method + " is not supported on " + exchange.getRequestURI().getPath() + "; use GET\n");
        return;
      }
      String body;
      try {
        body = render.apply(reports.get().collect());
      } catch (RuntimeException e) {
        errors.record(ErrorStage.SCRAPE, e);
        Routes.respond(
            exchange,
            500,
            "text/plain; charset=utf-8",
            "the agent could not build this page ("
                + e
                + "); it is counted in"
                + " modelwatch_agent_errors_total{stage=\"scrape\"} and logged by the agent\n");
        return;
      }
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      // nothing is loaded from anywhere: inline styles only, no scripts
      exchange
          .getResponseHeaders()
          .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      if ("HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      respond(exchange, contentType, body);
    };
  }

  private static void respond(HttpExchange exchange, String contentType, String body)
      throws IOException {
    Routes.respond(exchange, 200, contentType, body);
  }
}
