package dev.modelwatch.agent.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inputs of a plain method that cannot be read as configured are named in Java terms, with what to
 * change.
 */
class ArgumentExtractorTest {
  /** An application's input class, nested as they often are. */
  public static final class Request {
    public double getAmount() {
      return 12.5;
    }
  }

  private static final class Recorded implements FeatureSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void numeric(int feature, double value) {
      events.add(feature + "=" + value);
    }

    @Override
    public void category(int feature, String value) {
      events.add(feature + "=" + value);
    }

    @Override
    public void categoryCode(int feature, double code) {
      events.add(feature + "=code " + code);
    }

    @Override
    public void missing(int feature) {
      events.add(feature + "=missing");
    }

    @Override
    public void unreadable(int feature, ExtractionException problem) {
      events.add(feature + "=unreadable: " + problem.getMessage());
    }

    @Override
    public void endRow() {
      events.add("end");
    }
  }

  private static List<String> extract(String features, Object input) throws Exception {
    String yaml =
        String.join(
            "\n",
            "models:",
            "  - name: m",
            "    intercept: {class: a.B, method: predict}",
            "    features: " + features,
            "");
    ArgumentExtractor extractor =
        new ArgumentExtractor(
            ConfigLoader.parse(yaml, Path.of("test.yaml")).models().get(0).features());
    Recorded sink = new Recorded();
    extractor.extract(input, sink);
    return sink.events;
  }

  @Test
  void anArrayOfAnotherShapeNamesItsJavaTypeAndWhatToInterceptInstead() throws Exception {
    String unreadable =
        " cannot be read from the input, a float[][][]: the features of a plain method are read from float[],"
            + " double[], int[], long[], float[][], double[][], a List, a Map or an object's getters; intercept the"
            + " method that builds this float[][][] from such rows instead (intercept.class and method), or remove"
            + " features: from the model to record only calls, latency and outputs";
    assertEquals(
        List.of(
            "0=unreadable: feature 'a'" + unreadable,
            "1=unreadable: feature 'b'" + unreadable,
            "end"),
        extract("[{name: a, index: 0}, {name: b, index: 1}]", new float[2][3][4]));
    assertEquals(
        List.of(
            "0=unreadable: feature 'a' cannot be read from the input, a java.lang.String[]: the features of a plain"
                + " method are read from float[], double[], int[], long[], float[][], double[][], a List, a Map or an"
                + " object's getters; intercept the method that builds this java.lang.String[] from such rows instead"
                + " (intercept.class and method), or remove features: from the model to record only calls, latency"
                + " and outputs",
            "end"),
        extract("[{name: a, index: 0}]", new String[] {"x"}));
  }

  @Test
  void aGetterThatIsNotThereNamesTheFeatureTheClassInJavaTermsAndTheKeyToSet() throws Exception {
    assertEquals(
        List.of(
            "0=12.5",
            "1=unreadable: feature 'fee' reads path 'fee', but"
                + " dev.modelwatch.agent.extract.ArgumentExtractorTest.Request has no public method getFee(), isFee()"
                + " or fee(), and no readable field fee; set features[].path to a getter or field of"
                + " dev.modelwatch.agent.extract.ArgumentExtractorTest.Request",
            "end"),
        extract("[{name: amount}, {name: fee}]", new Request()));
  }

  @Test
  void anArrayOrCollectionWhereACategoryBelongsIsUnreadableNotItsIdentity() throws Exception {
    String advice =
        ", not one category; point features[].index, key or path at the element that holds the category"
            + " (a String, enum, number or boolean)";
    java.util.Map<String, Object> row = new java.util.HashMap<>();
    row.put("color", new float[] {1, 2});
    row.put("tags", List.of("a", "b"));
    row.put("shape", Thread.State.NEW);
    assertEquals(
        List.of(
            "0=unreadable: feature 'color' is categorical, but its value is a float[2]" + advice,
            "1=unreadable: feature 'tags' is categorical, but its value is a "
                + ExtractionException.describe(List.of("a", "b"))
                + advice,
            "2=NEW",
            "end"),
        extract(
            "[{name: color, kind: categorical}, {name: tags, kind: categorical}, {name: shape, kind: categorical}]",
            row));
  }
}
