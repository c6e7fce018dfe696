package dev.modelwatch.benchmarks.springapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot web application with one Tribuo model, scored in {@link ScoringController}:
 * what the start-up benchmark starts cold, with and without the agent, to compare Spring's own
 * "process running for".
 */
@SpringBootApplication
public class ScoringApplication {
  public static void main(String[] args) {
    SpringApplication.run(ScoringApplication.class, args);
  }
}
