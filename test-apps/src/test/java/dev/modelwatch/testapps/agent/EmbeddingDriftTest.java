package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.page.Json;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Embeddings ({@code kind: embedding}) with a real sentence embedding model: LangChain4j's
 * in-process {@code all-MiniLM-L6-v2} (384 dimensions, ONNX Runtime) in a forked server with the
 * real agent jar. The baseline is made by the agent jar's {@code baseline} command from the vectors
 * the same model gave for 600 sentences about cooking. A window of 300 other sentences about
 * cooking stays {@code ok}; a window of 300 sentences about computer networks is {@code drift}. The
 * counts are exact (the norm histogram and the cluster counts hold every call), and the cosine
 * distance the agent reports equals the one computed here from the vectors the server returned.
 */
class EmbeddingDriftTest {
  static final String MAIN = "dev.modelwatch.testapps.embedding.EmbeddingServer";
  static final int TRAINING = 600;
  static final int WINDOW = 300;

  @Test
  void windowsOfTheTrainingTopicStayOkAndAnotherTopicIsDrift() throws Exception {
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Paths.get("target")), "embed-")
            .toAbsolutePath();
    Path baseline = dir.resolve("sentences-baseline.yaml");
    Path config = dir.resolve("modelwatch.yaml");

    // training vectors from the model itself, through the server without a baseline
    Files.writeString(config, yaml(null));
    List<float[]> training;
    try (AgentedServer server = start(config)) {
      training = embed(server, cooking(TRAINING, 1));
      assertEquals(
          TRAINING,
          server
              .scrape()
              .value("model_output_value_count", "model", "sentences", "output", "sentence.norm"));
    }
    StringBuilder csv = new StringBuilder("sentence\n");
    for (float[] vector : training) {
      csv.append(text(vector)).append('\n');
    }
    Path data = dir.resolve("train.csv");
    Files.writeString(data, csv);
    Files.writeString(config, yaml(baseline));
    CommandLineTest.Result made =
        CommandLineTest.run(
            "baseline",
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "sentences",
            "--out",
            baseline.toString());
    assertEquals(0, made.exit, made.output);
    assertTrue(made.output.contains("sentence.cluster"), made.output);
    double[] baselineMean = mean(training);

    Window same = window(config, cooking(WINDOW, 2), baselineMean);
    System.out.println("same topic: " + same);
    assertEquals("ok", same.status, same.toString());
    assertEquals(0, same.statusGauge);

    Window other = window(config, networking(WINDOW, 3), baselineMean);
    System.out.println("other topic: " + other);
    assertEquals("drift", other.status, other.toString());
    assertEquals(2, other.statusGauge);
    assertTrue(other.cosine > same.cosine, other + " vs " + same);
  }

  /** One server with the baseline, sent {@code texts}: what the agent says, checked exactly. */
  @SuppressWarnings("unchecked")
  private static Window window(Path config, List<String> texts, double[] baselineMean)
      throws Exception {
    try (AgentedServer server = start(config)) {
      List<float[]> vectors = embed(server, texts);
      Scrape scrape = server.scrape();
      String[] norm = {"model", "sentences", "output", "sentence.norm"};
      String[] cluster = {"model", "sentences", "output", "sentence.cluster"};
      assertEquals(texts.size(), scrape.value("model_output_value_count", norm));
      double normSum = 0;
      for (float[] v : vectors) {
        normSum += norm(v);
      }
      assertEquals(normSum, scrape.value("model_output_value_sum", norm), 1e-9 * texts.size());
      double clusterCalls = 0;
      for (int c = 0; c < 8; c++) {
        String[] labels = {
          "model", "sentences", "output", "sentence.cluster", "class", Integer.toString(c)
        };
        clusterCalls +=
            scrape.has("model_output_class_total", labels)
                ? scrape.value("model_output_class_total", labels)
                : 0;
      }
      assertEquals(texts.size(), clusterCalls, scrape.text());
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));

      double[] windowSum = new double[baselineMean.length];
      for (float[] v : vectors) {
        for (int i = 0; i < v.length; i++) {
          windowSum[i] += v[i];
        }
      }
      double expected = cosineDistance(windowSum, baselineMean);
      double cosine =
          scrape.value(
              "model_output_drift",
              "model",
              "sentences",
              "output",
              "sentence.cluster",
              "statistic",
              "cosine");
      assertEquals(expected, cosine, 1e-9);

      HttpResponse<String> api = Http.get(server.agentPort(), "/api/models", Map.of());
      Map<String, Object> json = (Map<String, Object>) Json.parse(api.body());
      Map<String, Object> column = null;
      for (Object model : (List<Object>) json.get("models")) {
        for (Object c : (List<Object>) ((Map<String, Object>) model).get("columns")) {
          if ("sentence.cluster".equals(((Map<String, Object>) c).get("name"))) {
            column = (Map<String, Object>) c;
          }
        }
      }
      assertTrue(column != null, api.body());
      double apiCosine = (Double) ((Map<String, Object>) column.get("statistics")).get("cosine");
      assertEquals(expected, apiCosine, 1e-9);
      String page = Http.get(server.agentPort(), "/", Map.of()).body();
      assertTrue(page.contains("sentence.cluster") && page.contains("cosine"), page);
      return new Window(
          (String) column.get("status"),
          scrape.value("model_output_drift_status", cluster),
          cosine,
          scrape.value(
              "model_output_drift",
              "model",
              "sentences",
              "output",
              "sentence.cluster",
              "statistic",
              "cramers_v"),
          scrape.value(
              "model_output_drift_pvalue",
              "model",
              "sentences",
              "output",
              "sentence.cluster",
              "statistic",
              "chi2"));
    }
  }

  static final class Window {
    final String status;
    final double statusGauge;
    final double cosine;
    final double cramersV;
    final double chi2PValue;

    Window(String status, double statusGauge, double cosine, double cramersV, double chi2PValue) {
      this.status = status;
      this.statusGauge = statusGauge;
      this.cosine = cosine;
      this.cramersV = cramersV;
      this.chi2PValue = chi2PValue;
    }

    @Override
    public String toString() {
      return status + " cosine=" + cosine + " cramers_v=" + cramersV + " chi2 p=" + chi2PValue;
    }
  }

  private static AgentedServer start(Path config) throws Exception {
    return AgentedServer.start(
        MAIN,
        Files.readString(config),
        List.of(),
        List.of("-Dai.djl.offline=true"),
        Map.of("ORT_DISABLE_TELEMETRY", "1", "OPT_OUT_TRACKING", "true"));
  }

  private static String yaml(Path baseline) {
    return "models:\n"
        + "  - name: sentences\n"
        + "    intercept: {class: '"
        + MAIN
        + "$Embedder', method: embed, parameters: [java.lang.String]}\n"
        + "    outputs:\n"
        + "      - {name: sentence, kind: embedding, path: content.vector, clusters: 8}\n"
        + (baseline == null ? "" : "    baseline: " + baseline + "\n")
        + "    drift: {window: 1h, slices: 12, min_samples: 100}\n";
  }

  /** Embeds {@code texts} through the server, in batches; the vectors it returned, in order. */
  private static List<float[]> embed(AgentedServer server, List<String> texts) throws Exception {
    List<float[]> vectors = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += 50) {
      String body = String.join("\n", texts.subList(from, Math.min(texts.size(), from + 50)));
      HttpResponse<String> response = Http.post(server.appPort(), "/embed", body);
      assertEquals(200, response.statusCode(), response.body());
      for (String line : response.body().split("\n")) {
        String[] parts = line.split(" ");
        float[] vector = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
          vector[i] = Float.parseFloat(parts[i]);
        }
        vectors.add(vector);
      }
    }
    assertEquals(texts.size(), vectors.size());
    return vectors;
  }

  private static String text(float[] vector) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < vector.length; i++) {
      s.append(i == 0 ? "" : " ").append(vector[i]);
    }
    return s.toString();
  }

  private static double norm(float[] v) {
    double squared = 0;
    for (float x : v) {
      squared += (double) x * x;
    }
    return Math.sqrt(squared);
  }

  private static double[] mean(List<float[]> vectors) {
    double[] mean = new double[vectors.get(0).length];
    for (float[] v : vectors) {
      for (int i = 0; i < v.length; i++) {
        mean[i] += v[i];
      }
    }
    for (int i = 0; i < mean.length; i++) {
      mean[i] /= vectors.size();
    }
    return mean;
  }

  /** 1 - cos of the angle between two vectors, written out here apart from the agent's code. */
  private static double cosineDistance(double[] a, double[] b) {
    double dot = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return 1 - dot / (Math.sqrt(aa) * Math.sqrt(bb));
  }

  /** {@code n} distinct sentences about cooking, from templates with a fixed seed. */
  static List<String> cooking(int n, long seed) {
    return sentences(
        n,
        seed,
        new String[] {"The chef", "My grandmother", "The cook", "A baker", "Our neighbour"},
        new String[] {"slowly simmers", "roasts", "chops", "bakes", "seasons", "fries", "stirs"},
        new String[] {
          "the onions", "a tomato sauce", "fresh basil", "the chicken", "garlic bread",
          "a pot of soup", "the potatoes", "a chocolate cake", "the mushrooms", "a risotto"
        },
        new String[] {
          "with olive oil", "in a cast iron pan", "for twenty minutes", "with salt and pepper",
          "in the oven", "with butter", "over a low flame", "before dinner"
        });
  }

  /** {@code n} distinct sentences about computer networks, from templates with a fixed seed. */
  static List<String> networking(int n, long seed) {
    return sentences(
        n,
        seed,
        new String[] {"The router", "A firewall", "The switch", "Our load balancer", "The server"},
        new String[] {
          "forwards", "drops", "encrypts", "routes", "inspects", "retransmits", "caches"
        },
        new String[] {
          "TCP packets", "the DNS queries", "UDP datagrams", "the TLS handshake", "IPv6 traffic",
          "the BGP announcements", "HTTP requests", "the ARP replies", "VLAN frames", "ICMP echoes"
        },
        new String[] {
          "on port 443",
          "across the subnet",
          "through the VPN tunnel",
          "at line rate",
          "behind the NAT gateway",
          "over the fibre link",
          "within the data centre",
          "after a timeout"
        });
  }

  private static List<String> sentences(
      int n, long seed, String[] subjects, String[] verbs, String[] objects, String[] endings) {
    Random random = new Random(seed);
    Set<String> sentences = new LinkedHashSet<>();
    while (sentences.size() < n) {
      sentences.add(
          subjects[random.nextInt(subjects.length)]
              + " "
              + verbs[random.nextInt(verbs.length)]
              + " "
              + objects[random.nextInt(objects.length)]
              + " "
              + endings[random.nextInt(endings.length)]
              + ".");
    }
    return new ArrayList<>(sentences);
  }
}
