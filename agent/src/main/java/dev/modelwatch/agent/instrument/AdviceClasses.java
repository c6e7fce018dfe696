package dev.modelwatch.agent.instrument;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The advice classes, each described and read from the agent jar once per JVM. Every site binds its
 * own constants into its own {@link Advice}, but all of them share one description and one copy of
 * the class file of each advice class instead of reading and inflating it again per site.
 */
final class AdviceClasses {
  private static final ConcurrentMap<Class<?>, AdviceClasses> READ = new ConcurrentHashMap<>();

  private final TypeDescription type;
  private final ClassFileLocator classFile;

  private AdviceClasses(Class<?> adviceClass) {
    byte[] bytes = ClassFileLocator.ForClassLoader.read(adviceClass);
    this.classFile = ClassFileLocator.Simple.of(adviceClass.getName(), bytes);
    // described from the class file, not by reflection: reflection on the advice's annotations
    // would make the JDK generate a proxy class per annotation type
    this.type =
        TypePool.Default.of(
                new ClassFileLocator.Compound(
                    classFile, ClassFileLocator.ForClassLoader.of(adviceClass.getClassLoader())))
            .describe(adviceClass.getName())
            .resolve();
  }

  /** Reads every advice class, so that later sites only bind their constants. */
  static void readAll() {
    for (Class<?> adviceClass :
        List.of(
            PredictAdvice.class,
            NumericReturnAdvice.class,
            CreationAdvice.class,
            ReturnedAdvice.class,
            InternalAdvice.class,
            OutcomeAdvice.class)) {
      READ.computeIfAbsent(adviceClass, AdviceClasses::new);
    }
  }

  /** {@code mapping} applied to the advice of {@code adviceClass}. */
  static Advice to(Advice.WithCustomMapping mapping, Class<?> adviceClass) {
    AdviceClasses read = READ.computeIfAbsent(adviceClass, AdviceClasses::new);
    return mapping.to(read.type, read.classFile);
  }
}
