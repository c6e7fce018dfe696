package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every route of the agent's port answers only the methods it serves: {@code GET} and {@code HEAD}
 * everywhere, {@code POST} only on {@code /feedback}; anything else is 405 with an {@code Allow}
 * header and no content of the route.
 */
class EndpointMethodsTest {
  static final List<String> METHODS =
      List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW");

  @Test
  void everyRouteAnswersOnlyItsMethods() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, SecurityEndpointTest.MODEL, List.of("--port", "0"))) {
      int port = app.agentPort();
      List<String> wrong = new ArrayList<>();
      for (String path : List.of("/metrics", "/-/healthy", "/", "/api/models")) {
        for (String method : METHODS) {
          RawHttp.Response response =
              RawHttp.send(null, port, method, path, null, method.equals("POST") ? "x" : null);
          boolean readOnly = method.equals("GET") || method.equals("HEAD");
          int expected = readOnly ? 200 : 405;
          if (response.status != expected
              || !readOnly && !"GET, HEAD".equals(response.header("Allow"))
              || method.equals("HEAD") && !response.body.isEmpty()
              || !readOnly && response.body.contains("model_predictions_total")) {
            wrong.add(method + " " + path + " -> " + response);
          }
        }
      }
      for (String method : METHODS) {
        RawHttp.Response response =
            RawHttp.send(null, port, method, "/feedback", null, method.equals("POST") ? "" : null);
        if (method.equals("POST")) {
          // an empty body is answered by the feedback handler itself: nothing applied
          if (response.status != 400) {
            wrong.add("POST /feedback -> " + response);
          }
        } else if (response.status != 405 || !"POST".equals(response.header("Allow"))) {
          wrong.add(method + " /feedback -> " + response);
        }
      }
      for (String method : METHODS) {
        RawHttp.Response response = RawHttp.send(null, port, method, "/no-such-page", null, null);
        if (response.status != 404) {
          wrong.add(method + " /no-such-page -> " + response);
        }
      }
      assertEquals(List.of(), wrong);

      RawHttp.Response metrics = RawHttp.send(null, port, "GET", "/metrics", null, null);
      assertTrue(metrics.body.contains("model_predictions_total{model=\"wine\"} 0"), metrics.body);
      RawHttp.Response head = RawHttp.send(null, port, "HEAD", "/-/healthy", null, null);
      assertEquals(200, head.status);
      assertNull(head.header("Allow"));
      assertTrue(!app.server().stderr().contains("WARNING"), app.server().stderr());
    }
  }
}
