package dev.modelwatch.agent;

public final class ModelWatchAgent {
  private ModelWatchAgent() {}
}
