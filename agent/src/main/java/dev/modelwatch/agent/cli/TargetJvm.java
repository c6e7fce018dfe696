package dev.modelwatch.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;

/**
 * A JVM reached through the JDK's attach API: the agent jar is loaded into it, and its system
 * properties are read back, which is how the agent there tells the attaching process what it did.
 * Kept apart from {@link AttachCommand} so that a JRE without {@code jdk.attach} fails only here.
 */
final class TargetJvm implements AutoCloseable {
  private final VirtualMachine vm;

  private TargetJvm(VirtualMachine vm) {
    this.vm = vm;
  }

  static TargetJvm attach(String pid) throws IOException {
    try {
      return new TargetJvm(VirtualMachine.attach(pid));
    } catch (AttachNotSupportedException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** A system property of the target JVM, or null when it has none of that name. */
  String systemProperty(String name) throws IOException {
    return vm.getSystemProperties().getProperty(name);
  }

  /** Runs the jar's {@code agentmain} in the target; returns once it has returned. */
  void loadAgent(String jar, String arguments) throws IOException {
    try {
      vm.loadAgent(jar, arguments);
    } catch (AgentLoadException | AgentInitializationException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      vm.detach();
    } catch (IOException e) {
      // the target may have exited meanwhile; nothing is left to release
    }
  }
}
