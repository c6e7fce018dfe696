package dev.modelwatch.testapps.image;

import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelwatch.testapps.djl.WineTranslators;
import dev.modelwatch.testapps.traffic.ServerOptions;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * A server of models that take images, in the forms an image reaches a model: a plain Java method
 * taking a {@code java.awt.image.BufferedImage} ({@link Vision#classify}), ONNX Runtime sessions
 * fed float tensors of shape {@code [N, 3, H, W]} and {@code [N, H, W, 3]}, and a DJL {@code
 * Predictor<Image, Float>}.
 *
 * <ul>
 *   <li>{@code POST /plain}: the body is a PNG, decoded with {@code ImageIO}, for {@link
 *       Vision#classify};
 *   <li>{@code POST /djl}: the body is a PNG, wrapped by DJL's {@code ImageFactory}, through the
 *       predictor of model {@code photos};
 *   <li>{@code POST /nchw} and {@code POST /nhwc}: the body is {@code seed n h w}; the tensor holds
 *       {@link #pixels(long, int)} in that layout, run through {@code nchw.onnx} or {@code
 *       nhwc.onnx} (one {@code Identity} node each).
 * </ul>
 *
 * Prints {@code LISTENING <port>} once serving. Options: {@code --port N}, {@code --model-dir DIR}.
 */
public final class ImageModelServer {
  private ImageModelServer() {}

  /** The plain model: a label from the image's size. */
  public static final class Vision {
    public String classify(BufferedImage image) {
      return image.getWidth() > image.getHeight() ? "landscape" : "portrait";
    }
  }

  /** {@code count} samples from {@code seed}, uniform on [0, 1), in the order the tensor holds. */
  public static float[] pixels(long seed, int count) {
    Random random = new Random(seed);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextFloat();
    }
    return values;
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path modelDir = Path.of("target", "image-models");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--model-dir")) {
        modelDir = Path.of(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(modelDir);
    ServerOptions.offlineDefaults();
    Vision vision = new Vision();
    Path wine = WineOnnxExport.exportIfAbsent(modelDir, WineModels.Task.REGRESSION);
    Path djlDir = Files.createDirectories(modelDir.resolve("djl").resolve("photos"));
    Files.copy(wine, djlDir.resolve("photos.onnx"), StandardCopyOption.REPLACE_EXISTING);
    ZooModel<Image, Float> photos =
        Criteria.builder()
            .setTypes(Image.class, Float.class)
            .optModelPath(djlDir)
            .optModelName("photos")
            .optEngine("OnnxRuntime")
            .optTranslator(WineTranslators.regression(ImageModelServer::row))
            .build()
            .loadModel();
    // after DJL, whose engine creates the process's one environment with options of its own
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession nchw =
        env.createSession(
            identity(modelDir.resolve("nchw.onnx")).toString(), new OrtSession.SessionOptions());
    OrtSession nhwc =
        env.createSession(
            identity(modelDir.resolve("nhwc.onnx")).toString(), new OrtSession.SessionOptions());

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/plain", exchange -> handle(exchange, body -> vision.classify(png(body))));
    server.createContext(
        "/djl",
        exchange ->
            handle(
                exchange,
                body -> {
                  Image image = ImageFactory.getInstance().fromImage(png(body));
                  try (Predictor<Image, Float> predictor = photos.newPredictor()) {
                    return String.valueOf(predictor.predict(image));
                  }
                }));
    server.createContext("/nchw", exchange -> handle(exchange, body -> run(env, nchw, body, true)));
    server.createContext(
        "/nhwc", exchange -> handle(exchange, body -> run(env, nhwc, body, false)));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private static String run(OrtEnvironment env, OrtSession session, byte[] body, boolean first)
      throws Exception {
    String[] parts = new String(body, StandardCharsets.UTF_8).trim().split(" ");
    long seed = Long.parseLong(parts[0]);
    int n = Integer.parseInt(parts[1]);
    int h = Integer.parseInt(parts[2]);
    int w = Integer.parseInt(parts[3]);
    float[] values = pixels(seed, n * 3 * h * w);
    long[] shape = first ? new long[] {n, 3, h, w} : new long[] {n, h, w, 3};
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
        OrtSession.Result result = session.run(Map.of("pixels", tensor))) {
      return "shape " + java.util.Arrays.toString(shape);
    }
  }

  private static BufferedImage png(byte[] body) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
    if (image == null) {
      throw new IOException("the body is not an image ImageIO reads");
    }
    return image;
  }

  /** Maps an image to a wine row (its width and height in the first two columns). */
  static float[] row(Image image) {
    float[] row = new float[12];
    row[0] = image.getWidth();
    row[1] = image.getHeight();
    return row;
  }

  /**
   * Writes (when absent) a model whose float input {@code pixels} of any 4-dimensional shape is
   * returned as output {@code same}: one {@code Identity} node.
   */
  static Path identity(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      return file;
    }
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (String dim : new String[] {"n", "a", "b", "c"}) {
      shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(dim));
    }
    OnnxMl.TypeProto type =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder()
                    .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                    .setShape(shape))
            .build();
    OnnxMl.GraphProto graph =
        OnnxMl.GraphProto.newBuilder()
            .setName("image_identity")
            .addNode(
                OnnxMl.NodeProto.newBuilder()
                    .setOpType("Identity")
                    .setName("same")
                    .addInput("pixels")
                    .addOutput("same"))
            .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("pixels").setType(type))
            .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("same").setType(type))
            .build();
    OnnxMl.ModelProto model =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(7)
            .setProducerName("modelwatch-test-apps")
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build();
    Path partial = file.resolveSibling(file.getFileName() + ".part");
    Files.write(partial, model.toByteArray());
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private interface Model {
    String answer(byte[] body) throws Exception;
  }

  private static void handle(HttpExchange exchange, Model model) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    try {
      respond(exchange, 200, model.answer(body) + "\n");
    } catch (Exception e) {
      respond(exchange, 500, e + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
