package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.config.libraries.DeclaredLibrary;
import dev.modelwatch.extension.Selector;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassPathCheck}: one test per rule, against the classes in {@code
 * dev.modelwatch.config.fixtures}.
 */
class ClassPathRulesTest {
  private static final String FIXTURES = "dev.modelwatch.config.fixtures.";
  private static final List<String> NAMES =
      List.of(
          FIXTURES + "Scorer",
          FIXTURES + "Ranker",
          FIXTURES + "BaseScorer",
          FIXTURES + "ChildScorer",
          FIXTURES + "Predicting",
          FIXTURES + "AbstractPredictor",
          FIXTURES + "Outcomes",
          FIXTURES + "Outer",
          FIXTURES + "Outer$Inner",
          "com.acme.other.Ranking");

  /** The "library" of these tests: present, with its model type, and one that is absent. */
  private static final LibraryCatalog LIBRARIES =
      LibraryCatalog.of(
          List.of(
              new DeclaredLibrary(
                  "tribuo",
                  FIXTURES + "Predicting",
                  Selector.className("model_class", "model class")),
              new DeclaredLibrary("onnxruntime", "ai.onnxruntime.OrtSession")));

  private static List<String> problems(String yaml) throws ConfigException {
    return check(yaml, ClassPathRulesTest.class.getClassLoader()).problems().stream()
        .map(ConfigProblem::toString)
        .collect(Collectors.toList());
  }

  private static ClassPathCheck.Result check(String yaml, ClassLoader loader)
      throws ConfigException {
    AgentConfig config = Yamls.valid(yaml);
    return new ClassPathCheck(loader, () -> NAMES, LIBRARIES).check(config, yaml);
  }

  private static String intercept(String flowMapping) {
    return yaml("models:", "  - name: m", "    intercept: " + flowMapping);
  }

  @Test
  void foundClassAndMethodHaveNoProblems() throws ConfigException {
    ClassPathCheck.Result result =
        check(
            intercept(
                "{class: " + FIXTURES + "Scorer, method: score, parameters:" + " ['double[]']}"),
            ClassPathRulesTest.class.getClassLoader());
    assertEquals(List.of(), result.problems());
    assertEquals(1, result.methodsFound());
  }

  @Test
  void aMisspelledClassSuggestsTheClosestInItsPackage() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.class: class '"
                    + FIXTURES
                    + "Scorrer' is not on the class"
                    + " path; did you mean '"
                    + FIXTURES
                    + "Scorer'?")),
        problems(intercept("{class: " + FIXTURES + "Scorrer, method: score}")));
  }

  @Test
  void aClassInTheWrongPackageSuggestsTheOneWithThatSimpleName() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.class: class 'com.acme.Ranker' is not on the class path;"
                    + " did you mean '"
                    + FIXTURES
                    + "Ranker'?")),
        problems(intercept("{class: com.acme.Ranker, method: rank}")));
  }

  @Test
  void aNestedClassWrittenWithADotSuggestsTheDollarSpelling() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.class: class '"
                    + FIXTURES
                    + "Outer.Inner' is not on the"
                    + " class path; did you mean '"
                    + FIXTURES
                    + "Outer$Inner'?")),
        problems(intercept("{class: " + FIXTURES + "Outer.Inner, method: score}")));
  }

  @Test
  void aClassWithNothingCloseHasNoSuggestion() throws ConfigException {
    assertEquals(
        List.of(
            at(3, "models[0].intercept.class: class 'org.example.Zebra' is not on the class path")),
        problems(intercept("{class: org.example.Zebra, method: score}")));
  }

  @Test
  void aClassIsLoadedWithoutRunningItsStaticInitializer() throws ConfigException {
    assertEquals(
        List.of(), problems(intercept("{class: " + FIXTURES + "Explosive, method: score}")));
  }

  @Test
  void aClassWhoseSuperclassIsMissingIsSaidToBeUnloadable() throws ConfigException {
    String message =
        problems(
                intercept("{class: " + FIXTURES + "NeedsMissing, method: score}"),
                new HidingLoader(FIXTURES + "Missing"))
            .get(0);
    assertEquals(
        at(
            3,
            "models[0].intercept.class: class '"
                + FIXTURES
                + "NeedsMissing' is on the class path,"
                + " but cannot be loaded: java.lang.NoClassDefFoundError: dev/modelwatch/config/fixtures/Missing; add"
                + " the library that has the missing class, or run the check on the Java version the application"
                + " runs on"),
        message);
  }

  private static List<String> problems(String yaml, ClassLoader loader) throws ConfigException {
    return check(yaml, loader).problems().stream()
        .map(ConfigProblem::toString)
        .collect(Collectors.toList());
  }

  @Test
  void aMisspelledMethodSuggestsTheClosestName() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.method: "
                    + FIXTURES
                    + "Scorer has no method 'scroe'; did"
                    + " you mean 'score'?")),
        problems(intercept("{class: " + FIXTURES + "Scorer, method: scroe}")));
  }

  @Test
  void aMethodOnlyInheritedByAConcreteClassNamesTheClassThatDeclaresIt() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.method: "
                    + FIXTURES
                    + "ChildScorer does not declare"
                    + " 'predict'; it inherits it from "
                    + FIXTURES
                    + "BaseScorer, whose methods are not intercepted for "
                    + FIXTURES
                    + "ChildScorer: set class: "
                    + FIXTURES
                    + "BaseScorer")),
        problems(intercept("{class: " + FIXTURES + "ChildScorer, method: predict}")));
  }

  @Test
  void aMethodInheritedByAnAbstractTypeIsDeclaredByItsSubtypes() throws ConfigException {
    assertEquals(
        List.of(),
        problems(
            intercept(
                "{class: "
                    + FIXTURES
                    + "AbstractPredictor, method: predict,"
                    + " parameters: ['float[]']}")));
  }

  @Test
  void parametersOfNoOverloadSuggestTheOnlyOverload() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.parameters: "
                    + FIXTURES
                    + "Scorer has no method"
                    + " score(float[]); it declares score(double[]); did you mean parameters: [double[]]?")),
        problems(
            intercept("{class: " + FIXTURES + "Scorer, method: score, parameters: ['float[]']}")));
  }

  @Test
  void parametersOfNoOverloadListEveryOverloadAndTheClosest() throws ConfigException {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].intercept.parameters: "
                    + FIXTURES
                    + "Ranker has no method"
                    + " rank(float[][][]); it declares rank(float[]), rank(float[][]), rank(java.lang.String); did you"
                    + " mean parameters: [float[][]]?")),
        problems(
            yaml(
                "models:",
                "  - name: m",
                "    intercept:",
                "      class: " + FIXTURES + "Ranker",
                "      method: rank",
                "      parameters: ['float[][][]']")));
  }

  @Test
  void anOutcomeMethodNeedsTheIdAndLabelArguments() throws ConfigException {
    assertEquals(
        List.of(
            at(
                9,
                "models[0].feedback.method.id_argument: "
                    + FIXTURES
                    + "Outcomes#record takes at"
                    + " most 2 argument(s), so id_argument 3 (counted from 0) is beyond them")),
        problems(
            yaml(
                "models:",
                "  - name: m",
                "    intercept: {class: " + FIXTURES + "Scorer, method: score}",
                "    features: [{name: a, index: 0}]",
                "    outputs: [{name: y, kind: regression}]",
                "    prediction_id: {hash: features}",
                "    feedback:",
                "      method: {class: " + FIXTURES + "Outcomes, method: record,",
                "        id_argument: 3}")));
  }

  @Test
  void anOutcomeClassIsCheckedLikeAnInterceptClass() throws ConfigException {
    assertEquals(
        List.of(
            at(
                8,
                "models[0].feedback.method.class: class '"
                    + FIXTURES
                    + "Outcome' is not on the"
                    + " class path; did you mean '"
                    + FIXTURES
                    + "Outcomes'?")),
        problems(
            yaml(
                "models:",
                "  - name: m",
                "    intercept: {class: " + FIXTURES + "Scorer, method: score}",
                "    features: [{name: a, index: 0}]",
                "    outputs: [{name: y, kind: regression}]",
                "    prediction_id: {hash: features}",
                "    feedback:",
                "      method: {class: " + FIXTURES + "Outcome, method: record}")));
  }

  @Test
  void aLibraryThatIsNotOnTheClassPathIsSaid() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.library: library onnxruntime not found on the class path (no"
                    + " class ai.onnxruntime.OrtSession in it)")),
        problems(intercept("{library: onnxruntime}")));
  }

  @Test
  void aLibraryModelClassMustBeAModelOfThatLibrary() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_class: "
                    + FIXTURES
                    + "Scorer is not a tribuo model:"
                    + " it is not a subtype of "
                    + FIXTURES
                    + "Predicting")),
        problems(intercept("{library: tribuo, model_class: " + FIXTURES + "Scorer}")));
    ClassPathCheck.Result found =
        check(
            intercept("{library: tribuo, model_class: " + FIXTURES + "AbstractPredictor}"),
            ClassPathRulesTest.class.getClassLoader());
    assertEquals(List.of(), found.problems());
    assertEquals(List.of("tribuo"), found.librariesFound());
  }

  @Test
  void problemsOfSeveralModelsComeInDocumentOrder() throws ConfigException {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.method: "
                    + FIXTURES
                    + "Scorer has no method 'scroe'; did you mean"
                    + " 'score'?"),
            at(
                5,
                "models[1].intercept.class: class '"
                    + FIXTURES
                    + "Rankr' is not on the class path; did you"
                    + " mean '"
                    + FIXTURES
                    + "Ranker'?")),
        problems(
            yaml(
                "models:",
                "  - name: a",
                "    intercept: {class: " + FIXTURES + "Scorer, method: scroe}",
                "  - name: b",
                "    intercept: {class: " + FIXTURES + "Rankr, method: rank}")));
  }

  /**
   * Defines the fixtures itself (child first) and cannot find one of them, as a class path missing
   * a jar.
   */
  private static final class HidingLoader extends ClassLoader {
    private final String hidden;

    HidingLoader(String hidden) {
      super(ClassPathRulesTest.class.getClassLoader());
      this.hidden = hidden;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(FIXTURES)) {
        return super.loadClass(name, resolve);
      }
      if (name.equals(hidden)) {
        throw new ClassNotFoundException(name);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }
}
