package dev.modelwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent image tar that Jib writes in the package phase, read as an OCI image layout: digests
 * and sizes recomputed here, the layers' files at the paths deploy/ and README.md, Deploying name,
 * byte for byte the built agent jar and the default config, readable by any user, and the image's
 * labels.
 */
class AgentImageTest {
  static final String JAR_PATH = "modelwatch/modelwatch-agent.jar";
  static final String CONFIG_PATH = "modelwatch/config/modelwatch.yaml";

  private static final Path ROOT = RepositoryFiles.root();
  private static Map<String, TarArchive.Entry> layout;
  private static Map<String, Object> manifest;
  private static Map<String, Object> config;
  private static List<Map<String, TarArchive.Entry>> layers;

  @BeforeAll
  static void readImage() throws IOException {
    Path tar =
        Paths.get(
            System.getProperty(
                "modelwatch.image.tar",
                ROOT.resolve("deploy/image/target/modelwatch-agent-image.tar").toString()));
    assertTrue(
        Files.isRegularFile(tar),
        "the image tar "
            + tar
            + " is missing: build it with"
            + " `mvn -B -pl deploy/image -am package -DskipTests`");
    layout = TarArchive.read(Files.readAllBytes(tar));
    Map<String, Object> index = json(blobAt("index.json"), "index.json");
    List<Object> manifests = RepositoryFiles.list(index.get("manifests"), "index.json manifests");
    assertEquals(1, manifests.size(), "index.json: " + index);
    Map<String, Object> descriptor =
        RepositoryFiles.map(manifests.get(0), "index.json manifests[0]");
    manifest = json(verifiedBlob(descriptor), "the manifest");
    config =
        json(
            verifiedBlob(RepositoryFiles.map(manifest.get("config"), "manifest config")),
            "the config");
    layers = new java.util.ArrayList<>();
    for (Object layer : RepositoryFiles.list(manifest.get("layers"), "manifest layers")) {
      layers.add(
          TarArchive.readGzipped(verifiedBlob(RepositoryFiles.map(layer, "manifest layer"))));
    }
  }

  @Test
  void isAnOciImageLayoutNamedAfterTheProjectVersion() throws IOException {
    assertEquals(Map.of("imageLayoutVersion", "1.0.0"), json(blobAt("oci-layout"), "oci-layout"));
    Map<String, Object> index = json(blobAt("index.json"), "index.json");
    Map<String, Object> descriptor =
        RepositoryFiles.map(
            RepositoryFiles.list(index.get("manifests"), "manifests").get(0), "manifests[0]");
    assertEquals("application/vnd.oci.image.manifest.v1+json", descriptor.get("mediaType"));
    assertEquals(
        Map.of("org.opencontainers.image.ref.name", "modelwatch-agent:" + version()),
        descriptor.get("annotations"));
    assertEquals(
        "application/vnd.oci.image.config.v1+json",
        RepositoryFiles.map(manifest.get("config"), "config").get("mediaType"));
  }

  @Test
  void holdsExactlyTheAgentJarAndTheDefaultConfigInTwoLayers() throws IOException {
    assertEquals(2, layers.size(), "layers: " + layers);
    // the config layer first: the jar, which changes with every build, is the last layer
    assertEquals(
        List.of("modelwatch", "modelwatch/config", CONFIG_PATH), TarArchive.paths(layers.get(0)));
    assertEquals(List.of("modelwatch", JAR_PATH), TarArchive.paths(layers.get(1)));
    for (Object layer : RepositoryFiles.list(manifest.get("layers"), "layers")) {
      assertEquals(
          "application/vnd.oci.image.layer.v1.tar+gzip",
          RepositoryFiles.map(layer, "layer").get("mediaType"));
    }

    Path builtJar =
        Paths.get(
            System.getProperty(
                "modelwatch.agent.jar",
                ROOT.resolve("agent/target/modelwatch-agent.jar").toString()));
    assertArrayEquals(
        Files.readAllBytes(builtJar),
        layers.get(1).get(JAR_PATH).content,
        "the image's jar differs from " + builtJar);
    assertArrayEquals(
        Files.readAllBytes(ROOT.resolve("deploy/image/src/main/resources/modelwatch.yaml")),
        layers.get(0).get(CONFIG_PATH).content);
  }

  @Test
  void everyFileIsOwnedByRootAndReadableByAnyUser() {
    for (Map<String, TarArchive.Entry> layer : layers) {
      for (TarArchive.Entry entry : layer.values()) {
        assertEquals(0, entry.uid, entry.toString());
        assertEquals(0, entry.gid, entry.toString());
        // pods often run as an arbitrary non-root user: files 0644, directories 0755
        assertEquals(entry.isDirectory() ? 0755 : 0644, entry.mode & 07777, entry.toString());
        assertTrue(entry.type == '5' || entry.type == '0', "only files and directories: " + entry);
      }
    }
  }

  @Test
  void configHasTheLabelsNoEntrypointAndTheLayersDiffIds() throws Exception {
    Map<String, Object> containerConfig =
        RepositoryFiles.map(config.get("config"), "config.config");
    Map<String, Object> expectedLabels =
        new TreeMap<>(
            Map.of(
                "org.opencontainers.image.title",
                "modelwatch-agent",
                "org.opencontainers.image.description",
                "ModelWatch -javaagent jar at /"
                    + JAR_PATH
                    + " and a default config at /"
                    + CONFIG_PATH,
                "org.opencontainers.image.version",
                version(),
                "org.opencontainers.image.licenses",
                "Apache-2.0",
                "dev.modelwatch.agent.jar",
                "/" + JAR_PATH,
                "dev.modelwatch.config",
                "/" + CONFIG_PATH));
    assertEquals(
        expectedLabels,
        new TreeMap<>(RepositoryFiles.map(containerConfig.get("Labels"), "Labels")));
    // a files-only image: nothing to run
    assertFalse(containerConfig.containsKey("Entrypoint"), containerConfig.toString());
    assertFalse(containerConfig.containsKey("Cmd"), containerConfig.toString());
    // Jib's default platform; README.md, Deploying says how to build for arm64
    assertEquals("linux", config.get("os"));
    assertEquals("amd64", config.get("architecture"));

    // diff_ids are the digests of the uncompressed layers, in layer order
    List<Object> diffIds =
        RepositoryFiles.list(
            RepositoryFiles.map(config.get("rootfs"), "rootfs").get("diff_ids"), "diff_ids");
    List<Object> layerDescriptors = RepositoryFiles.list(manifest.get("layers"), "layers");
    assertEquals(layerDescriptors.size(), diffIds.size());
    for (int i = 0; i < diffIds.size(); i++) {
      byte[] gzipped = verifiedBlob(RepositoryFiles.map(layerDescriptors.get(i), "layer"));
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
        assertEquals(
            "sha256:" + sha256(in.readAllBytes()), diffIds.get(i), "diff_id of layer " + i);
      }
    }
  }

  @Test
  void theImagesAgentJarAcceptsTheImagesDefaultConfig(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("modelwatch-agent.jar");
    Path yaml = dir.resolve("modelwatch.yaml");
    Files.write(jar, layers.get(1).get(JAR_PATH).content);
    Files.write(yaml, layers.get(0).get(CONFIG_PATH).content);

    ToolRun check = ToolRun.checkConfig(jar, yaml);

    assertEquals(0, check.exitCode, check::describe);
    assertTrue(
        check.output.contains("Metrics endpoint: http://0.0.0.0:9464/metrics"), check::describe);
  }

  private static String version() {
    return System.getProperty("modelwatch.version", "0.1.0-SNAPSHOT");
  }

  private static byte[] blobAt(String path) {
    TarArchive.Entry entry = layout.get(path);
    assertTrue(entry != null, path + " is missing from the image tar; it holds " + layout.keySet());
    return entry.content;
  }

  /**
   * The blob a descriptor names, after checking that its size and sha256 digest match the
   * descriptor.
   */
  private static byte[] verifiedBlob(Map<String, Object> descriptor) {
    String digest = String.valueOf(descriptor.get("digest"));
    assertTrue(digest.startsWith("sha256:"), "digest " + digest);
    byte[] blob = blobAt("blobs/sha256/" + digest.substring("sha256:".length()));
    assertEquals(((Number) descriptor.get("size")).longValue(), blob.length, "size of " + digest);
    assertEquals(digest, "sha256:" + sha256(blob), "digest of blobs/sha256/" + digest);
    return blob;
  }

  private static Map<String, Object> json(byte[] bytes, String where) {
    return RepositoryFiles.yaml(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), where);
  }

  private static String sha256(byte[] bytes) {
    try {
      return String.format(
          "%064x", new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(bytes)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
