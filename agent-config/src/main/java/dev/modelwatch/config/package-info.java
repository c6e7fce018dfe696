/**
 * The agent's YAML config: immutable config objects ({@link dev.modelwatch.config.AgentConfig} and
 * its parts), the loader that validates a file and reports every problem at once with its line and
 * YAML path ({@link dev.modelwatch.config.ConfigLoader}), and the {@code -javaagent} argument
 * string ({@link dev.modelwatch.config.AgentArguments}). Depends on the JDK and SnakeYAML only.
 */
package dev.modelwatch.config;
