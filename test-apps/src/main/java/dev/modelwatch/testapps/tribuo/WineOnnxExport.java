package dev.modelwatch.testapps.tribuo;

import ai.onnx.proto.OnnxMl;
import dev.modelwatch.testapps.data.WineData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXInitializer;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Exports the {@link WineModels} to ONNX through Tribuo's own graph writer ({@link
 * ONNXExportable#writeONNXGraph}).
 *
 * <p>Tribuo numbers features in lexicographic name order, so its stock export ({@code
 * saveONNXModel}) takes its input in that order (alcohol, chlorides, citric_acid, color, ...). This
 * export puts a {@code Gather} in front of Tribuo's graph, so the ONNX model takes rows in the wire
 * order of {@link WineData#FEATURE_NAMES} like every other server.
 *
 * <p>The exported models:
 *
 * <ul>
 *   <li>input {@value #INPUT}: float32 {@code [N, 12]}, columns in {@link WineData#FEATURE_NAMES}
 *       order (alcohol at index 10, color at 11); N is a free batch dimension;
 *   <li>regression output {@value #REGRESSION_OUTPUT}: float32 {@code [N, 1]}, the predicted
 *       quality;
 *   <li>classifier output {@value #CLASSIFIER_OUTPUT}: float32 {@code [N, 3]}, softmax
 *       probabilities; column j is the class on line j+1 of the sidecar file {@code <model>.labels}
 *       written beside the model.
 * </ul>
 *
 * Feeding a tensor of width other than 12 makes ONNX Runtime reject the run (invalid dimensions).
 */
public final class WineOnnxExport {

  public static final String INPUT = "float_input";
  public static final String REGRESSION_OUTPUT = "quality";
  public static final String CLASSIFIER_OUTPUT = "probabilities";
  public static final String DOMAIN = "dev.modelwatch.testapps";
  public static final String REGRESSION_FILE = "wine.onnx";
  public static final String CLASSIFIER_FILE = "wine-classifier.onnx";

  private WineOnnxExport() {}

  /** Writes the model as ONNX to {@code file}; for a classifier also writes the labels sidecar. */
  public static void export(Model<?> model, Path file) throws IOException {
    export(model, file, false);
  }

  /**
   * Like {@link #export(Model, Path)}; with {@code featureNames}, the model's custom metadata also
   * holds {@code feature_names}, the input's column names comma-separated, as a converter step
   * writes them (Tribuo's own export writes only its provenance).
   */
  public static void export(Model<?> model, Path file, boolean featureNames) throws IOException {
    if (!(model instanceof ONNXExportable)) {
      throw new IllegalArgumentException(
          model.getClass().getName() + " cannot be exported to ONNX");
    }
    boolean classifier = model.validate(Label.class);
    ImmutableFeatureMap features = model.getFeatureIDMap();
    ImmutableOutputInfo<?> outputs = model.getOutputIDInfo();

    ONNXContext onnx = new ONNXContext();
    onnx.setName(classifier ? "wine-quality-class" : "wine-quality");
    ONNXPlaceholder input = onnx.floatInput(INPUT, WineData.COLUMNS);
    ONNXPlaceholder output =
        onnx.floatOutput(classifier ? CLASSIFIER_OUTPUT : REGRESSION_OUTPUT, outputs.size());
    // column of the wire row that feeds each Tribuo feature id
    long[] wireColumnOfId = new long[features.size()];
    for (int id = 0; id < features.size(); id++) {
      wireColumnOfId[id] = WineData.indexOf(features.get(id).getName());
    }
    ONNXInitializer order = onnx.array("wire_to_tribuo_order", wireColumnOfId);
    ONNXNode reordered =
        input.apply(ONNXOperators.GATHER, order, Collections.singletonMap("axis", 1));
    ((ONNXExportable) model).writeONNXGraph(reordered).assignTo(output);
    OnnxMl.ModelProto proto = ONNXExportable.buildModel(onnx, DOMAIN, 1, model);
    if (featureNames) {
      proto =
          proto.toBuilder()
              .addMetadataProps(
                  OnnxMl.StringStringEntryProto.newBuilder()
                      .setKey("feature_names")
                      .setValue(String.join(",", WineData.FEATURE_NAMES)))
              .build();
    }

    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (classifier) {
      writeAtomically(
          labelsFile(file),
          String.join("\n", labels(model)).concat("\n").getBytes(StandardCharsets.UTF_8));
    }
    writeAtomically(file, proto.toByteArray());
  }

  /** Class names in the order of the classifier's output columns. */
  public static List<String> labels(Model<?> model) {
    ImmutableOutputInfo<?> info = model.getOutputIDInfo();
    List<String> labels = new ArrayList<>(info.size());
    for (int id = 0; id < info.size(); id++) {
      Output<?> o = info.getOutput(id);
      labels.add(((Label) o).getLabel());
    }
    return labels;
  }

  /** {@code wine-classifier.onnx} → {@code wine-classifier.labels}. */
  public static Path labelsFile(Path onnxFile) {
    String name = onnxFile.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return onnxFile.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + ".labels");
  }

  /** Reads the labels sidecar of a classifier, or an empty list for a regression model. */
  public static List<String> readLabels(Path onnxFile) throws IOException {
    Path labels = labelsFile(onnxFile);
    if (!Files.isRegularFile(labels)) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(labels, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(line.trim());
      }
    }
    return out;
  }

  /**
   * The ONNX file of a task in {@code dir}: exported from the Tribuo model (trained or loaded by
   * {@link WineModels#loadOrTrain}) unless it is already there.
   */
  public static Path exportIfAbsent(Path dir, WineModels.Task task) throws IOException {
    Path file = dir.resolve(task == WineModels.Task.REGRESSION ? REGRESSION_FILE : CLASSIFIER_FILE);
    if (!Files.isRegularFile(file)) {
      export(WineModels.loadOrTrain(dir, task), file);
    }
    return file;
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
