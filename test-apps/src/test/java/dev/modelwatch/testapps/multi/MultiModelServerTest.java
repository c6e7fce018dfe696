package dev.modelwatch.testapps.multi;

import static dev.modelwatch.testapps.traffic.ServerStatsAssert.assertStatsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.traffic.WineChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiModelServerTest {

  @Test
  void thirtyModelsEachFromItsOwnFileCountedPerModel(@TempDir Path dir) throws Exception {
    try (ForkedServer server =
        ForkedServer.start(
            MultiModelServer.class.getName(), List.of("--model-dir", dir.toString()))) {
      List<String> clients = new ArrayList<>();
      for (int i = 1; i <= 30; i++) {
        clients.add(String.format("client%02d", i));
        assertTrue(
            Files.isRegularFile(dir.resolve(clients.get(i - 1)).resolve("wine.onnx")),
            clients.get(i - 1));
      }
      assertEquals("client07", MultiModelServer.clientName(7));

      TrafficResult r =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(server.port())
                  .models(clients)
                  .rows(1000)
                  .batch(2)
                  .threads(4)
                  .seed(8)
                  .recordExchanges(true));
      assertEquals(500, r.ok());
      assertStatsMatch(server.stats(null), r);
      for (String c : clients) {
        TrafficResult mine = r.forModel(c);
        assertTrue(
            mine.requestsSent() == 16 || mine.requestsSent() == 17, c + " " + mine.requestsSent());
        assertStatsMatch(server.stats(c), mine);
      }
      WineChecks.assertRegressionNearRelation(r, 0.15, 0.06);

      IOException unknown =
          assertThrows(IOException.class, () -> server.get("/stats?model=client31"));
      assertTrue(unknown.getMessage().contains("unknown model 'client31'"), unknown.getMessage());
    }
  }
}
