package dev.modelwatch.agent;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.BoundedFileReader;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a config depends on (the config itself and every baseline it names) and a fingerprint
 * of their state: a SHA-256 of the content. Content, not modification times: touching a file
 * reloads nothing. A file is read only when its size, modification time or identity differ from the
 * previous check (or it had been modified just before it was read, when a rewrite in the same clock
 * tick could keep all three), so a file that stays as it is costs one {@code stat} a check. Files
 * are read within the limits the config and baseline loaders apply, regular files only.
 */
final class WatchedFiles {
  /** A file modified this shortly before it was read may change again without its time changing. */
  static final long RACY_MILLIS = 2_000;

  private WatchedFiles() {}

  /**
   * The config file and the baseline files of {@code config} (record files too), in order, once
   * each.
   */
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

  /**
   * The state of every file now, each read afresh; a missing or unreadable file has a state of its
   * own.
   */
  static Fingerprint fingerprint(List<Path> files) {
    return read(files).fingerprint();
  }

  /**
   * The content of every file now, fingerprinted later by {@link Contents#fingerprint()}: start-up
   * reads the files beside the config, but leaves the hashing (and the start-up of the JDK's
   * security providers it needs) to a thread off the application's path.
   */
  static Contents read(List<Path> files) {
    return read(files, null);
  }

  /**
   * Like {@link #read(List)}, but a file whose size, modification time and identity are as in
   * {@code previous} (and were already settled when it was read) keeps its state from there,
   * unread.
   */
  static Contents read(List<Path> files, Fingerprint previous) {
    List<FileState> states = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      long maxBytes = i == 0 ? ConfigLoader.MAX_BYTES : BaselineFile.MAX_BYTES;
      states.add(FileState.read(file, maxBytes, previous == null ? null : previous.stateOf(file)));
    }
    return new Contents(files, states);
  }

  /** The files' contents as read at one moment. */
  static final class Contents {
    private final List<Path> files;
    private final List<FileState> states;

    private Contents(List<Path> files, List<FileState> states) {
      this.files = files;
      this.states = states;
    }

    Fingerprint fingerprint() {
      List<FileState> hashed = new ArrayList<>(states.size());
      for (FileState state : states) {
        hashed.add(state.hashed());
      }
      return new Fingerprint(files, hashed);
    }
  }

  /**
   * One file at one check: its attributes (null if it could not be stat'ed or is no regular file)
   * and its state, a hash of its content or why it could not be read. Before {@link #hashed} the
   * content itself is held instead of its hash.
   */
  static final class FileState {
    private final Path file;
    private final String attributes;
    private final boolean racy;
    private final byte[] content;
    private final String state;

    private FileState(Path file, String attributes, boolean racy, byte[] content, String state) {
      this.file = file;
      this.attributes = attributes;
      this.racy = racy;
      this.content = content;
      this.state = state;
    }

    static FileState read(Path file, long maxBytes, FileState previous) {
      BasicFileAttributes found;
      try {
        found = Files.readAttributes(file, BasicFileAttributes.class);
      } catch (NoSuchFileException e) {
        return new FileState(file, null, false, null, "missing");
      } catch (IOException | RuntimeException e) {
        return new FileState(file, null, false, null, "unreadable:" + e.getClass().getSimpleName());
      }
      try {
        BoundedFileReader.check(file, found, maxBytes);
      } catch (BoundedFileReader.RefusedFileException e) {
        return new FileState(file, null, false, null, "refused:" + e.getMessage());
      }
      String attributes =
          found.size() + ":" + found.lastModifiedTime().toMillis() + ":" + found.fileKey();
      if (previous != null && !previous.racy && attributes.equals(previous.attributes)) {
        return previous;
      }
      long readAt = System.currentTimeMillis();
      boolean racy = found.lastModifiedTime().toMillis() > readAt - RACY_MILLIS;
      try {
        return new FileState(file, attributes, racy, BoundedFileReader.read(file, maxBytes), null);
      } catch (IOException | RuntimeException e) {
        return new FileState(
            file,
            null,
            false,
            null,
            "unreadable:" + e.getClass().getSimpleName() + ":" + e.getMessage());
      }
    }

    FileState hashed() {
      return content == null
          ? this
          : new FileState(file, attributes, racy, null, content.length + ":" + sha256(content));
    }

    Path file() {
      return file;
    }

    String state() {
      return state;
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

  /** The files' states at one check; equal fingerprints mean the same contents. */
  static final class Fingerprint {
    private final List<Path> files;
    private final List<FileState> states;
    private final List<String> contents;

    Fingerprint(List<Path> files, List<FileState> states) {
      this.files = files;
      this.states = states;
      this.contents = new ArrayList<>(states.size());
      for (FileState state : states) {
        contents.add(state.file() + "=" + state.state());
      }
    }

    List<Path> files() {
      return files;
    }

    FileState stateOf(Path file) {
      for (FileState state : states) {
        if (state.file().equals(file)) {
          return state;
        }
      }
      return null;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Fingerprint && contents.equals(((Fingerprint) other).contents);
    }

    @Override
    public int hashCode() {
      return contents.hashCode();
    }
  }
}
