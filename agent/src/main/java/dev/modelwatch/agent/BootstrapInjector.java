package dev.modelwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.ProtectionDomain;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the JDK-only bridge ({@code dev.modelwatch.bootstrap}) into the bootstrap class loader, so
 * that advice inlined into classes of any class loader links to one bridge. Must run before
 * anything loads a bridge class through the system class loader.
 *
 * <p>The bridge classes are defined in the bootstrap loader directly, from the bytes in the agent
 * jar, so start-up writes no file (a read-only root file system with no {@code /tmp} is common in
 * Kubernetes). Appending the agent jar itself to the bootstrap search path would not do: the system
 * loader asks the bootstrap loader first, so every agent class loaded later would come from there.
 * Only if the direct definition is refused does the bridge go through a jar written to {@code
 * java.io.tmpdir}, as before, and the log says so.
 */
final class BootstrapInjector {
  static final String[] BRIDGE_CLASSES = {
    "dev/modelwatch/bootstrap/CallState.class",
    "dev/modelwatch/bootstrap/Dispatcher.class",
    "dev/modelwatch/bootstrap/ModelWatchBridge.class",
    "dev/modelwatch/bootstrap/ModelWatchBridge$1.class",
  };

  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

  private BootstrapInjector() {}

  static void inject(Instrumentation instrumentation) throws IOException {
    Throwable refused;
    try {
      defineInBootLoader(instrumentation);
      return;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      refused = e;
    }
    Path jar = writeJar();
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    AgentLog.warn(
        "the bridge classes could not be defined in the bootstrap class loader ("
            + refused
            + "); they are loaded from "
            + jar
            + " instead");
  }

  /**
   * Defines the bridge classes with a null class loader through the JDK's internal {@code Unsafe},
   * whose package is exported to the agent's module for this (an export, not an opening: only its
   * public methods become reachable).
   */
  private static void defineInBootLoader(Instrumentation instrumentation)
      throws ReflectiveOperationException, IOException {
    Module agentModule = BootstrapInjector.class.getModule();
    Module base = Object.class.getModule();
    if (!base.isExported("jdk.internal.misc", agentModule)) {
      instrumentation.redefineModule(
          base,
          Set.of(),
          Map.of("jdk.internal.misc", Set.of(agentModule)),
          Map.of(),
          Set.of(),
          Map.of());
    }
    Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
    Method define =
        unsafeClass.getMethod(
            "defineClass",
            String.class,
            byte[].class,
            int.class,
            int.class,
            ClassLoader.class,
            ProtectionDomain.class);
    ClassLoader source = BootstrapInjector.class.getClassLoader();
    for (String name : BRIDGE_CLASSES) {
      byte[] bytes = read(source, name);
      String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      try {
        define.invoke(unsafe, className, bytes, 0, bytes.length, null, null);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof LinkageError && isDefinedInBootLoader(className)) {
          continue; // defined already (a second agent start in this JVM)
        }
        throw e;
      }
    }
  }

  private static boolean isDefinedInBootLoader(String className) {
    try {
      return Class.forName(className, false, null) != null;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static byte[] read(ClassLoader source, String name) throws IOException {
    try (InputStream in = source.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the agent jar is incomplete: " + name + " is missing");
      }
      return in.readAllBytes();
    }
  }

  /**
   * The former way: a jar of the bridge classes in {@code java.io.tmpdir}, appended to the
   * bootstrap search path.
   */
  private static Path writeJar() throws IOException {
    Path jar = newPrivateFile();
    jar.toFile().deleteOnExit();
    ClassLoader source = BootstrapInjector.class.getClassLoader();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String name : BRIDGE_CLASSES) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME); // a local time, so writing the jar needs no time-zone data
        out.putNextEntry(entry);
        out.write(read(source, name));
        out.closeEntry();
      }
    }
    return jar;
  }

  /**
   * A new file only this user may read, in the temporary directory. Unlike {@link
   * Files#createTempFile}, whose random names cost the start-up of a {@code SecureRandom}, the name
   * is made of a clock reading; creating it fails rather than open a file that already exists, so
   * another file under that name is never written or used.
   */
  private static Path newPrivateFile() throws IOException {
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    for (int attempt = 0; ; attempt++) {
      Path file =
          dir.resolve("modelwatch-bootstrap-" + Long.toHexString(System.nanoTime()) + ".jar");
      try {
        return posix
            ? Files.createFile(
                file,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }
}
