package dev.modelwatch.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and validates the agent's YAML config. Every problem is reported at once, each with its
 * line and YAML path; a config with any problem is rejected as a whole.
 */
public final class ConfigLoader {
  /** A config is a page or two of YAML; anything far larger is a mistake (or an attack). */
  public static final int MAX_CHARACTERS = 1 << 20;

  /**
   * The most bytes {@link #MAX_CHARACTERS} characters take in UTF-8; a larger file is refused
   * unread.
   */
  public static final long MAX_BYTES = MAX_CHARACTERS * 4L;

  private static final int MAX_ALIASES = 50;
  private static final int MAX_NESTING = 50;
  private static final String UNNAMED_SOURCE = "<config>";

  private ConfigLoader() {}

  /**
   * @throws ConfigException listing every problem; an unreadable file is one problem saying why
   */
  public static AgentConfig load(Path file) throws ConfigException {
    return load(file, LibraryCatalog.installed());
  }

  /**
   * @param libraries the libraries intercepts may name (the built-in ones and those of extension
   *     jars)
   * @throws ConfigException listing every problem; an unreadable file is one problem saying why
   */
  public static AgentConfig load(Path file, LibraryCatalog libraries) throws ConfigException {
    String source = file.toString();
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(BoundedFileReader.read(file, MAX_BYTES)))
              .toString();
    } catch (BoundedFileReader.RefusedFileException e) {
      throw fileProblem(
          source,
          "cannot read the file: "
              + e.getMessage()
              + "; a config must be a regular file"
              + " of at most "
              + MAX_BYTES
              + " bytes");
    } catch (NoSuchFileException e) {
      throw fileProblem(
          source,
          "file not found (working directory: "
              + Path.of("").toAbsolutePath()
              + "); check the config= agent argument or MODELWATCH_CONFIG");
    } catch (AccessDeniedException e) {
      throw fileProblem(
          source, "cannot read the file: permission denied for the user running the JVM");
    } catch (CharacterCodingException e) {
      throw fileProblem(source, "the file is not valid UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw fileProblem(source, "cannot read the file: " + e);
    }
    return parse(text, file, libraries);
  }

  /**
   * @param source the file the text came from: names it in problems and anchors relative baseline
   *     paths; may be null
   * @throws ConfigException listing every problem, in document order
   */
  public static AgentConfig parse(String yaml, Path source) throws ConfigException {
    return parse(yaml, source, LibraryCatalog.installed());
  }

  /** Like {@link #parse(String, Path)}, with the libraries intercepts may name. */
  public static AgentConfig parse(String yaml, Path source, LibraryCatalog libraries)
      throws ConfigException {
    String name = source == null ? UNNAMED_SOURCE : source.toString();
    ProblemList problems = new ProblemList(name);
    AgentConfig config = null;
    boolean strict = false;
    ServerConfig server = null;
    PushConfig push = null;
    if (yaml.length() > MAX_CHARACTERS) {
      problems.add(
          0,
          "",
          "the config is "
              + yaml.length()
              + " characters long; at most "
              + MAX_CHARACTERS
              + " are allowed");
    } else {
      Node root = compose(yaml, problems);
      if (problems.isEmpty()) {
        ConfigReader reader = new ConfigReader(problems, source, libraries);
        config = reader.read(root);
        strict = reader.strictRequested();
        server = reader.serverRead();
        push = reader.pushRead();
      }
    }
    if (!problems.isEmpty() || config == null) {
      List<ConfigProblem> found = problems.inDocumentOrder();
      ConfigException failure =
          source == null
              ? new ConfigException(name, found, null)
              : ConfigException.forFile(name, found);
      if (server != null && !anyProblemIn("server", found)) {
        failure = failure.withValidServer(server);
      }
      if (push != null && !anyProblemIn("push", found)) {
        failure = failure.withValidPush(push);
      }
      throw strict ? failure.withStrictRequested() : failure;
    }
    return config;
  }

  private static boolean anyProblemIn(String section, List<ConfigProblem> problems) {
    for (ConfigProblem problem : problems) {
      String path = problem.path();
      if (path.isEmpty() || path.equals(section) || path.startsWith(section + ".")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The node tree, or null for an empty document; syntax errors become one problem with their line.
   */
  private static Node compose(String yaml, ProblemList problems) {
    try {
      return composeNode(yaml);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem().trim();
      String context = e.getContext() == null ? null : e.getContext().trim();
      StringBuilder message = new StringBuilder("YAML syntax error: ");
      if (context != null && !context.startsWith("while")) {
        message.append(context).append(", ").append(problem); // "expected X, but found Y"
      } else {
        message.append(problem);
        if (context != null) {
          message.append(" (").append(context);
          if (e.getContextMark() != null && e.getContextMark() != mark) {
            message.append(" started at line ").append(e.getContextMark().getLine() + 1);
          }
          message.append(')');
        }
        if (context != null && context.contains("flow")) {
          message.append(
              "; inside [...] or {...} quote values that contain [ ] { } or commas,"
                  + " e.g. ['float[]']");
        }
      }
      problems.add(mark == null ? 0 : mark.getLine() + 1, "", message.toString());
    } catch (YAMLException e) {
      problems.add(0, "", "cannot read the YAML: " + e.getMessage());
    }
    return null;
  }

  /**
   * The node tree of {@code yaml} (null for an empty document) from the safe composer: no object
   * construction, bounded size, aliases and nesting; merge keys (<<) resolved. SnakeYAML's composer
   * alone, without the {@code Yaml} facade, whose constructor and representer the agent never uses
   * (fewer classes to load while the application waits for premain).
   */
  static Node composeNode(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARACTERS);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setAllowRecursiveKeys(false);
    options.setMergeOnCompose(true);
    options.setAllowDuplicateKeys(true); // reported by the node walk instead, with both lines
    return new Composer(
            new ParserImpl(new StreamReader(new StringReader(yaml)), options),
            new Resolver(),
            options)
        .getSingleNode();
  }

  private static ConfigException fileProblem(String source, String message) {
    return ConfigException.forFile(source, List.of(new ConfigProblem(source, 0, "", message)));
  }
}
