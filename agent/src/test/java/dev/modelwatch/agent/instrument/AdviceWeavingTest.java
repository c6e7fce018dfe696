package dev.modelwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.Dispatcher;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.fixtures.Shapes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The woven advice on method shapes javac and older compilers produce: every method of {@link
 * Shapes} is instrumented, loaded through the JVM's verifier, and run beside the original class; it
 * must return and throw exactly what the original does, and the bridge must see one enter and one
 * exit per call with the value returned or the throwable thrown.
 */
class AdviceWeavingTest {
  /** Every event the bridge hands over, as text. */
  static final List<String> EVENTS = new ArrayList<>();

  static final Dispatcher RECORDING =
      new Dispatcher() {
        @Override
        public void enter(int site, Object self, Object argument, CallState state) {
          state.call = this;
          EVENTS.add("enter " + site + " " + (self != null) + " " + text(argument));
        }

        @Override
        public void exit(
            int site,
            Object argument,
            Object result,
            double value,
            Throwable thrown,
            CallState state) {
          EVENTS.add(
              "exit "
                  + site
                  + " "
                  + text(argument)
                  + " "
                  + (thrown != null
                      ? "threw " + thrown
                      : result != null ? text(result) : Double.isNaN(value) ? "null" : value));
        }

        @Override
        public void created(int site, int hook, Object instance, Object source) {
          EVENTS.add(
              "created "
                  + site
                  + " "
                  + hook
                  + " "
                  + instance.getClass().getSimpleName()
                  + " "
                  + text(source));
        }

        @Override
        public void outcome(int site, Object id, Object label) {
          EVENTS.add("outcome " + site + " " + text(id) + " " + text(label));
        }

        @Override
        public void agentError(String stage, Throwable error) {
          EVENTS.add("error " + stage + " " + error);
        }
      };

  static String text(Object value) {
    if (value instanceof Object[]) {
      return Arrays.deepToString((Object[]) value);
    }
    if (value instanceof float[]) {
      return Arrays.toString((float[]) value);
    }
    return String.valueOf(value);
  }

  @AfterEach
  void uninstall() {
    ModelWatchBridge.install(null);
    EVENTS.clear();
  }

  static final String SHAPES = Shapes.class.getName();

  /** One site per predict method, then hooks: created, returned, internal; then an outcome. */
  static List<TypeInstrumentation> plans() {
    List<TypeInstrumentation> plans = new ArrayList<>();
    for (String method :
        List.of(
            "spin",
            "wide",
            "tryFinally",
            "catches",
            "isX",
            "flag",
            "fails",
            "locked",
            "choose",
            "shout",
            "row",
            "many")) {
      plans.add(new MethodInstrumentation(SHAPES, method, null, 0));
    }
    plans.add(
        LibraryInstrumentation.of(
            List.of(
                MethodHook.created(SHAPES).parameter(0, "java.lang.String").build(),
                MethodHook.returned(SHAPES).method("load").build(),
                MethodHook.internal(SHAPES).method("train").build()),
            List.of()));
    plans.add(new OutcomeInstrumentation(SHAPES, "label", 0, 1));
    // a second site on spin: two advices chained on one method
    plans.add(new MethodInstrumentation(SHAPES, "spin", List.of("int"), 0));
    plans.add(new MethodInstrumentation(SHAPES, "rescale", null, 0));
    return plans;
  }

  static byte[] classFile(String internalName) throws IOException {
    try (InputStream in =
        AdviceWeavingTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      return in.readAllBytes();
    }
  }

  /** Loads these class files (already transformed or not) in a loader of their own. */
  static final class Loader extends ClassLoader {
    private final java.util.Map<String, byte[]> classes;

    Loader(java.util.Map<String, byte[]> classes) {
      super(AdviceWeavingTest.class.getClassLoader());
      this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : defineClass(name, bytes, 0, bytes.length);
      }
    }

    @Override
    protected java.net.URL findResource(String name) {
      byte[] bytes = classes.get(name.replace('/', '.').replaceAll("\\.class$", ""));
      if (bytes == null) {
        return null;
      }
      try {
        return new java.net.URL(
            null,
            "bytes:" + name,
            new java.net.URLStreamHandler() {
              @Override
              protected java.net.URLConnection openConnection(java.net.URL url) {
                return new java.net.URLConnection(url) {
                  @Override
                  public void connect() {}

                  @Override
                  public InputStream getInputStream() {
                    return new java.io.ByteArrayInputStream(bytes);
                  }
                };
              }
            });
      } catch (java.net.MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      byte[] bytes = classes.get(name.replace('/', '.').replaceAll("\\.class$", ""));
      return bytes != null
          ? new java.io.ByteArrayInputStream(bytes)
          : super.getResourceAsStream(name);
    }
  }

  static Object call(Object target, String name, Object... args) throws Throwable {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length) {
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  static String outcome(Object target, String name, Object... args) {
    try {
      Object result = call(target, name, args);
      if (result instanceof float[]) {
        return Arrays.toString((float[]) result);
      }
      return String.valueOf(result);
    } catch (Throwable t) {
      return "threw " + t;
    }
  }

  @Test
  void everyShapeBehavesAsTheOriginalAndReportsEachCallOnce() throws Throwable {
    List<TypeInstrumentation> plans = plans();
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      sites.add(new Site(i, "site" + i, null));
    }
    AgentErrors errors = new AgentErrors();
    SiteTransformer transformer = new SiteTransformer(sites, plans, errors);
    String internal = SHAPES.replace('.', '/');
    byte[] original = classFile(internal);
    Loader plainLoader = new Loader(java.util.Map.of(SHAPES, original));
    byte[] woven = transformer.transform(plainLoader, internal, null, null, original);
    assertNotNull(woven, "Shapes is instrumented");
    assertEquals(0, errors.total(ErrorStage.TRANSFORM));
    Object plain = plainLoader.loadClass(SHAPES).getConstructor().newInstance();
    Object instrumented =
        new Loader(java.util.Map.of(SHAPES, woven))
            .loadClass(SHAPES)
            .getConstructor()
            .newInstance();
    ModelWatchBridge.install(RECORDING);

    Object[][] calls = {
      {"spin", 9},
      {"spin", 1},
      {"wide", 5L, 2.5, 4},
      {"wide", -3L, 0.0, 0},
      {"tryFinally", "  a "},
      {"tryFinally", null},
      {"catches", 16.0},
      {"catches", -2.0},
      {"isX", 'x'},
      {"isX", 'q'},
      {"flag", true},
      {"flag", false},
      {"fails", 0},
      {"fails", 3},
      {"locked", "kept"},
      {"locked", null},
      {"choose", 7},
      {"choose", 3},
      {"shout", List.of("a", "b")},
      {"row", new float[][] {{1f, 2f}, {3f}}, 1},
      {"many", (Object) new String[] {"p", "q", "r"}},
    };
    for (Object[] c : calls) {
      Object[] args = Arrays.copyOfRange(c, 1, c.length);
      String expected = outcome(plain, (String) c[0], args);
      EVENTS.clear();
      assertEquals(expected, outcome(instrumented, (String) c[0], args), "result of " + c[0]);
      assertEquals(2, EVENTS.size(), c[0] + ": " + EVENTS);
      assertTrue(EVENTS.get(0).startsWith("enter "), EVENTS.toString());
      String exit = EVENTS.get(1);
      if (expected.startsWith("threw ")) {
        assertTrue(exit.endsWith(" " + expected), exit + " should end with " + expected);
      } else if (Arrays.asList("spin", "wide", "catches", "choose", "many").contains(c[0])) {
        // numbers are widened to double, not boxed
        assertEquals(
            Double.parseDouble(expected),
            Double.parseDouble(exit.substring(exit.lastIndexOf(' '))));
      } else {
        assertTrue(exit.endsWith(" " + expected), exit + " should end with " + expected);
      }
    }
    // the input argument: the first parameter when it is a reference, else null
    EVENTS.clear();
    call(instrumented, "tryFinally", "in");
    assertEquals(List.of("enter 2 true in", "exit 2 in in"), EVENTS);
    EVENTS.clear();
    call(instrumented, "spin", 5);
    assertEquals(List.of("enter 0 true null", "exit 0 null 3.0"), EVENTS);
    EVENTS.clear();
    instrumented.getClass().getMethod("isX", char.class).invoke(null, 'x');
    assertEquals("enter 4 false null", EVENTS.get(0), "static: no this");

    // the input at exit is the argument as the call received it, not what the method stored since
    EVENTS.clear();
    call(instrumented, "rescale", (Object) new float[] {1f});
    assertEquals(List.of("enter 15 true [1.0]", "exit 15 [1.0] [2.0]"), EVENTS);

    // constructor and factory hooks, internal methods, outcome methods
    EVENTS.clear();
    Object made = call(instrumented, "load", "file.bin");
    assertEquals(
        List.of("created 12 0 Shapes file.bin", "created 12 1 Shapes file.bin"),
        EVENTS,
        "the constructor's object, then the factory's returned object");
    EVENTS.clear();
    assertEquals(outcome(plain, "train", 3), outcome(made, "train", 3));
    assertEquals(List.of(), EVENTS, "predict calls inside train are not recorded");
    call(made, "spin", 5);
    assertEquals(2, EVENTS.size(), "recorded again after train: " + EVENTS);
    EVENTS.clear();
    call(made, "label", "id-1", 0.5);
    assertEquals(List.of("outcome 13 id-1 0.5"), EVENTS);
    EVENTS.clear();
    Method load = instrumented.getClass().getMethod("load", String.class);
    InvocationTargetException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            InvocationTargetException.class, () -> load.invoke(null, (Object) null));
    assertEquals("no source", thrown.getCause().getMessage());
    assertEquals(List.of(), EVENTS, "a constructor that throws reports nothing");
    assertEquals(0, errors.total(ErrorStage.TRANSFORM));
    assertEquals(
        2,
        sites.get(0).instrumentedMethods().size() + sites.get(14).instrumentedMethods().size(),
        "spin is instrumented for both of its sites");
  }

  /**
   * The class of this class file with one site on one of its methods, loaded in a loader of its
   * own.
   */
  static Class<?> wovenAlone(String internalName, byte[] original, String method)
      throws ClassNotFoundException {
    String binary = internalName.replace('/', '.');
    AgentErrors errors = new AgentErrors();
    SiteTransformer transformer =
        new SiteTransformer(
            List.of(new Site(0, method, null)),
            List.of(new MethodInstrumentation(binary, method, null, 0)),
            errors);
    byte[] woven =
        transformer.transform(
            new Loader(java.util.Map.of(binary, original)), internalName, null, null, original);
    assertNotNull(woven);
    assertEquals(0, errors.total(ErrorStage.TRANSFORM));
    return new Loader(java.util.Map.of(binary, woven)).loadClass(binary);
  }

  @Test
  void classFilesWithoutStackMapFramesAreWovenWithoutThem() throws Throwable {
    // a Java 5 class file: no frames, a loop and a handler, as older compilers wrote them
    String name = "dev/modelwatch/fixtures/OldModel";
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
    MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    // int score(int n): s = 0; while (n > 0) { s += n; n--; } try { return 100 / s; } catch
    // (ArithmeticException e) { return -1; }
    MethodVisitor m = writer.visitMethod(Opcodes.ACC_PUBLIC, "score", "(I)I", null, null);
    m.visitCode();
    m.visitInsn(Opcodes.ICONST_0);
    m.visitVarInsn(Opcodes.ISTORE, 2);
    Label loop = new Label();
    Label done = new Label();
    m.visitLabel(loop);
    m.visitVarInsn(Opcodes.ILOAD, 1);
    m.visitJumpInsn(Opcodes.IFLE, done);
    m.visitVarInsn(Opcodes.ILOAD, 2);
    m.visitVarInsn(Opcodes.ILOAD, 1);
    m.visitInsn(Opcodes.IADD);
    m.visitVarInsn(Opcodes.ISTORE, 2);
    m.visitIincInsn(1, -1);
    m.visitJumpInsn(Opcodes.GOTO, loop);
    m.visitLabel(done);
    Label start = new Label();
    Label end = new Label();
    Label handler = new Label();
    m.visitTryCatchBlock(start, end, handler, "java/lang/ArithmeticException");
    m.visitLabel(start);
    m.visitIntInsn(Opcodes.BIPUSH, 100);
    m.visitVarInsn(Opcodes.ILOAD, 2);
    m.visitInsn(Opcodes.IDIV);
    m.visitLabel(end);
    m.visitInsn(Opcodes.IRETURN);
    m.visitLabel(handler);
    m.visitVarInsn(Opcodes.ASTORE, 3);
    m.visitInsn(Opcodes.ICONST_M1);
    m.visitInsn(Opcodes.IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    writer.visitEnd();
    byte[] original = writer.toByteArray();

    Object model = wovenAlone(name, original, "score").getConstructor().newInstance();
    ModelWatchBridge.install(RECORDING);
    assertEquals(10, call(model, "score", 4));
    assertEquals(-1, call(model, "score", 0));
    assertEquals(
        List.of("enter 0 true null", "exit 0 null 10.0", "enter 0 true null", "exit 0 null -1.0"),
        EVENTS);
  }

  @Test
  void aParameterSlotReusedForAnotherTypeStillVerifies() throws Throwable {
    // javac never stores another type in a parameter's slot, but other compilers and bytecode
    // optimisers may: static int reuse(int a) { if (a > 0) { slot0 = "text"; return
    // slot0.length(); } return -1; }
    String name = "dev/modelwatch/fixtures/ReusedSlot";
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
    writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
    MethodVisitor m =
        writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "reuse", "(I)I", null, null);
    m.visitCode();
    Label negative = new Label();
    m.visitVarInsn(Opcodes.ILOAD, 0);
    m.visitJumpInsn(Opcodes.IFLE, negative);
    m.visitLdcInsn("text");
    m.visitVarInsn(Opcodes.ASTORE, 0);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
    m.visitInsn(Opcodes.IRETURN);
    m.visitLabel(negative);
    m.visitInsn(Opcodes.ICONST_M1);
    m.visitInsn(Opcodes.IRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    writer.visitEnd();
    byte[] original = writer.toByteArray();
    Method reuse = wovenAlone(name, original, "reuse").getMethod("reuse", int.class);
    ModelWatchBridge.install(RECORDING);
    assertEquals(4, reuse.invoke(null, 1));
    assertEquals(-1, reuse.invoke(null, 0));
    assertEquals(
        List.of("enter 0 false null", "exit 0 null 4.0", "enter 0 false null", "exit 0 null -1.0"),
        EVENTS);
  }

  @Test
  void aClassThatCannotBeWovenIsLeftAsItIsAndCounted() throws Exception {
    AgentErrors errors = new AgentErrors();
    Site site = new Site(0, "broken", null);
    SiteTransformer transformer =
        new SiteTransformer(
            List.of(site), List.of(new MethodInstrumentation(SHAPES, "spin", null, 0)), errors);
    String internal = SHAPES.replace('.', '/');
    byte[] original = classFile(internal);
    // a class file of a Java version newer than the agent's ASM reads: its header is still read
    byte[] future = original.clone();
    future[6] = 0;
    future[7] = (byte) 0xFF;
    Loader loader = new Loader(java.util.Map.of(SHAPES, original));
    assertSame(null, transformer.transform(loader, internal, null, null, future));
    assertEquals(1, errors.total(ErrorStage.TRANSFORM));
    assertEquals(Set.of(), site.instrumentedMethods());
  }
}
