package dev.modelwatch.config;

public final class AgentConfig {
}
