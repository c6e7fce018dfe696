package dev.modelwatch.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Which methods of a matched type get one kind of advice, decided from a class file's method
 * entries alone: the name (or constructors), the parameter count and, per constrained position, the
 * erased type names allowed there. Abstract, native, bridge and synthetic methods never match.
 */
public final class MethodMatch {
  /** Matches no method. */
  static final MethodMatch NONE = new MethodMatch(null, false, -1, Map.of());

  private final String name;
  private final boolean constructors;
  private final int count;
  private final List<Map.Entry<Integer, List<String>>> types;

  private MethodMatch(
      String name, boolean constructors, int count, Map<Integer, List<String>> types) {
    this.name = name;
    this.constructors = constructors;
    this.count = count;
    this.types = new ArrayList<>(types.entrySet());
  }

  /**
   * Methods of this name.
   *
   * @param count the parameter count, -1 for any
   * @param types erased type names allowed per position ({@code java.lang.String}, {@code float[]})
   */
  static MethodMatch named(String name, int count, Map<Integer, List<String>> types) {
    return new MethodMatch(name, false, count, types);
  }

  /** Constructors, with the same parameter constraints as {@link #named}. */
  static MethodMatch constructors(int count, Map<Integer, List<String>> types) {
    return new MethodMatch(null, true, count, types);
  }

  /** Methods of this name whose parameter types are exactly these erased names. */
  static MethodMatch exactly(String name, List<String> parameterTypes) {
    Map<Integer, List<String>> types = new java.util.HashMap<>();
    for (int i = 0; i < parameterTypes.size(); i++) {
      types.put(i, List.of(parameterTypes.get(i)));
    }
    return new MethodMatch(name, false, parameterTypes.size(), types);
  }

  boolean matchesNothing() {
    return name == null && !constructors;
  }

  /** Whether the method of this class file entry matches. */
  public boolean matches(int access, String methodName, String descriptor) {
    if (matchesNothing()
        || (access
                & (Opcodes.ACC_ABSTRACT
                    | Opcodes.ACC_NATIVE
                    | Opcodes.ACC_BRIDGE
                    | Opcodes.ACC_SYNTHETIC))
            != 0) {
      return false;
    }
    if (constructors
        ? !"<init>".equals(methodName)
        : methodName.startsWith("<") || !methodName.equals(name)) {
      return false;
    }
    if (count < 0 && types.isEmpty()) {
      return true;
    }
    Type[] parameters = Type.getArgumentTypes(descriptor);
    if (count >= 0 && parameters.length != count) {
      return false;
    }
    for (Map.Entry<Integer, List<String>> constraint : types) {
      int index = constraint.getKey();
      if (index >= parameters.length
          || !constraint.getValue().contains(parameters[index].getClassName())) {
        return false;
      }
    }
    return true;
  }
}
