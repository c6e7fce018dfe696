package dev.modelwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
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

  private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

  private BootstrapInjector() {}

  static void inject(Instrumentation instrumentation) throws IOException {
    Path jar = newPrivateFile();
    jar.toFile().deleteOnExit();
    ClassLoader source = BootstrapInjector.class.getClassLoader();
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (String name : BRIDGE_CLASSES) {
        try (InputStream in = source.getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("the agent jar is incomplete: " + name + " is missing");
          }
          ZipEntry entry = new ZipEntry(name);
          entry.setTimeLocal(ENTRY_TIME); // a local time, so writing the jar needs no time-zone data
          out.putNextEntry(entry);
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
  }

  /**
   * A new file only this user may read, in the temporary directory. Unlike {@link
   * Files#createTempFile}, whose random names cost the start-up of a {@code SecureRandom}, the name
   * is made of a clock reading; creating it fails rather than open a file that already
   * exists, so another file under that name is never written or used.
   */
  private static Path newPrivateFile() throws IOException {
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    for (int attempt = 0; ; attempt++) {
      Path file = dir.resolve("modelwatch-bootstrap-" + Long.toHexString(System.nanoTime()) + ".jar");
      try {
        return posix
            ? Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }
}
