package dev.modelwatch.agent.instrument;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Weaves the advice of the matched parts into a class file ({@link AdviceMethodVisitor} per
 * method). Every use of ASM's types is here and in the classes it calls, never in {@link
 * SiteTransformer}: the JVM's verifier loads the classes a method's types name when it links the
 * class, so ASM is loaded only when this class is, once the first class matches ({@code
 * LazyWeavingTest}).
 */
final class ClassWeaver {
  private ClassWeaver() {}

  /** The class file with the advice of the matched parts, or null when no method of it matched. */
  static byte[] weave(String internalName, byte[] classFile, List<SiteTransformer.Part> matched) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    Weaver weaver = new Weaver(writer, matched);
    reader.accept(weaver, ClassReader.EXPAND_FRAMES);
    String typeName = internalName.replace('/', '.');
    for (SiteTransformer.Part part : matched) {
      part.site.typeMatched(typeName);
    }
    return weaver.changed ? writer.toByteArray() : null;
  }

  /** Hands each method of a matched class the advice its parts give it. */
  private static final class Weaver extends ClassVisitor {
    private final List<SiteTransformer.Part> parts;
    private String owner;
    private boolean frames;
    boolean changed;

    Weaver(ClassVisitor next, List<SiteTransformer.Part> parts) {
      super(Opcodes.ASM9, next);
      this.parts = parts;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      this.owner = name;
      this.frames = (version & 0xFFFF) >= Opcodes.V1_6;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor visitor = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (visitor == null) {
        return null;
      }
      for (SiteTransformer.Part part : parts) {
        for (WovenAdvice advice : advice(part, access, name, descriptor)) {
          visitor = new AdviceMethodVisitor(visitor, advice, owner, access, descriptor, frames);
          changed = true;
        }
      }
      return visitor;
    }

    private List<WovenAdvice> advice(
        SiteTransformer.Part part, int access, String name, String descriptor) {
      TypeInstrumentation plan = part.plan;
      int site = part.site.id();
      List<WovenAdvice> found = new ArrayList<>(1);
      if (plan instanceof OutcomeInstrumentation) {
        OutcomeInstrumentation outcome = (OutcomeInstrumentation) plan;
        if (plan.methods().matches(access, name, descriptor)) {
          found.add(
              new WovenAdvice(
                  WovenAdvice.Kind.OUTCOME,
                  site,
                  0,
                  outcome.idArgument(),
                  outcome.labelArgument()));
          part.site.methodInstrumented(owner.replace('/', '.'), describe(access, name, descriptor));
        }
        return found;
      }
      if (plan.methods().matches(access, name, descriptor)) {
        found.add(
            new WovenAdvice(
                returnsNumber(descriptor) ? WovenAdvice.Kind.NUMBER : WovenAdvice.Kind.PREDICT,
                site,
                plan.hookIndex(),
                plan.inputArgument(),
                0));
        part.site.methodInstrumented(owner.replace('/', '.'), describe(access, name, descriptor));
      }
      if (plan.creations().matches(access, name, descriptor)) {
        found.add(
            new WovenAdvice(
                WovenAdvice.Kind.CREATED, site, plan.hookIndex(), plan.creationArgument(), 0));
      }
      if (!"<init>".equals(name) && plan.returned().matches(access, name, descriptor)) {
        found.add(
            new WovenAdvice(
                WovenAdvice.Kind.RETURNED, site, plan.hookIndex(), plan.creationArgument(), 0));
      }
      if (!"<init>".equals(name) && plan.internal().matches(access, name, descriptor)) {
        found.add(new WovenAdvice(WovenAdvice.Kind.INTERNAL, site, plan.hookIndex(), 0, 0));
      }
      return found;
    }

    private static boolean returnsNumber(String descriptor) {
      switch (Type.getReturnType(descriptor).getSort()) {
        case Type.FLOAT:
        case Type.DOUBLE:
        case Type.INT:
        case Type.LONG:
        case Type.SHORT:
        case Type.BYTE:
          return true;
        default:
          return false;
      }
    }

    /** Like {@code Method.toString()}: {@code public float[] a.B.predict(float[])}. */
    private String describe(int access, String name, String descriptor) {
      StringJoiner parameters = new StringJoiner(",", "(", ")");
      for (Type parameter : Type.getArgumentTypes(descriptor)) {
        parameters.add(parameter.getClassName());
      }
      String modifiers = Modifier.toString(access & Modifier.methodModifiers());
      return (modifiers.isEmpty() ? "" : modifiers + " ")
          + Type.getReturnType(descriptor).getClassName()
          + " "
          + owner.replace('/', '.')
          + "."
          + name
          + parameters;
    }
  }
}
