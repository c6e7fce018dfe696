package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.ExtractionException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Optional;

/**
 * Reads ONNX Runtime values ({@code OnnxTensor}, {@code OnnxSequence}, {@code OnnxMap}) through
 * their own classes: the library may live in any class loader, so its classes are never named at
 * compile time. Accessors are looked up once per class and cached.
 *
 * <p>A tensor the application built from Java data keeps that data in a direct buffer; it is read
 * in place (the tensor's {@code buffer}, or {@code getBufferRef()}). Other tensors (outputs,
 * natively created inputs) are read through a view of their native memory, or, where that is not
 * accessible, a copy.
 */
final class OrtValues {
  static final int FLOAT = 0;
  static final int DOUBLE = 1;
  static final int INT8 = 2;
  static final int INT16 = 3;
  static final int INT32 = 4;
  static final int INT64 = 5;
  static final int BOOL = 6;
  static final int STRING = 7;
  static final int UINT8 = 8;
  static final int OTHER = 9;

  private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

  private static final ClassValue<ValueAccess> VALUES =
      new ClassValue<ValueAccess>() {
        @Override
        protected ValueAccess computeValue(Class<?> type) {
          return new ValueAccess(type);
        }
      };

  private static final ClassValue<InfoAccess> INFOS =
      new ClassValue<InfoAccess>() {
        @Override
        protected InfoAccess computeValue(Class<?> type) {
          return new InfoAccess(type);
        }
      };

  /** Element type codes of an {@code OnnxJavaType}, by ordinal. */
  private static final ClassValue<int[]> TYPE_CODES =
      new ClassValue<int[]>() {
        @Override
        protected int[] computeValue(Class<?> type) {
          Object[] constants = type.getEnumConstants();
          int[] codes = new int[constants == null ? 0 : constants.length];
          for (int i = 0; i < codes.length; i++) {
            codes[i] = code(((Enum<?>) constants[i]).name());
          }
          return codes;
        }
      };

  private OrtValues() {}

  /** Whether {@code value} is an ONNX Runtime dense tensor. */
  static boolean isTensor(Object value) {
    return value != null && VALUES.get(value.getClass()).tensor;
  }

  static boolean isSequence(Object value) {
    return value != null && VALUES.get(value.getClass()).sequence;
  }

  static boolean isClosed(Object value) throws ExtractionException {
    MethodHandle isClosed = VALUES.get(value.getClass()).isClosed;
    return isClosed != null && (Boolean) invoke(isClosed, value, "isClosed");
  }

  /** The tensor's shape; the library's own array, not to be modified. */
  static long[] shape(Object tensor) throws ExtractionException {
    Object info = info(tensor);
    return (long[]) invoke(INFOS.get(info.getClass()).shape, info, "shape");
  }

  static int elementType(Object tensor) throws ExtractionException {
    Object info = info(tensor);
    Object type = invoke(INFOS.get(info.getClass()).type, info, "type");
    if (!(type instanceof Enum)) {
      return OTHER;
    }
    int[] codes = TYPE_CODES.get(((Enum<?>) type).getDeclaringClass());
    int ordinal = ((Enum<?>) type).ordinal();
    return ordinal < codes.length ? codes[ordinal] : OTHER;
  }

  /** The tensor's elements without copying when possible; see the class comment. */
  static Buffer elements(Object tensor) throws ExtractionException {
    ValueAccess access = VALUES.get(tensor.getClass());
    if (access.bufferField != null) {
      Object buffer = invoke(access.bufferField, tensor, "buffer");
      if (buffer != null) {
        return (Buffer) buffer;
      }
    } else if (access.bufferRef != null) {
      Optional<?> buffer = (Optional<?>) invoke(access.bufferRef, tensor, "getBufferRef");
      if (buffer.isPresent()) {
        return (Buffer) buffer.get();
      }
    }
    if (access.nativeView != null) {
      return (Buffer) invoke(access.nativeView, tensor, "getBuffer");
    }
    if (access.byteCopy != null) {
      return (Buffer) invoke(access.byteCopy, tensor, "getByteBuffer");
    }
    throw new ExtractionException(
        "cannot read the elements of a " + ExtractionException.typeName(tensor.getClass()));
  }

  /** {@code getValue()}: Java arrays, lists or maps copied out of the value. */
  static Object value(Object value) throws ExtractionException {
    MethodHandle getValue = VALUES.get(value.getClass()).getValue;
    if (getValue == null) {
      throw new ExtractionException(
          ExtractionException.typeName(value.getClass()) + " has no getValue()");
    }
    return invoke(getValue, value, "getValue");
  }

  /** Element {@code i} of a tensor's buffer, counted from the buffer's position. */
  static double at(Buffer buffer, int type, int i) {
    int p = buffer.position() + i;
    if (buffer instanceof FloatBuffer) {
      return ((FloatBuffer) buffer).get(p);
    }
    if (buffer instanceof DoubleBuffer) {
      return ((DoubleBuffer) buffer).get(p);
    }
    if (buffer instanceof IntBuffer) {
      return ((IntBuffer) buffer).get(p);
    }
    if (buffer instanceof LongBuffer) {
      return ((LongBuffer) buffer).get(p);
    }
    if (buffer instanceof ShortBuffer) {
      return ((ShortBuffer) buffer).get(p);
    }
    ByteBuffer bytes = (ByteBuffer) buffer;
    int start = bytes.position();
    switch (type) {
      case FLOAT:
        return bytes.getFloat(start + 4 * i);
      case DOUBLE:
        return bytes.getDouble(start + 8 * i);
      case INT16:
        return bytes.getShort(start + 2 * i);
      case INT32:
        return bytes.getInt(start + 4 * i);
      case INT64:
        return bytes.getLong(start + 8 * i);
      case UINT8:
        return bytes.get(start + i) & 0xff;
      default:
        return bytes.get(start + i);
    }
  }

  /** Whether tensors of this element type can be read as numbers. */
  static boolean numeric(int type) {
    return type != STRING && type != OTHER;
  }

  static String typeName(int type) {
    switch (type) {
      case FLOAT:
        return "float";
      case DOUBLE:
        return "double";
      case INT8:
        return "int8";
      case INT16:
        return "int16";
      case INT32:
        return "int32";
      case INT64:
        return "int64";
      case BOOL:
        return "bool";
      case STRING:
        return "string";
      case UINT8:
        return "uint8";
      default:
        return "float16/other";
    }
  }

  private static Object info(Object tensor) throws ExtractionException {
    MethodHandle getInfo = VALUES.get(tensor.getClass()).getInfo;
    Object info = getInfo == null ? null : invoke(getInfo, tensor, "getInfo");
    if (info == null) {
      throw new ExtractionException(
          ExtractionException.typeName(tensor.getClass()) + " has no tensor info");
    }
    return info;
  }

  private static Object invoke(MethodHandle handle, Object target, String what)
      throws ExtractionException {
    try {
      return (Object) handle.invokeExact(target);
    } catch (Throwable t) {
      throw new ExtractionException(
          "reading "
              + what
              + " of a "
              + ExtractionException.typeName(target.getClass())
              + " threw "
              + ExtractionException.typeName(t.getClass()));
    }
  }

  private static int code(String name) {
    switch (name) {
      case "FLOAT":
        return FLOAT;
      case "DOUBLE":
        return DOUBLE;
      case "INT8":
        return INT8;
      case "INT16":
        return INT16;
      case "INT32":
        return INT32;
      case "INT64":
        return INT64;
      case "BOOL":
        return BOOL;
      case "STRING":
        return STRING;
      case "UINT8":
        return UINT8;
      default:
        return OTHER;
    }
  }

  private static boolean inHierarchy(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  static MethodHandle method(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Method method = c.getDeclaredMethod(name);
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method).asType(GETTER);
      } catch (NoSuchMethodException ignored) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return publicMethod(type, name);
      }
    }
    return null;
  }

  private static MethodHandle publicMethod(Class<?> type, String name) {
    try {
      return MethodHandles.lookup().unreflect(type.getMethod(name)).asType(GETTER);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  static MethodHandle field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return MethodHandles.lookup().unreflectGetter(field).asType(GETTER);
      } catch (NoSuchFieldException ignored) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null; // not accessible (a named module): use the public API
      }
    }
    return null;
  }

  /** Accessors of one value class. */
  private static final class ValueAccess {
    final boolean tensor;
    final boolean sequence;
    final MethodHandle isClosed;
    final MethodHandle getInfo;
    final MethodHandle getValue;
    final MethodHandle bufferField;
    final MethodHandle bufferRef;
    final MethodHandle nativeView;
    final MethodHandle byteCopy;

    ValueAccess(Class<?> type) {
      tensor = inHierarchy(type, "ai.onnxruntime.OnnxTensor");
      sequence = inHierarchy(type, "ai.onnxruntime.OnnxSequence");
      isClosed = publicMethod(type, "isClosed");
      getInfo = publicMethod(type, "getInfo");
      getValue = publicMethod(type, "getValue");
      bufferField = tensor ? field(type, "buffer") : null;
      bufferRef = tensor && bufferField == null ? publicMethod(type, "getBufferRef") : null;
      nativeView = tensor ? method(type, "getBuffer") : null;
      byteCopy = tensor ? publicMethod(type, "getByteBuffer") : null;
    }
  }

  /** Accessors of a TensorInfo class: the shape array without a copy, the element type. */
  private static final class InfoAccess {
    final MethodHandle shape;
    final MethodHandle type;

    InfoAccess(Class<?> type) {
      MethodHandle shapeField = field(type, "shape");
      this.shape = shapeField != null ? shapeField : publicMethod(type, "getShape");
      this.type = field(type, "type");
    }
  }
}
