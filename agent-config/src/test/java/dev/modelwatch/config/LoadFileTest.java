package dev.modelwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadFileTest {
  @TempDir Path dir;

  @Test
  void loadsAFileAndResolvesTheBaselineBesideIt() throws IOException, ConfigException {
    Path file = dir.resolve("modelwatch.yaml");
    Files.writeString(file, Yamls.model("baseline: wine-baseline.yaml"));
    AgentConfig config = ConfigLoader.load(file);
    assertEquals(file, config.source());
    assertEquals(
        dir.resolve("wine-baseline.yaml").toAbsolutePath(),
        config.models().get(0).baseline().file());
  }

  @Test
  void problemsNameTheFile() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "models: []\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(
        List.of(file + ":1: models: at least one model is required"),
        List.of(e.problems().get(0).toString()));
    assertTrue(e.getMessage().endsWith("check-config " + file), e.getMessage());
  }

  @Test
  void missingFileIsOneProblemSayingSo() {
    Path file = dir.resolve("absent.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(1, e.problems().size());
    assertEquals(
        file
            + ": file not found (working directory: "
            + Path.of("").toAbsolutePath()
            + "); check the config= agent argument or MODELWATCH_CONFIG",
        e.problems().get(0).toString());
  }

  @Test
  void directoryInsteadOfAFile() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).message().startsWith("cannot read the file: "), e.getMessage());
  }

  @Test
  void textThatIsNotUtf8() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "models: [{name: caf\u00e9}]\n".getBytes(StandardCharsets.ISO_8859_1));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(
        List.of(file + ": the file is not valid UTF-8 text; save it as UTF-8"),
        List.of(e.problems().get(0).toString()));
  }
}
