package dev.modelwatch.agent.instrument;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Predicate;

/**
 * Accepts class loaders that can see a class file by name. Checked once per loader and cached, so
 * the type hierarchy of classes in loaders without the library is never resolved.
 */
public final class HasClassResource implements Predicate<ClassLoader> {
  private final String resource;
  private final Map<ClassLoader, Boolean> cache = new WeakHashMap<>();

  public HasClassResource(String className) {
    this.resource = className.replace('.', '/') + ".class";
  }

  @Override
  public boolean test(ClassLoader loader) {
    if (loader == null) {
      return false; // the bootstrap loader holds no model code
    }
    synchronized (cache) {
      Boolean known = cache.get(loader);
      if (known == null) {
        known = loader.getResource(resource) != null;
        cache.put(loader, known);
      }
      return known;
    }
  }
}
