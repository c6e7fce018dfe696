package dev.modelwatch.agent.library;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelPathGlobTest {
  @Test
  void relativeGlobsMatchTrailingPathElements() {
    assertTrue(new ModelPathGlob("*/wine.onnx").matches("/srv/models/wine.onnx"));
    assertTrue(new ModelPathGlob("wine.onnx").matches("/srv/models/wine.onnx"));
    assertTrue(new ModelPathGlob("client07/wine.onnx").matches("/data/client07/wine.onnx"));
    assertFalse(new ModelPathGlob("client07/wine.onnx").matches("/data/client17/wine.onnx"));
    assertFalse(new ModelPathGlob("*/wine.onnx").matches("/srv/models/wine-classifier.onnx"));
    assertTrue(new ModelPathGlob("**/wine-*.onnx").matches("/srv/a/b/wine-classifier.onnx"));
  }

  @Test
  void absoluteGlobsMatchTheWholePath() {
    assertTrue(new ModelPathGlob("/srv/*/wine.onnx").matches("/srv/models/wine.onnx"));
    assertFalse(new ModelPathGlob("/srv/*/wine.onnx").matches("/other/srv/models/wine.onnx"));
  }

  @Test
  void relativeModelPathsAreResolvedAgainstTheWorkingDirectory() {
    String cwd = Path.of("").toAbsolutePath().getFileName().toString();
    assertTrue(new ModelPathGlob(cwd + "/models/wine.onnx").matches("models/wine.onnx"));
    assertTrue(new ModelPathGlob("models/wine.onnx").matches("./models/../models/wine.onnx"));
  }
}
