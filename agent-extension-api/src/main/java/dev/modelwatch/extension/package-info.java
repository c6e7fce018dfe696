/**
 * The extension API of the ModelWatch agent: how support for one model library plugs in.
 *
 * <p>A library's support is a {@link dev.modelwatch.extension.LibrarySupport}, found with {@link
 * java.util.ServiceLoader} from {@code META-INF/services/dev.modelwatch.extension.LibrarySupport}:
 * in the agent jar for the built-in presets (ONNX Runtime, DJL, Tribuo, XGBoost), and in the jars
 * named by the agent argument {@code extensions=/path/a.jar[:/path/b.jar]} for anyone else's. It
 * declares
 *
 * <ul>
 *   <li>its {@code library:} name and the selector keys a config may give with it ({@link
 *       dev.modelwatch.extension.Selector}), which the config loader validates like its own keys;
 *   <li>the methods to instrument ({@link dev.modelwatch.extension.MethodHook}): the predict funnel
 *       whose calls are timed and recorded, helper hooks (a constructor or factory whose result and
 *       arguments the support wants to see, to remember a model path, say), and internal hooks (the
 *       library's training or evaluation, inside which its predict calls are not predictions);
 *   <li>a {@link dev.modelwatch.extension.LibrarySite} per config: which configured model a call
 *       belongs to, how its input and output are read ({@link
 *       dev.modelwatch.extension.InputExtractor}, {@link
 *       dev.modelwatch.extension.OutputExtractor}), and what a model instance tells at its first
 *       call ({@link dev.modelwatch.extension.FirstCallContext}).
 * </ul>
 *
 * <p>The agent owns timing, counting, buckets, baselines and drift; a support never sees them. Its
 * code runs on the application's threads inside the agent's guards: whatever it throws is contained
 * and counted, and the application's call returns as if the agent were not there. Support classes
 * are loaded by the agent's class loader (an extension jar's by a loader of its own whose parent is
 * the agent's), which does not see the application's classes: read library objects by reflection on
 * the instance's own class, as the built-in presets do.
 */
package dev.modelwatch.extension;
