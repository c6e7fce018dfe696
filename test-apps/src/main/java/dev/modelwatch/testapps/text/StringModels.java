package dev.modelwatch.testapps.text;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** ONNX models that take text: built here from the ONNX protobuf schema, no training needed. */
public final class StringModels {
  private StringModels() {}

  /**
   * Writes (when absent) a model whose input {@code text}, a string tensor of shape [N], is
   * returned as output {@code echo}: the graph is one {@code Identity} node.
   */
  public static Path identity(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      return file;
    }
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("text_identity")
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("Identity")
                    .setName("echo")
                    .addInput("text")
                    .addOutput("echo"))
            .addInput(stringVector("text"))
            .addOutput(stringVector("echo"))
            .build();
    OnnxMl.ModelProto model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("modelwatch-test-apps")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    Files.write(partial, model.toByteArray());
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private static OnnxMl.ValueInfoProto stringVector(String name) {
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.STRING.getNumber())
                        .setShape(
                            OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(
                                    OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                        .setDimParam("N")))))
        .build();
  }
}
