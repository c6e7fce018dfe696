package dev.modelwatch.benchmarks.footprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Writes a jar of generated classes that match nothing the agent looks for, for {@link
 * ClassLoadCost}: five packages of 4,000 types each; per package 20 interfaces (some extending
 * {@code Serializable}, {@code Runnable} or another of them), 200 abstract base classes (a third of
 * them extending another base, so hierarchies are up to four deep; some implementing interfaces),
 * and concrete classes extending a base, {@code Object}, {@code java.util.ArrayList} or {@code
 * RuntimeException}, implementing zero to two interfaces, each with a field, a constructor and two
 * methods. The jar also lists every class, in a fixed shuffled order (subclasses are often loaded
 * before their bases, as in applications), in {@code classes.txt}.
 */
public final class GeneratedClasses {
  static final String LIST = "classes.txt";
  private static final String[] PACKAGES = {
    "com/example/gen/api",
    "com/example/gen/service",
    "org/acme/gen/model",
    "io/sample/gen/web",
    "net/demo/gen/util"
  };
  private static final int INTERFACES = 20;
  private static final int BASES = 200;

  private GeneratedClasses() {}

  /** Writes {@code count} classes (a multiple of the five packages) to {@code jar}. */
  public static void write(Path jar, int count) throws IOException {
    int perPackage = count / PACKAGES.length;
    Random random = new Random(11);
    List<String> names = new ArrayList<>();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String pkg : PACKAGES) {
        for (int i = 0; i < INTERFACES; i++) {
          String name = pkg + "/Contract" + i;
          String[] parents =
              i % 5 == 1
                  ? new String[] {"java/io/Serializable"}
                  : i % 5 == 2
                      ? new String[] {"java/lang/Runnable"}
                      : i > 5 && i % 5 == 3
                          ? new String[] {pkg + "/Contract" + (i - 3)}
                          : new String[0];
          entry(out, name, iface(name, parents));
          names.add(name);
        }
        for (int i = 0; i < BASES; i++) {
          String name = pkg + "/AbstractBase" + i;
          String superName =
              i >= 3 && i % 3 == 0 ? pkg + "/AbstractBase" + random.nextInt(i) : "java/lang/Object";
          String[] interfaces =
              i % 2 == 0
                  ? new String[] {pkg + "/Contract" + random.nextInt(INTERFACES)}
                  : new String[0];
          entry(out, name, type(name, superName, interfaces, true));
          names.add(name);
        }
        for (int i = 0; i < perPackage - INTERFACES - BASES; i++) {
          String name = pkg + "/Component" + i;
          int kind = random.nextInt(10);
          String superName =
              kind < 6
                  ? pkg + "/AbstractBase" + random.nextInt(BASES)
                  : kind < 8
                      ? "java/lang/Object"
                      : kind < 9 ? "java/util/ArrayList" : "java/lang/RuntimeException";
          int count2 = random.nextInt(3);
          String[] interfaces = new String[count2];
          for (int k = 0; k < count2; k++) {
            interfaces[k] = pkg + "/Contract" + ((i + k * 7) % INTERFACES);
          }
          entry(out, name, type(name, superName, interfaces, false));
          names.add(name);
        }
      }
      Collections.shuffle(names, new Random(5));
      List<String> binaryNames = new ArrayList<>();
      names.forEach(name -> binaryNames.add(name.replace('/', '.')));
      out.putNextEntry(new JarEntry(LIST));
      out.write(String.join("\n", binaryNames).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
  }

  private static void entry(JarOutputStream out, String name, byte[] classFile) throws IOException {
    JarEntry entry = new JarEntry(name + ".class");
    entry.setTime(0);
    out.putNextEntry(entry);
    out.write(classFile);
    out.closeEntry();
  }

  private static byte[] iface(String name, String[] parents) {
    ClassWriter writer = new ClassWriter(0);
    writer.visit(
        Opcodes.V11,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT,
        name,
        null,
        "java/lang/Object",
        parents);
    writer
        .visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, "value", "(I)I", null, null)
        .visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  private static byte[] type(
      String name, String superName, String[] interfaces, boolean isAbstract) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(
        Opcodes.V11,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER | (isAbstract ? Opcodes.ACC_ABSTRACT : 0),
        name,
        null,
        superName,
        interfaces);
    writer.visitField(Opcodes.ACC_PRIVATE, "state", "I", null, null).visitEnd();
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor value = writer.visitMethod(Opcodes.ACC_PUBLIC, "value", "(I)I", null, null);
    value.visitCode();
    value.visitVarInsn(Opcodes.ILOAD, 1);
    value.visitVarInsn(Opcodes.ALOAD, 0);
    value.visitFieldInsn(Opcodes.GETFIELD, name, "state", "I");
    value.visitInsn(Opcodes.IADD);
    value.visitInsn(Opcodes.IRETURN);
    value.visitMaxs(0, 0);
    value.visitEnd();
    MethodVisitor describe =
        writer.visitMethod(Opcodes.ACC_PUBLIC, "describe", "()Ljava/lang/String;", null, null);
    describe.visitCode();
    describe.visitLdcInsn(name);
    describe.visitInsn(Opcodes.ARETURN);
    describe.visitMaxs(0, 0);
    describe.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

  /**
   * Loaded in the measured JVM: loads every listed class (not initialised) and prints the
   * wall-clock and CPU time it took.
   */
  public static final class Load {
    private Load() {}

    public static void main(String[] args) throws Exception {
      // the agent's own start-up work (endpoint, JVM metrics) runs beside premain's return: let it
      // finish first
      Thread.sleep(Long.parseLong(args[0]));
      ClassLoader loader = Load.class.getClassLoader();
      List<String> names;
      try (java.io.InputStream in = loader.getResourceAsStream(LIST)) {
        names = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
      }
      // CPU time of this thread, which runs the transformers of the classes it loads: not inflated
      // by waiting
      // for a core on a busy machine as the wall-clock time is
      java.lang.management.ThreadMXBean threads =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long startCpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      int loaded = 0;
      for (String name : names) {
        if (Class.forName(name, false, loader) != null) {
          loaded++;
        }
      }
      long nanos = System.nanoTime() - start;
      long cpuNanos = threads.getCurrentThreadCpuTime() - startCpu;
      System.out.println(
          "loaded " + loaded + " classes in " + nanos + " ns, thread CPU " + cpuNanos + " ns");
    }
  }
}
