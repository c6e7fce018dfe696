package dev.modelwatch.agent.instrument;

import dev.modelwatch.agent.djl.DjlPreset;
import dev.modelwatch.agent.onnxruntime.OnnxRuntimePreset;
import dev.modelwatch.agent.tribuo.TribuoPreset;
import dev.modelwatch.config.InterceptConfig;

/** The preset of each supported library. */
public final class LibraryPresets {
  private LibraryPresets() {}

  /** The preset for a library intercept kind, or null when this agent has none. */
  public static LibraryPreset forKind(InterceptConfig.Kind kind) {
    switch (kind) {
      case TRIBUO:
        return TribuoPreset.INSTANCE;
      case ONNXRUNTIME:
        return OnnxRuntimePreset.INSTANCE;
      case DJL:
        return DjlPreset.INSTANCE;
      default:
        return null;
    }
  }
}
