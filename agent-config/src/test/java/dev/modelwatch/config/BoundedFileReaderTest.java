package dev.modelwatch.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.modelwatch.config.baseline.BaselineException;
import dev.modelwatch.config.baseline.BaselineFile;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only regular files, within a size limit, are read; anything else is refused, unopened, saying
 * what it is.
 */
class BoundedFileReaderTest {
  @TempDir Path dir;

  @Test
  void readsARegularFileUpToTheLimit() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "models: []\n");
    assertArrayEquals(
        "models: []\n".getBytes(StandardCharsets.UTF_8), BoundedFileReader.read(file, 11));
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
    assertEquals(0, BoundedFileReader.read(empty, 11).length);
  }

  @Test
  void refusesAFileOverTheLimitUnread() throws Exception {
    Path file = dir.resolve("sparse.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(600L << 20);
    }
    assertEquals("it is 629145600 bytes", refusal(file, 1 << 20));
    Path small = Files.writeString(dir.resolve("c.yaml"), "models: []\n");
    assertEquals("it is 11 bytes", refusal(small, 10));
  }

  @Test
  void refusesADirectoryADeviceAndAFifoSayingWhatTheyAre() throws Exception {
    assertEquals("it is a directory, not a regular file", refusal(dir, 100));
    assertEquals(
        "it is a character device, not a regular file", refusal(Path.of("/dev/zero"), 100));
    Path link = Files.createSymbolicLink(dir.resolve("zero.yaml"), Path.of("/dev/zero"));
    assertEquals(
        "it is a character device, not a regular file ("
            + link
            + " is a symbolic link to /dev/zero)",
        refusal(link, 100));
    Path fifo = dir.resolve("fifo.yaml");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    // nobody writes to it: opening it would block for good
    assertEquals(
        "it is a FIFO (named pipe), not a regular file",
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refusal(fifo, 100)));
  }

  @Test
  void theConfigAndBaselineLoadersSayWhichFileAndHowToFixIt() throws Exception {
    Path config = Files.createSymbolicLink(dir.resolve("modelwatch.yaml"), Path.of("/dev/zero"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(config));
    assertEquals(
        List.of(
            config
                + ": cannot read the file: it is a character device, not a regular file ("
                + config
                + " is a symbolic link to /dev/zero); a config must be a regular file of at most 4194304"
                + " bytes"),
        List.of(e.problems().get(0).toString()));
    Path baseline = Files.createSymbolicLink(dir.resolve("baseline.yaml"), Path.of("/dev/zero"));
    BaselineException b = assertThrows(BaselineException.class, () -> BaselineFile.read(baseline));
    assertEquals(
        "Baseline file "
            + baseline
            + ": cannot read the file: it is a character device, not a regular"
            + " file ("
            + baseline
            + " is a symbolic link to /dev/zero)\nFix: a baseline must be a regular file of"
            + " at most 12582912 bytes: point the model's baseline at one, or regenerate it from the training data"
            + " with: java -jar modelwatch-agent.jar baseline --data <training.csv> --config <modelwatch.yaml>"
            + " --model <name> --out <file>",
        b.getMessage());
  }

  private static String refusal(Path file, long maxBytes) {
    return assertThrows(
            BoundedFileReader.RefusedFileException.class,
            () -> BoundedFileReader.read(file, maxBytes))
        .getMessage();
  }
}
