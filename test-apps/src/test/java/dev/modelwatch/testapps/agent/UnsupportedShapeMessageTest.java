package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.plain.ImageModelServer;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A plain-method model whose argument and return value the agent cannot read as configured: a
 * {@code float[][][]} image where features are listed by index, and an object of the application's
 * own nested class where a class label belongs. Each is one extraction error per call, logged once
 * with the type in Java terms, the model, the feature or output, and what to configure instead; the
 * application answers every request as without the agent.
 */
class UnsupportedShapeMessageTest {
  private static final int CALLS = 6;

  @Test
  void unreadableShapesAreNamedInJavaTermsWithTheModelTheFeatureOrOutputAndWhatToConfigure()
      throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: vision",
            "    intercept: {class: "
                + ImageModelServer.Vision.class.getName()
                + ", method: classify}",
            "    features: [{name: brightness, index: 0}]",
            "    outputs: [{name: label, kind: classification}]",
            "");
    try (AgentedServer app =
        AgentedServer.start(ImageModelServer.class.getName(), config, List.of())) {
      for (int i = 0; i < CALLS; i++) {
        assertEquals("label=day brightness=0.75\n", app.server().get("/classify?brightness=0.75"));
      }
      String input =
          "model 'vision': feature 'brightness' cannot be read from the input, a float[][][]: the features of a"
              + " plain method are read from float[], double[], int[], long[], float[][], double[][], a List, a"
              + " Map or an object's getters; intercept the method that builds this float[][][] from such rows"
              + " instead (intercept.class and method), or remove features: from the model to record only"
              + " calls, latency and outputs. The call itself was not affected";
      String output =
          "model 'vision': output 'label' is a classification output, but the returned value is a "
              + "dev.modelwatch.testapps.plain.ImageModelServer.Scores, which names no class; set outputs[].path"
              + " to the getter of dev.modelwatch.testapps.plain.ImageModelServer.Scores that returns the class"
              + " label (a String, enum, boolean or integral number), or set kind: regression for a number."
              + " The call itself was not affected";
      app.server().awaitStderr(Pattern.quote(output), Duration.ofSeconds(10));
      String log = app.server().stderr();
      assertTrue(log.contains(input), log);
      assertTrue(log.contains(output), log);
      // logged once each: the rest of the calls are counted, not logged again within the minute
      assertEquals(log.indexOf(input), log.lastIndexOf(input), log);
      assertEquals(log.indexOf(output), log.lastIndexOf(output), log);
      assertFalse(log.contains("[[[F"), log);
      assertFalse(log.contains("ImageModelServer$Scores"), log);
      Scrape scrape = app.scrape();
      assertEquals(CALLS, scrape.value("model_predictions_total", "model", "vision"));
      // one error for the input and one for the output of every call
      assertEquals(2 * CALLS, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(
          CALLS,
          scrape.value("model_feature_missing_total", "model", "vision", "feature", "brightness"));
    }
  }
}
