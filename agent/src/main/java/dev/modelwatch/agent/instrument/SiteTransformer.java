package dev.modelwatch.agent.instrument;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.Site;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.objectweb.asm.Opcodes;

/**
 * The agent's one class file transformer: weaves the advice of every site into the classes its
 * instrumentation matches, with ASM and nothing else, so that the JVM's start pays only for the
 * classes that match (a few dozen ASM classes are loaded when the first one does).
 *
 * <p>A class being loaded is matched in three steps: the {@link LoadFilter} rejects, from names and
 * class loaders alone, nearly every class; for what is left, the class's super types are read from
 * class file headers through its loader (super classes and interfaces, all the way up); then each
 * instrumentation whose loader check passes matches by name or super type. A class being
 * retransformed (attach at run time, config reload) is matched on its loaded {@code Class}. The
 * methods of a matched class are matched on their class file entries ({@link MethodMatch}) and get
 * their advice from {@link AdviceMethodVisitor}. Class formats never change, so retransformation is
 * always allowed.
 *
 * <p>Whatever goes wrong while transforming a class leaves that class as it was: said once per
 * class, counted in {@code modelwatch_agent_errors_total{stage="transform"}}.
 */
public final class SiteTransformer implements ClassFileTransformer {
  private final List<Part> parts;
  private final LoadFilter filter;
  private final AgentErrors errors;

  public SiteTransformer(List<Site> sites, List<TypeInstrumentation> plans, AgentErrors errors) {
    List<Part> all = new ArrayList<>();
    for (int i = 0; i < sites.size(); i++) {
      for (TypeInstrumentation piece : plans.get(i).parts()) {
        all.add(new Part(sites.get(i), piece));
      }
    }
    this.parts = List.copyOf(all);
    this.filter = LoadFilter.of(plans);
    this.errors = errors;
  }

  /**
   * Registers the transformer; with {@code retransform}, also instruments the matching classes
   * already loaded (attach at run time, config reload).
   */
  void install(Instrumentation instrumentation, boolean retransform) {
    instrumentation.addTransformer(this, true);
    if (retransform) {
      retransformMatching(instrumentation);
    }
  }

  /**
   * Removes the transformer and retransforms the classes it matched, which get their original code
   * back.
   */
  public void reset(Instrumentation instrumentation) {
    instrumentation.removeTransformer(this);
    retransformMatching(instrumentation);
  }

  private void retransformMatching(Instrumentation instrumentation) {
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      try {
        if (type.getClassLoader() != null
            && !type.isArray()
            && !type.isPrimitive()
            && !matching(type).isEmpty()
            && instrumentation.isModifiableClass(type)) {
          instrumentation.retransformClasses(type);
        }
      } catch (Throwable t) {
        failed(type.getName(), t);
      }
    }
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (loader == null || className == null) {
      return null;
    }
    try {
      List<Part> matched;
      if (classBeingRedefined != null) {
        matched = matching(classBeingRedefined);
      } else if (filter.mayMatch(loader, className, classFile)) {
        matched = matching(loader, className, classFile);
      } else {
        return null;
      }
      return matched.isEmpty() ? null : ClassWeaver.weave(className, classFile, matched);
    } catch (Throwable t) {
      failed(className.replace('/', '.'), t);
      return null;
    }
  }

  private void failed(String typeName, Throwable t) {
    errors.count(ErrorStage.TRANSFORM);
    AgentLog.warnRateLimited(
        "transform:" + typeName,
        "could not instrument "
            + typeName
            + "; its calls are not recorded, the class itself is unchanged",
        t);
  }

  /** The parts that match a class being loaded, from its class file and its super types'. */
  private List<Part> matching(ClassLoader loader, String internalName, byte[] classFile) {
    ClassHeader header = ClassHeader.read(classFile);
    if (header == null || (header.access & Opcodes.ACC_SYNTHETIC) != 0) {
      return List.of();
    }
    return matching(
        loader, internalName, header.isInterface(), () -> filter.superTypes(loader, header));
  }

  /**
   * The parts whose loader check passes and whose target is this type or, for a subtype target, one
   * of its super types (asked for only then).
   */
  private List<Part> matching(
      ClassLoader loader,
      String internalName,
      boolean isInterface,
      Supplier<Set<String>> superTypes) {
    List<Part> matched = new ArrayList<>(1);
    Set<String> supers = null;
    for (Part part : parts) {
      TypeTarget target = part.plan.target();
      if ((part.plan.classesOnly() && isInterface) || !part.plan.loaderCheck().test(loader)) {
        continue;
      }
      boolean hit = target.internalName().equals(internalName);
      if (!hit && target.subtypes()) {
        if (supers == null) {
          supers = superTypes.get();
        }
        hit = supers.contains(target.internalName());
      }
      if (hit) {
        matched.add(part);
      }
    }
    return matched;
  }

  /** The parts that match a loaded class, from its loaded super types. */
  private List<Part> matching(Class<?> type) {
    String internalName = type.getName().replace('.', '/');
    if (type.isSynthetic() || InstrumentationInstaller.ignoredInternalName(internalName)) {
      return List.of();
    }
    return matching(
        type.getClassLoader(),
        internalName,
        type.isInterface(),
        () -> {
          Set<String> supers = new HashSet<>();
          addLoadedSupers(type, supers);
          return supers;
        });
  }

  private static void addLoadedSupers(Class<?> type, Set<String> supers) {
    Class<?> superclass = type.getSuperclass();
    if (superclass != null && supers.add(superclass.getName().replace('.', '/'))) {
      addLoadedSupers(superclass, supers);
    }
    for (Class<?> face : type.getInterfaces()) {
      if (supers.add(face.getName().replace('.', '/'))) {
        addLoadedSupers(face, supers);
      }
    }
  }

  /** One instrumentation of one site. */
  static final class Part {
    final Site site;
    final TypeInstrumentation plan;

    Part(Site site, TypeInstrumentation plan) {
      this.site = site;
      this.plan = plan;
    }
  }
}
