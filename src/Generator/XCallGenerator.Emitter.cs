using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using XCall.Generator.Models;
using XCall.Shared;

namespace XCall.Generator;

public sealed partial class XCallGenerator
{
    /// <summary>Writes the generated files: one per annotated method, plus the assembly's IPI dispatch table.</summary>
    internal static partial class Emitter
    {
        private const string Runtime = "global::XCall.XCallRuntime";
        private const string ThrowIfNullRuntime = "global::System.ArgumentNullException.ThrowIfNull(runtime);";

        /// <summary>The member of a void method's handler struct that the awaited any-of-a-mask sender completes through.</summary>
        private const string WithoutCount = "WithoutCount";
        private const string HiddenFromIntelliSense = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";

        /// <summary>
        /// The version of the XCall package this generator shipped in: its informational version without the
        /// "+commit" that SourceLink appends (the assembly version would drop a prerelease suffix).
        /// </summary>
        internal static string PackageVersion { get; } =
            typeof(XCallGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

        // After PackageVersion: static initializers run in the order they are written.
        private static readonly string s_generatedCode =
            $"[global::System.CodeDom.Compiler.GeneratedCode(\"XCall.Generator\", \"{PackageVersion}\")]";

        public static void EmitCrossCall(SourceProductionContext context, CrossCallModel model)
        {
            SourceWriter writer = StartFile(CrossCallFileCapacity);
            using (OpenContainer(writer, model.Container))
            {
                WriteCrossCallHandler(writer, model);
                new CrossCallSenders(writer, model).Write();
            }
            context.AddSource($"{model.Container.HintPrefix}.{model.HandlerName}.g.cs", writer.Complete());
        }

        public static void EmitIpiHandler(SourceProductionContext context, IpiHandlerModel model)
        {
            SourceWriter writer = StartFile();
            using (OpenContainer(writer, model.Container))
            {
                string name = model.Container.DisplayNameOf(model.MethodName);
                string method = Code(name);
                writer.Line($"/// <summary>The IPI handler that runs {method} for messages of type {model.Type}.</summary>");
                writer.Line(s_generatedCode);
                writer.Line(HiddenFromIntelliSense);
                using (writer.Block($"internal readonly struct {model.HandlerName} : global::XCall.IIpiHandler<{model.MessageType}>"))
                {
                    writer.Line($"public static string Name => {Literal(name)};");
                    writer.Line();
                    writer.Line($"public static void Handle(in global::XCall.IpiContext context, in {model.MessageType} message)");
                    writer.Indented($"=> {model.Container.QualifiedNameOf(model.MethodName)}({(model.ContextIsIn ? "in " : "")}context, {(model.MessageIsIn ? "in " : "")}message);");
                }
                writer.Line();
                writer.Line($"/// <summary>Registers {method} with <paramref name=\"runtime\"/> for IPI messages of type {model.Type}; <c>IpiHandlers.Register</c> registers every handler of the assembly at once.</summary>");
                writer.Line("/// <param name=\"runtime\">The runtime whose cores will run the handler.</param>");
                writer.Line("/// <returns>The registration: dispose it to unregister the handler (which waits for a running handler to finish).</returns>");
                writer.Line(s_generatedCode);
                using (writer.Block($"{(model.IsPublic ? "public" : "internal")} static global::XCall.IpiRegistration {model.RegisterName}({Runtime} runtime)"))
                {
                    writer.Line(ThrowIfNullRuntime);
                    writer.Line($"return runtime.RegisterIpiHandler<{model.HandlerName}, {model.MessageType}>({model.Type});");
                }
            }
            context.AddSource($"{model.Container.HintPrefix}.{model.HandlerName}.g.cs", writer.Complete());
        }

        private static void WriteCrossCallHandler(SourceWriter writer, CrossCallModel model)
        {
            string args = ArgsStructName(model);
            string name = model.Container.DisplayNameOf(model.MethodName);
            writer.Line($"/// <summary>The cross-call handler that runs {Code(name)} on the target core; the senders below send it.</summary>");
            writer.Line(s_generatedCode);
            writer.Line(HiddenFromIntelliSense);
            using (writer.Block($"internal readonly struct {model.HandlerName} : global::XCall.ICrossCallHandler<{model.HandlerName}.{args}>"))
            {
                writer.Line($"public static string Name => {Literal(name)};");
                writer.Line();
                writer.Line($"public static void Invoke(in {args} args, ref global::XCall.CallFrame frame)");
                int reference = 0;
                string arguments = string.Join(", ", model.Parameters.Select(parameter => parameter.Passing == ParameterPassing.Payload
                    ? (parameter.IsIn ? "in " : "") + "args." + parameter.Name
                    : ReadReference(parameter, reference++)));
                string call = $"{model.Container.QualifiedNameOf(model.MethodName)}({arguments})";
                writer.Indented(model.ReturnType is null ? $"=> {call};" : $"=> frame.SetResult<{model.ReturnType}>({call});");
                writer.Line();
                writer.Line($"/// <summary>The unmanaged arguments of {Code(name)}, copied into the slot's payload.</summary>");
                using (writer.Block($"public struct {args}"))
                {
                    foreach (ParameterModel parameter in model.Parameters.Where(parameter => parameter.Passing == ParameterPassing.Payload))
                        writer.Line($"public {parameter.Type} {parameter.Name};");
                }
                if (model.ReturnType is null)
                {
                    // The runtime's awaited call to any one core of a mask completes with a count (one); a void method's sender completes with nothing.
                    writer.Line();
                    writer.Line("/// <summary>Awaits <paramref name=\"call\"/> and drops the count it completes with; pooled, so it allocates nothing in steady state.</summary>");
                    writer.Line("[global::System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(global::System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]");
                    writer.Line($"public static async {ValueTask} {WithoutCount}({ValueTask}<int> call) => await call.ConfigureAwait(false);");
                }
            }
        }

        /// <summary>A reference argument read back from the frame; a type parameter goes through <c>object</c>, as it may be nullable.</summary>
        private static string ReadReference(ParameterModel parameter, int index) => parameter.IsTypeParameter
            ? $"({parameter.TypeArgument})frame.Ref<object>({index})!"
            : $"frame.Ref<{parameter.TypeArgument}>({index})!";

        /// <summary>The args struct's name: <c>Args</c>, unless a parameter (so a field) is called that.</summary>
        private static string ArgsStructName(CrossCallModel model) =>
            Identifiers.Unique("Args", name => model.Parameters.Any(parameter => parameter.PlainName == name));

        /// <summary>A cross call's file is some 16–24 KB of text: start its builder big enough to take most in one piece.</summary>
        private const int CrossCallFileCapacity = 16 * 1024;

        private static SourceWriter StartFile(int capacity = 1024)
        {
            var writer = new SourceWriter(capacity);
            writer.Line("// <auto-generated/>");
            writer.Line("#nullable enable");
            writer.Line();
            return writer;
        }

        /// <summary>
        /// Opens the namespace (unless global) as a file-scoped one, which keeps every line of the file one level less
        /// indented, and reopens every containing type as a partial.
        /// </summary>
        private static SourceWriter.Scope OpenContainer(SourceWriter writer, Container container)
        {
            if (container.Namespace is not null)
            {
                writer.StartLine().Write("namespace ").Write(container.Namespace).Write(';').EndLine();
                writer.Line();
            }
            var headers = new string[container.Types.Count];
            for (int i = 0; i < headers.Length; i++) headers[i] = container.Types[i].Declaration + " " + container.Types[i].Name;
            return writer.Blocks(headers);
        }

        /// <summary>Text as an XML doc <c>&lt;c&gt;</c> element (generic names carry angle brackets).</summary>
        private static string Code(string text) => $"<c>{Xml(text)}</c>";

        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
    }
}
