package dev.modelwatch.testapps.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelHttpServerTest {

  private ModelHttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Map<String, RowPredictor> models = new LinkedHashMap<>();
    models.put(
        "sum",
        rows -> {
          List<String> out = new ArrayList<>();
          for (String[] r : rows) {
            double s = 0;
            for (float v : WireFormat.toFloats(r)) {
              s += v;
            }
            out.add(Double.toString(s));
          }
          return out;
        });
    models.put(
        "broken",
        rows -> {
          throw new OutOfMemoryError("model blew up");
        });
    models.put(
        "picky",
        rows -> {
          throw new MalformedRequestException("rows must be sorted");
        });
    server = new ModelHttpServer(0, 2, models, "sum");
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersOneLinePerRowAndCountsPerModel() throws Exception {
    HttpResponse<String> r = post("/predict", "1,2,3\n4,,NaN\r\n\n0.5, 0.25\n");
    assertEquals(200, r.statusCode());
    assertEquals("6.0\nNaN\n0.75\n", r.body());
    assertEquals(200, post("/predict?model=sum", "1").statusCode());
    assertEquals(
        "calls 2\npredictions 2\nrows 4\nerrors 0\nrejected 0\n", get("/stats?model=sum").body());
    assertEquals("calls 2\npredictions 2\nrows 4\nerrors 0\nrejected 0\n", get("/stats").body());
    assertEquals("ok", get("/health").body());
  }

  @Test
  void modelErrorsAre500sWithClassAndMessageAndTheServerCarriesOn() throws Exception {
    HttpResponse<String> r = post("/predict?model=broken", "1,2");
    assertEquals(500, r.statusCode());
    assertEquals("java.lang.OutOfMemoryError: model blew up", r.body());
    assertEquals(200, post("/predict", "1,2").statusCode());
    assertEquals(
        "calls 1\npredictions 0\nrows 0\nerrors 1\nrejected 0\n",
        get("/stats?model=broken").body());
  }

  @Test
  void malformedBodiesAre400sAndNotModelCalls() throws Exception {
    HttpResponse<String> r = post("/predict", "1,2\n3,x\n");
    assertEquals(400, r.statusCode());
    assertEquals(
        "line 2 field 2: 'x' is not a number; send a number, NaN, or an empty field for a missing value",
        r.body());
    assertEquals(400, post("/predict", "\n").statusCode());
    assertEquals(400, post("/predict?model=picky", "1").statusCode());
    assertEquals("rows must be sorted", post("/predict?model=picky", "1").body());
    assertEquals("calls 0\npredictions 0\nrows 0\nerrors 0\nrejected 4\n", get("/stats").body());
  }

  @Test
  void unknownModelsAndMethods() throws Exception {
    HttpResponse<String> r = post("/predict?model=nope", "1");
    assertEquals(404, r.statusCode());
    assertEquals("unknown model 'nope'; known models: sum,broken,picky", r.body());
    assertEquals(405, get("/predict").statusCode());
    assertEquals(404, get("/stats?model=nope").statusCode());
  }

  @Test
  void rowsOfMixedWidthCannotFormAMatrix() {
    MalformedRequestException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            MalformedRequestException.class,
            () -> WireFormat.toMatrix(List.of(new String[] {"1", "2"}, new String[] {"1"})));
    assertEquals(
        "row 2 has 1 fields but row 1 has 2; all rows of a batch must have the same number of fields",
        e.getMessage());
  }
}
