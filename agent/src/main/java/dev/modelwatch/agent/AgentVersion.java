package dev.modelwatch.agent;

/** The agent's version, from the jar manifest ({@code dev} when run from classes). */
public final class AgentVersion {
  private AgentVersion() {}

  public static String get() {
    String version = AgentVersion.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
