package dev.modelwatch.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Types in extraction messages are named as Java source writes them, never as the JVM does. */
class ExtractionExceptionTest {
  /** A nested class, as an application's model or result class often is. */
  static final class Row {}

  /** An inner (non-static) class. */
  final class Pixel {}

  @Test
  void primitiveArraysAreNamedAsJavaWritesThem() {
    assertEquals("float[]", ExtractionException.typeName(float[].class));
    assertEquals("double[]", ExtractionException.typeName(double[].class));
    assertEquals("int[]", ExtractionException.typeName(int[].class));
    assertEquals("long[]", ExtractionException.typeName(long[].class));
    assertEquals("boolean[]", ExtractionException.typeName(boolean[].class));
    assertEquals("byte[]", ExtractionException.typeName(byte[].class));
    assertEquals("float", ExtractionException.typeName(float.class));
  }

  @Test
  void nestedArraysHaveOneBracketPairPerDimension() {
    assertEquals("float[][]", ExtractionException.typeName(float[][].class));
    assertEquals("float[][][]", ExtractionException.typeName(float[][][].class));
    assertEquals("double[][][][]", ExtractionException.typeName(double[][][][].class));
  }

  @Test
  void objectArraysNameTheirElementClass() {
    assertEquals("java.lang.String[]", ExtractionException.typeName(String[].class));
    assertEquals("java.lang.String[][]", ExtractionException.typeName(String[][].class));
    assertEquals("java.lang.Object[]", ExtractionException.typeName(Object[].class));
  }

  @Test
  void nestedAndInnerClassesAreNamedWithDotsAnonymousOnesKeepTheirBinaryName() {
    assertEquals("java.util.Map.Entry", ExtractionException.typeName(Map.Entry.class));
    assertEquals(
        "dev.modelwatch.extension.ExtractionExceptionTest.Row",
        ExtractionException.typeName(Row.class));
    assertEquals(
        "dev.modelwatch.extension.ExtractionExceptionTest.Pixel[]",
        ExtractionException.typeName(Pixel[].class));
    Object anonymous = new Object() {};
    assertEquals(
        anonymous.getClass().getName(), ExtractionException.typeName(anonymous.getClass()));
  }

  @Test
  void nullIsNull() {
    assertEquals("null", ExtractionException.typeName(null));
    assertEquals("null", ExtractionException.describe(null));
  }

  @Test
  void describeNamesAValuesTypeWithItsArrayLength() {
    assertEquals("float[3]", ExtractionException.describe(new float[3]));
    assertEquals("float[7][]", ExtractionException.describe(new float[7][2]));
    assertEquals("float[4][][]", ExtractionException.describe(new float[4][3][2]));
    assertEquals("java.lang.String[2][]", ExtractionException.describe(new String[2][1]));
    assertEquals(
        "dev.modelwatch.extension.ExtractionExceptionTest.Row[1]",
        ExtractionException.describe(new Row[1]));
    assertEquals(
        "dev.modelwatch.extension.ExtractionExceptionTest.Row",
        ExtractionException.describe(new Row()));
    assertEquals("java.lang.Integer", ExtractionException.describe(7));
    assertEquals(List.of().getClass().getCanonicalName(), ExtractionException.describe(List.of()));
  }
}
