package dev.modelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What counts as a change of the watched files, and which files a config makes watched. */
class WatchedFilesTest {
  @TempDir Path dir;

  @Test
  void theConfigAndEachBaselineItNamesAreWatchedOnce() throws Exception {
    Path config = dir.resolve("modelwatch.yaml");
    AgentConfig parsed =
        ConfigLoader.parse(
            "models:\n"
                + "  - name: a\n"
                + "    intercept: {class: com.acme.A, method: score}\n"
                + "    baseline: a.yaml\n"
                + "  - name: b\n"
                + "    intercept: {class: com.acme.B, method: score}\n"
                + "    baseline: {record: b.yaml}\n"
                + "  - name: c\n"
                + "    intercept: {class: com.acme.C, method: score}\n"
                + "    baseline: a.yaml\n"
                + "  - name: d\n"
                + "    intercept: {class: com.acme.D, method: score}\n",
            config);
    assertEquals(
        List.of(config, dir.resolve("a.yaml"), dir.resolve("b.yaml")),
        WatchedFiles.of(config, parsed));
  }

  @Test
  void touchingIsNoChange() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "models: []\n");
    WatchedFiles.Fingerprint before = WatchedFiles.fingerprint(List.of(file));
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
    assertEquals(before, WatchedFiles.fingerprint(List.of(file)));
  }

  @Test
  void aSameLengthEditWithTheSameTimeIsAChange() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "name: aaa\n");
    FileTime time = Files.getLastModifiedTime(file);
    WatchedFiles.Fingerprint before = WatchedFiles.fingerprint(List.of(file));
    Files.writeString(file, "name: bbb\n");
    Files.setLastModifiedTime(file, time);
    assertNotEquals(before, WatchedFiles.fingerprint(List.of(file)));
  }

  @Test
  void aMissingFileIsAStateOfItsOwnAndItsReturnIsNoChange() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "name: a\n");
    WatchedFiles.Fingerprint before = WatchedFiles.fingerprint(List.of(file));
    Files.delete(file);
    WatchedFiles.Fingerprint missing = WatchedFiles.fingerprint(List.of(file));
    assertNotEquals(before, missing);
    assertEquals(missing, WatchedFiles.fingerprint(List.of(file)));
    Files.writeString(file, "name: a\n");
    assertEquals(before, WatchedFiles.fingerprint(List.of(file)));
  }

  @Test
  void aChangedBaselineIsAChange() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yaml"), "models: []\n");
    Path baseline = Files.writeString(dir.resolve("b.yaml"), "features: {}\n");
    WatchedFiles.Fingerprint before = WatchedFiles.fingerprint(List.of(config, baseline));
    Files.writeString(baseline, "features: {x: 1}\n");
    assertNotEquals(before, WatchedFiles.fingerprint(List.of(config, baseline)));
  }

  @Test
  void aFileWithTheSameSizeTimeAndIdentityIsNotReadAgain() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "name: aaa\n");
    FileTime anHourAgo = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    Files.setLastModifiedTime(file, anHourAgo);
    WatchedFiles.Fingerprint before = WatchedFiles.read(List.of(file), null).fingerprint();
    Files.writeString(file, "name: bbb\n");
    Files.setLastModifiedTime(file, anHourAgo);
    assertEquals(before, WatchedFiles.read(List.of(file), before).fingerprint());
    assertNotEquals(before, WatchedFiles.fingerprint(List.of(file)));
    Files.setLastModifiedTime(file, FileTime.fromMillis(anHourAgo.toMillis() + 1_000));
    assertNotEquals(before, WatchedFiles.read(List.of(file), before).fingerprint());
  }

  @Test
  void aFileModifiedJustBeforeItWasReadIsReadAgainEvenWithTheSameSizeAndTime() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "name: aaa\n");
    FileTime time = Files.getLastModifiedTime(file);
    WatchedFiles.Fingerprint before = WatchedFiles.read(List.of(file), null).fingerprint();
    Files.writeString(file, "name: bbb\n");
    Files.setLastModifiedTime(file, time);
    assertNotEquals(before, WatchedFiles.read(List.of(file), before).fingerprint());
  }

  @Test
  void aDeviceAFifoAndAFileOverTheLimitAreStatesOfTheirOwnAndNeverOpened() throws Exception {
    Path config = Files.writeString(dir.resolve("c.yaml"), "models: []\n");
    WatchedFiles.Fingerprint regular = WatchedFiles.fingerprint(List.of(config));
    Files.delete(config);
    Files.createSymbolicLink(config, Path.of("/dev/zero"));
    WatchedFiles.Fingerprint device = WatchedFiles.fingerprint(List.of(config));
    assertNotEquals(regular, device);
    Files.delete(config);
    assertEquals(0, new ProcessBuilder("mkfifo", config.toString()).start().waitFor());
    // a FIFO nobody writes to: opening it would block this thread for good
    WatchedFiles.Fingerprint fifo =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> WatchedFiles.fingerprint(List.of(config)));
    assertNotEquals(device, fifo);
    Files.delete(config);
    try (RandomAccessFile sparse = new RandomAccessFile(config.toFile(), "rw")) {
      sparse.setLength(ConfigLoader.MAX_BYTES + 1);
    }
    WatchedFiles.Fingerprint large = WatchedFiles.fingerprint(List.of(config));
    assertNotEquals(fifo, large);
    assertNotEquals(regular, large);
  }
}
