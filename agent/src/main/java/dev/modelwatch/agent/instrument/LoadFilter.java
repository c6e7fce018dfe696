package dev.modelwatch.agent.instrument;

import java.lang.instrument.IllegalClassFormatException;
import java.lang.ref.WeakReference;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Keeps classes that cannot match any instrumentation away from Byte Buddy, which otherwise describes every class
 * loaded and, for a subtype match, resolves its super types. Decided on names and class loaders only, before Byte
 * Buddy builds anything for the class:
 *
 * <ol>
 *   <li>the bootstrap loader, and the names Byte Buddy's ignore matcher rejects anyway (the agent, the JDK, other
 *       agents: {@link InstrumentationInstaller#IGNORED_PREFIXES});
 *   <li>class loaders that see none of the configured libraries' classes (each instrumentation's {@link
 *       TypeInstrumentation#classLoaderMatcher()}), checked once per loader and remembered weakly: a library's
 *       instrumentation is examined only in loaders where that library is present.
 * </ol>
 *
 * <p>Everything else, and every retransformation, goes to Byte Buddy's transformer unchanged, whose matchers decide
 * as before: the filter only ever leaves out classes those matchers would reject.
 */
final class LoadFilter {
  private final List<Part> parts;
  private final Map<ClassLoader, LoaderView> views = new WeakHashMap<>();
  /** The last loader seen and its view: most classes come from the loader of the class before. */
  private volatile Last last = new Last(null, null);

  private LoadFilter(List<Part> parts) {
    this.parts = parts;
  }

  /** The filter of these instrumentations (composites taken apart). */
  static LoadFilter of(List<TypeInstrumentation> plans) {
    List<Part> parts = new ArrayList<>();
    for (TypeInstrumentation plan : plans) {
      List<TypeInstrumentation> pieces =
          plan instanceof CompositeInstrumentation ? ((CompositeInstrumentation) plan).parts() : List.of(plan);
      for (TypeInstrumentation piece : pieces) {
        parts.add(new Part(piece.classLoaderMatcher(), piece.target()));
      }
    }
    return new LoadFilter(parts);
  }

  /** Wraps Byte Buddy's transformer in this filter. */
  AgentBuilder.TransformerDecorator decorator() {
    return transformer -> new Filtering(transformer, this);
  }

  /**
   * Whether a class being loaded (not retransformed) may match: false only when no instrumentation can match it.
   *
   * @param internalName the class's name as the JVM hands it over, {@code a/b/C}; may be null
   */
  boolean mayMatch(ClassLoader loader, String internalName) {
    if (loader == null) {
      return false; // no site matches there: every class loader matcher rejects the bootstrap loader
    }
    if (internalName == null) {
      return true;
    }
    if (InstrumentationInstaller.ignoredInternalName(internalName)) {
      return false;
    }
    return view(loader).anyVisible;
  }

  private LoaderView view(ClassLoader loader) {
    Last recent = last;
    if (recent.loader.get() == loader) {
      return recent.view;
    }
    LoaderView view;
    synchronized (views) {
      view = views.get(loader);
    }
    if (view == null) {
      view = new LoaderView(loader, parts); // outside the lock: it reads resources of the loader
      synchronized (views) {
        LoaderView raced = views.putIfAbsent(loader, view);
        if (raced != null) {
          view = raced;
        }
      }
    }
    last = new Last(loader, view);
    return view;
  }

  private static final class Part {
    final ElementMatcher<ClassLoader> loaders;
    final TypeTarget target;

    Part(ElementMatcher<ClassLoader> loaders, TypeTarget target) {
      this.loaders = loaders;
      this.target = target;
    }
  }

  /** What the instrumentations can match among the classes of one loader. */
  private static final class LoaderView {
    final boolean anyVisible;

    LoaderView(ClassLoader loader, List<Part> parts) {
      boolean any = false;
      for (Part part : parts) {
        if (part.loaders.matches(loader)) {
          any = true;
        }
      }
      this.anyVisible = any;
    }
  }

  private static final class Last {
    final WeakReference<ClassLoader> loader;
    final LoaderView view;

    Last(ClassLoader loader, LoaderView view) {
      this.loader = new WeakReference<>(loader);
      this.view = view;
    }
  }

  /**
   * Byte Buddy's transformer behind the filter. Both {@code transform} methods are overridden (the JVM calls the
   * one with the module); reset removes this transformer, as Byte Buddy's own delegating transformers do.
   */
  private static final class Filtering extends ResettableClassFileTransformer.WithDelegation {
    private final LoadFilter filter;

    Filtering(ResettableClassFileTransformer transformer, LoadFilter filter) {
      super(transformer);
      this.filter = filter;
    }

    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classFile)
        throws IllegalClassFormatException {
      if (classBeingRedefined == null && !filter.mayMatch(loader, className)) {
        return null;
      }
      return classFileTransformer.transform(loader, className, classBeingRedefined, protectionDomain, classFile);
    }

    @Override
    public byte[] transform(
        Module module,
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classFile)
        throws IllegalClassFormatException {
      if (classBeingRedefined == null && !filter.mayMatch(loader, className)) {
        return null;
      }
      return classFileTransformer.transform(
          module, loader, className, classBeingRedefined, protectionDomain, classFile);
    }
  }
}
