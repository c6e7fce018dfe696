package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar holds only the agent's own packages, relocated dependencies, and a complete
 * manifest.
 */
class AgentJarContentsTest {
  @Test
  void everyClassIsUnderTheAgentsOwnPackage() throws IOException {
    List<String> foreign = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (!name.endsWith(".class")) {
          continue;
        }
        classes++;
        if (!name.startsWith("dev/modelwatch/") || name.contains("module-info")) {
          foreign.add(name);
        }
      }
    }
    assertTrue(
        classes > 1000,
        "expected the relocated dependencies in the jar, found " + classes + " classes");
    assertEquals(List.of(), foreign, "classes outside dev/modelwatch/ in the agent jar");
  }

  @Test
  void thirdPartyPackagesAreRelocatedAndTheBridgeIsPresent() throws IOException {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      assertTrue(jar.getEntry("dev/modelwatch/shaded/asm/ClassReader.class") != null);
      // the transformer is written on ASM directly: Byte Buddy is not in the agent
      assertEquals(
          List.of(),
          Collections.list(jar.entries()).stream()
              .map(JarEntry::getName)
              .filter(name -> name.toLowerCase(java.util.Locale.ROOT).contains("bytebuddy"))
              .collect(java.util.stream.Collectors.toList()));
      assertTrue(
          jar.getEntry("dev/modelwatch/shaded/prometheus/metrics/core/metrics/Counter.class")
              != null);
      assertTrue(jar.getEntry("dev/modelwatch/shaded/snakeyaml/Yaml.class") != null);
      assertTrue(jar.getEntry("dev/modelwatch/bootstrap/ModelWatchBridge.class") != null);
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
          String service = entry.getName().substring("META-INF/services/".length());
          assertTrue(
              service.startsWith("dev.modelwatch."), "service file not relocated: " + service);
          try (InputStream in = jar.getInputStream(entry)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
              String impl = line.trim();
              assertTrue(
                  impl.isEmpty() || impl.startsWith("#") || impl.startsWith("dev.modelwatch."),
                  "service implementation not relocated in " + entry.getName() + ": " + impl);
            }
          }
        }
      }
    }
  }

  @Test
  void manifestDeclaresTheAgentEntryPointsAndRetransformation() throws IOException {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.modelwatch.agent.ModelWatchAgent", main.getValue("Premain-Class"));
      assertEquals("dev.modelwatch.agent.ModelWatchAgent", main.getValue("Agent-Class"));
      assertEquals("dev.modelwatch.agent.ModelWatchAgent", main.getValue("Main-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
      assertEquals("true", main.getValue("Can-Redefine-Classes"));
    }
  }

  /**
   * No class in the jar uses a JUL logger (the shade step sends them to the agent's LibraryLogger,
   * which must then have every method called on it).
   */
  @Test
  void theShadedLibrariesLogThroughTheAgentNotJavaUtilLogging() throws Exception {
    String standIn = "dev/modelwatch/agent/LibraryLogger";
    Set<String> declared = new TreeSet<>();
    try (URLClassLoader agentJar =
        new URLClassLoader(new URL[] {AgentJar.path().toUri().toURL()}, null)) {
      for (Method method :
          Class.forName(standIn.replace('/', '.'), false, agentJar).getDeclaredMethods()) {
        declared.add(method.getName() + ConstantPool.descriptor(method));
      }
    }
    List<String> julUsers = new ArrayList<>();
    Set<String> missing = new TreeSet<>();
    int callers = 0;
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
          bytes = in.readAllBytes();
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("java/util/logging/Logger")) {
          julUsers.add(entry.getName());
        }
        if (!entry.getName().equals(standIn + ".class") && text.contains(standIn)) {
          callers++;
          for (String call : ConstantPool.methodsCalledOn(bytes, standIn)) {
            if (!declared.contains(call)) {
              missing.add(entry.getName() + " calls " + call);
            }
          }
        }
      }
    }
    assertEquals(List.of(), julUsers, "classes that use java.util.logging.Logger");
    assertTrue(
        callers > 0, "no class calls the LibraryLogger: is the relocation in agent/pom.xml?");
    assertEquals(Set.of(), missing, "methods missing from LibraryLogger");
  }
}
