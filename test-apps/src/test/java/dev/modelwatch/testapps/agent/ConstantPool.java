package dev.modelwatch.testapps.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/** Just enough of a class file's constant pool to list the methods it calls on one class. */
final class ConstantPool {
  private ConstantPool() {}

  /** {@code name + descriptor} of every method reference to {@code owner} (internal name). */
  static List<String> methodsCalledOn(byte[] classFile, String owner) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.readInt(); // magic
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    int[][] nameAndTypes = new int[count][];
    List<int[]> methodRefs = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1:
          utf8[i] = in.readUTF();
          break;
        case 7:
          classNames[i] = in.readUnsignedShort();
          break;
        case 8:
        case 16:
        case 19:
        case 20:
          in.readUnsignedShort();
          break;
        case 3:
        case 4:
          in.readInt();
          break;
        case 5:
        case 6:
          in.readLong();
          i++;
          break;
        case 9:
          in.readUnsignedShort();
          in.readUnsignedShort();
          break;
        case 10:
        case 11:
          methodRefs.add(new int[] {in.readUnsignedShort(), in.readUnsignedShort()});
          break;
        case 12:
          nameAndTypes[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
          break;
        case 15:
          in.readUnsignedByte();
          in.readUnsignedShort();
          break;
        case 17:
        case 18:
          in.readUnsignedShort();
          in.readUnsignedShort();
          break;
        default:
          throw new IOException("unknown constant pool tag " + tag);
      }
    }
    List<String> calls = new ArrayList<>();
    for (int[] ref : methodRefs) {
      if (owner.equals(utf8[classNames[ref[0]]])) {
        int[] nameAndType = nameAndTypes[ref[1]];
        calls.add(utf8[nameAndType[0]] + utf8[nameAndType[1]]);
      }
    }
    return calls;
  }

  /** The JVM descriptor of {@code method}, e.g. {@code (Ljava/lang/String;)V}. */
  static String descriptor(Method method) {
    StringBuilder out = new StringBuilder("(");
    for (Class<?> parameter : method.getParameterTypes()) {
      out.append(descriptor(parameter));
    }
    return out.append(')').append(descriptor(method.getReturnType())).toString();
  }

  private static String descriptor(Class<?> type) {
    if (type.isArray()) {
      return type.getName().replace('.', '/');
    }
    if (type.isPrimitive()) {
      return type == void.class
          ? "V"
          : type == boolean.class
              ? "Z"
              : type == byte.class
                  ? "B"
                  : type == char.class
                      ? "C"
                      : type == short.class
                          ? "S"
                          : type == int.class
                              ? "I"
                              : type == long.class ? "J" : type == float.class ? "F" : "D";
    }
    return "L" + type.getName().replace('.', '/') + ";";
  }
}
