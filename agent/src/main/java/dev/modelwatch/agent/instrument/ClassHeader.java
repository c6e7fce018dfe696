package dev.modelwatch.agent.instrument;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The access flags, super class and interfaces of a class file, read from its constant pool without
 * building anything else: what {@link LoadFilter} needs to tell whether a class can have a
 * configured type among its super types, at a fraction of the cost of a full type description.
 */
final class ClassHeader {
  static final int ACC_INTERFACE = 0x0200;

  final int access;

  /**
   * Internal name ({@code java/lang/Object}); null for {@code java.lang.Object} and {@code
   * module-info}.
   */
  final String superName;

  final String[] interfaces;

  private ClassHeader(int access, String superName, String[] interfaces) {
    this.access = access;
    this.superName = superName;
    this.interfaces = interfaces;
  }

  boolean isInterface() {
    return (access & ACC_INTERFACE) != 0;
  }

  /**
   * The header of {@code classFile}, or null when it is not a class file this reader understands.
   */
  static ClassHeader read(byte[] classFile) {
    try {
      return parse(classFile);
    } catch (RuntimeException | IOException e) {
      return null;
    }
  }

  private static ClassHeader parse(byte[] b) throws IOException {
    if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
      return null;
    }
    int count = u2(b, 8);
    int[] offsets = new int[count];
    int offset = 10;
    for (int i = 1; i < count; i++) {
      offsets[i] = offset;
      int tag = b[offset];
      switch (tag) {
        case 1: // Utf8
          offset += 3 + u2(b, offset + 1);
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          offset += 3;
          break;
        case 15: // MethodHandle
          offset += 4;
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          offset += 5;
          break;
        case 5: // Long
        case 6: // Double
          offset += 9;
          i++;
          break;
        default:
          return null;
      }
    }
    int access = u2(b, offset);
    int superIndex = u2(b, offset + 4);
    int interfaceCount = u2(b, offset + 6);
    String[] interfaces = new String[interfaceCount];
    for (int i = 0; i < interfaceCount; i++) {
      interfaces[i] = className(b, offsets, u2(b, offset + 8 + 2 * i));
    }
    return new ClassHeader(
        access, superIndex == 0 ? null : className(b, offsets, superIndex), interfaces);
  }

  /** The name of the Class constant at {@code index}. */
  private static String className(byte[] b, int[] offsets, int index) throws IOException {
    int classOffset = offsets[index];
    if (b[classOffset] != 7) {
      throw new IOException("not a class constant");
    }
    int utf8 = offsets[u2(b, classOffset + 1)];
    if (b[utf8] != 1) {
      throw new IOException("not a name");
    }
    int length = u2(b, utf8 + 1);
    int start = utf8 + 3;
    for (int i = start; i < start + length; i++) {
      if (b[i] < 0) { // not ASCII: modified UTF-8, as DataInput reads it
        return new DataInputStream(new ByteArrayInputStream(b, utf8 + 1, length + 2)).readUTF();
      }
    }
    return new String(b, start, length, StandardCharsets.ISO_8859_1);
  }

  private static int u2(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }

  private static int u4(byte[] b, int offset) {
    return (u2(b, offset) << 16) | u2(b, offset + 2);
  }
}
