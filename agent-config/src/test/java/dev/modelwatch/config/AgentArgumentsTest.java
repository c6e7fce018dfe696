package dev.modelwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {
  private static final Map<String, String> NO_ENV = Map.of();

  private static List<String> problems(String args, Map<String, String> env) {
    ConfigException e = assertThrows(ConfigException.class, () -> AgentArguments.parse(args, env));
    return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList());
  }

  @Test
  void configOnly() throws ConfigException {
    AgentArguments args = AgentArguments.parse("config=/etc/modelwatch.yaml", NO_ENV);
    assertEquals(Path.of("/etc/modelwatch.yaml"), args.configPath());
    assertNull(args.port());
    assertNull(args.host());
    assertEquals("config=/etc/modelwatch.yaml", args.raw());
  }

  @Test
  void configPortAndHost() throws ConfigException {
    AgentArguments args = AgentArguments.parse("config=conf/m.yaml,port=0,host=127.0.0.1", NO_ENV);
    assertEquals(Path.of("conf/m.yaml"), args.configPath());
    assertEquals(0, args.port());
    assertEquals("127.0.0.1", args.host());
  }

  @Test
  void ipv6HostWithAndWithoutBrackets() throws ConfigException {
    assertEquals("::1", AgentArguments.parse("config=m.yaml,host=::1", NO_ENV).host());
    assertEquals(
        "fe80::1%eth0", AgentArguments.parse("config=m.yaml,host=[fe80::1%eth0]", NO_ENV).host());
  }

  @Test
  void environmentSuppliesTheConfigWhenTheArgumentDoesNot() throws ConfigException {
    Map<String, String> env = Map.of("MODELWATCH_CONFIG", "/srv/modelwatch.yaml");
    AgentArguments fromEnv = AgentArguments.parse("port=9000", env);
    assertEquals(Path.of("/srv/modelwatch.yaml"), fromEnv.configPath());
    assertEquals(9000, fromEnv.port());
    assertEquals(Path.of("/srv/modelwatch.yaml"), AgentArguments.parse(null, env).configPath());
    assertEquals("", AgentArguments.parse(null, env).raw());
  }

  @Test
  void argumentWinsOverTheEnvironment() throws ConfigException {
    assertEquals(
        Path.of("a.yaml"),
        AgentArguments.parse("config=a.yaml", Map.of("MODELWATCH_CONFIG", "b.yaml")).configPath());
  }

  @Test
  void missingConfigEverywhere() {
    assertEquals(
        List.of(
            "agent arguments: config: required: pass config=/path/to/modelwatch.yaml in the"
                + " -javaagent argument or set the environment variable MODELWATCH_CONFIG"),
        problems("", NO_ENV));
  }

  @Test
  void unknownKeyGetsASuggestion() {
    assertEquals(
        List.of("agent arguments: conf: unknown key 'conf'; did you mean 'config'?"),
        problems("conf=m.yaml", Map.of("MODELWATCH_CONFIG", "x.yaml")));
  }

  @Test
  void badPort() {
    assertEquals(
        List.of(
            "agent arguments: port: must be an integer between 0 and 65535 (0 picks a free port),"
                + " found 'http'"),
        problems("config=m.yaml,port=http", NO_ENV));
    assertEquals(
        List.of(
            "agent arguments: port: must be an integer between 0 and 65535 (0 picks a free port),"
                + " found '65536'"),
        problems("config=m.yaml,port=65536", NO_ENV));
  }

  @Test
  void emptyValue() {
    assertEquals(
        List.of("agent arguments: host: empty value; expected host=0.0.0.0"),
        problems("config=m.yaml,host=", NO_ENV));
  }

  @Test
  void entryWithoutEquals() {
    assertEquals(
        List.of(
            "agent arguments: m.yaml: expected key=value, found 'm.yaml'; expected"
                + " config=/path/to/modelwatch.yaml[,port=9464][,host=0.0.0.0][,extensions=/path/a.jar"
                + java.io.File.pathSeparator
                + "/path/b.jar]"),
        problems("m.yaml", Map.of("MODELWATCH_CONFIG", "x.yaml")));
  }

  @Test
  void repeatedKey() {
    assertEquals(
        List.of("agent arguments: port: given more than once; keep only one"),
        problems("config=m.yaml,port=1,port=2", NO_ENV));
  }

  @Test
  void everyProblemIsReportedAndTheMessageShowsTheExpectedForm() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> AgentArguments.parse("prot=1,host=", NO_ENV));
    String n = System.lineSeparator();
    assertEquals(
        "3 problems in agent arguments 'prot=1,host=':"
            + n
            + "  agent arguments: prot: unknown key 'prot'; did you mean 'port'?"
            + n
            + "  agent arguments: host: empty value; expected host=0.0.0.0"
            + n
            + "  agent arguments: config: required: pass config=/path/to/modelwatch.yaml in the -javaagent"
            + " argument or set the environment variable MODELWATCH_CONFIG"
            + n
            + "Expected: -javaagent:modelwatch-agent.jar=config=/path/to/modelwatch.yaml[,port=9464]"
            + "[,host=0.0.0.0][,extensions=/path/a.jar"
            + java.io.File.pathSeparator
            + "/path/b.jar]",
        e.getMessage());
  }

  @Test
  void extensionsAreJarPathsSeparatedLikeAClassPath() throws ConfigException {
    String sep = java.io.File.pathSeparator;
    AgentArguments arguments =
        AgentArguments.parse("config=m.yaml,extensions=/opt/a.jar" + sep + "b.jar", NO_ENV);
    assertEquals(
        List.of(java.nio.file.Path.of("/opt/a.jar"), java.nio.file.Path.of("b.jar")),
        arguments.extensions());
    assertEquals(List.of(), AgentArguments.parse("config=m.yaml", NO_ENV).extensions());
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                AgentArguments.parse(
                    "config=m.yaml,extensions=a.jar" + sep + sep + "b.jar", NO_ENV));
    assertEquals(
        "agent arguments: extensions: empty path in 'a.jar"
            + sep
            + sep
            + "b.jar'; separate jars with "
            + sep,
        e.problems().get(0).toString());
  }
}
