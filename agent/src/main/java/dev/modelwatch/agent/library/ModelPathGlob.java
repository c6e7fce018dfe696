package dev.modelwatch.agent.library;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * The {@code model_path} selector of an ONNX Runtime model (and of an XGBoost model): a glob on the
 * path a session (a booster) was created from. An absolute glob must match the whole absolute path;
 * a relative one matches its trailing path elements, so {@code wine.onnx}, {@code * /wine.onnx}
 * (without the space) and {@code client07/wine.onnx} select files wherever the application keeps
 * them.
 */
public final class ModelPathGlob {
  private final String glob;
  private final PathMatcher matcher;
  private final boolean absolute;

  public ModelPathGlob(String glob) {
    this.glob = glob;
    this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    this.absolute =
        glob.startsWith("/")
            || glob.startsWith("\\")
            || (glob.length() > 1 && glob.charAt(1) == ':');
  }

  /** Whether a session created from {@code modelPath} (as the application gave it) is selected. */
  public boolean matches(String modelPath) {
    Path path;
    try {
      path = Path.of(modelPath).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return false;
    }
    if (matcher.matches(path)) {
      return true;
    }
    if (absolute) {
      return false;
    }
    int names = path.getNameCount();
    for (int first = 0; first < names; first++) {
      if (matcher.matches(path.subpath(first, names))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return glob;
  }
}
