package dev.modelwatch.agent;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a config depends on (the config itself and every baseline it names) and a fingerprint
 * of their state: size and a SHA-256 of the content. Content, not modification times: a rewrite
 * within the same second with the same length is still seen, and touching a file reloads nothing.
 */
final class WatchedFiles {
  private WatchedFiles() {}

  /** The config file and the baseline files of {@code config} (record files too), in order, once each. */
  static List<Path> of(Path configFile, AgentConfig config) {
    Set<Path> files = new LinkedHashSet<>();
    files.add(configFile);
    if (config != null) {
      for (ModelConfig model : config.models()) {
        if (model.baseline() != null) {
          files.add(model.baseline().file());
        }
      }
    }
    return List.copyOf(files);
  }

  /** The state of every file now; a missing or unreadable file has a state of its own. */
  static Fingerprint fingerprint(List<Path> files) {
    return read(files).fingerprint();
  }

  /**
   * The content of every file now, fingerprinted later by {@link Contents#fingerprint()}: start-up
   * reads the files beside the config, but leaves the hashing (and the start-up of the JDK's
   * security providers it needs) to a thread off the application's path.
   */
  static Contents read(List<Path> files) {
    List<Object> contents = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        contents.add(Files.readAllBytes(file));
      } catch (IOException e) {
        contents.add("unreadable:" + e.getClass().getSimpleName());
      }
    }
    return new Contents(files, contents);
  }

  /** The files' contents as read at one moment: each a byte[], or the state of an unreadable file. */
  static final class Contents {
    private final List<Path> files;
    private final List<Object> contents;

    private Contents(List<Path> files, List<Object> contents) {
      this.files = files;
      this.contents = contents;
    }

    Fingerprint fingerprint() {
      List<String> states = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        Object content = contents.get(i);
        states.add(
            files.get(i)
                + "="
                + (content instanceof byte[]
                    ? ((byte[]) content).length + ":" + sha256((byte[]) content)
                    : content));
      }
      return new Fingerprint(files, states);
    }
  }

  private static String sha256(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      StringBuilder hex = new StringBuilder(digest.length * 2);
      for (byte b : digest) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      // every JDK has SHA-256; fall back to a weaker hash rather than fail
      return Integer.toHexString(Arrays.hashCode(content));
    }
  }

  /** The files' states at one check; equal fingerprints mean nothing changed. */
  static final class Fingerprint {
    private final List<Path> files;
    private final List<String> states;

    Fingerprint(List<Path> files, List<String> states) {
      this.files = files;
      this.states = states;
    }

    List<Path> files() {
      return files;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Fingerprint && states.equals(((Fingerprint) other).states);
    }

    @Override
    public int hashCode() {
      return states.hashCode();
    }
  }
}
