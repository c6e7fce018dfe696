package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.io.IOException;

/**
 * Counts what fails inside a route (authenticator and handlers included) in {@code
 * modelwatch_agent_errors_total{stage="server"}} and hands the JDK's server an I/O error, on which
 * it closes the connection (it would drop any error without a trace, and rethrow an {@code Error}
 * on the agent's thread). I/O errors are the client going away, not ours.
 */
final class ContainedErrors extends Filter {
  private final AgentErrors errors;

  ContainedErrors(AgentErrors errors) {
    this.errors = errors;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    try {
      chain.doFilter(exchange);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException | Error e) {
      errors.record(ErrorStage.SERVER, e);
      throw new IOException("contained: " + e, e);
    }
  }

  @Override
  public String description() {
    return "counts errors inside the agent's routes";
  }
}
