package dev.modelwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the JDK-only bridge ({@code dev.modelwatch.bootstrap}) on the bootstrap class path, so that
 * advice inlined into classes of any class loader links to one bridge. Must run before anything
 * loads a bridge class through the system class loader.
 */
final class BootstrapInjector {
  static final String[] BRIDGE_CLASSES = {
    "dev/modelwatch/bootstrap/CallState.class",
    "dev/modelwatch/bootstrap/Dispatcher.class",
    "dev/modelwatch/bootstrap/ModelWatchBridge.class",
    "dev/modelwatch/bootstrap/ModelWatchBridge$1.class",
  };

  private BootstrapInjector() {}

  static void inject(Instrumentation instrumentation) throws IOException {
    Path jar = Files.createTempFile("modelwatch-bootstrap-", ".jar");
    jar.toFile().deleteOnExit();
    ClassLoader source = BootstrapInjector.class.getClassLoader();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String name : BRIDGE_CLASSES) {
        try (InputStream in = source.getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("the agent jar is incomplete: " + name + " is missing");
          }
          out.putNextEntry(new ZipEntry(name));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
  }
}
