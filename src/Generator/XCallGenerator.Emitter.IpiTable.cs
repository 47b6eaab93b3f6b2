using System.Linq;
using Microsoft.CodeAnalysis;
using XCall.Generator.Models;

namespace XCall.Generator;

public sealed partial class XCallGenerator
{
    internal static partial class Emitter
    {
        /// <summary>The assembly's IPI dispatch table, <c>XCall.IpiHandlers</c>; nothing when the assembly has no handler.</summary>
        public static void EmitIpiTable(SourceProductionContext context, IpiTableModel model)
        {
            if (model.Handlers.Count == 0) return;
            SourceWriter writer = StartFile();
            using (writer.Block("namespace XCall"))
            {
                writer.Line("/// <summary>");
                writer.Line("/// The IPI handlers of this assembly (its <c>[IpiHandler]</c> methods): <see cref=\"Register\"/> registers all of them with a");
                writer.Line("/// runtime, and the <c>Send</c> methods send each message type to them.");
                writer.Line("/// </summary>");
                writer.Line(s_generatedCode);
                using (writer.Block("internal static class IpiHandlers"))
                {
                    WriteRegister(writer, model);
                    foreach (var message in model.Handlers.GroupBy(entry => entry.MessageType).OrderBy(group => group.Key, System.StringComparer.Ordinal))
                    {
                        // A message type handled under several type ids has no typed senders: the id would be ambiguous.
                        if (message.Select(entry => entry.Type).Distinct().Count() == 1) WriteSenders(writer, message.Key, message.First().Type, message.Select(entry => entry.Handler));
                    }
                    WriteRegistrations(writer);
                }
            }
            context.AddSource("XCall.IpiHandlers.g.cs", writer.Complete());
        }

        private static void WriteRegister(SourceWriter writer, IpiTableModel model)
        {
            writer.Line("/// <summary>");
            writer.Line("/// Registers every IPI handler of this assembly with <paramref name=\"runtime\"/>:");
            writer.Line("/// <list type=\"bullet\">");
            foreach (IpiTableEntry entry in model.Handlers)
                writer.Line($"/// <item><description>{Code(entry.Handler)} for type {entry.Type}</description></item>");
            writer.Line("/// </list>");
            writer.Line("/// If one registration fails, those already made are undone before the exception propagates.");
            writer.Line("/// </summary>");
            writer.Line("/// <param name=\"runtime\">The runtime whose cores will run the handlers.</param>");
            writer.Line("/// <returns>The registrations: dispose them to unregister every handler (which waits for running handlers to finish).</returns>");
            writer.Line(s_generatedCode);
            using (writer.Block($"public static Registrations Register({Runtime} runtime)"))
            {
                writer.Line(ThrowIfNullRuntime);
                writer.Line($"var registrations = new Registrations({model.Handlers.Count});");
                using (writer.Block("try"))
                {
                    foreach (IpiTableEntry entry in model.Handlers) writer.Line($"registrations.Add({entry.Register}(runtime));");
                }
                using (writer.Block("catch"))
                {
                    writer.Line("registrations.Dispose();");
                    writer.Line("throw;");
                }
                writer.Line("return registrations;");
            }
        }

        /// <summary>Typed senders for one message type: one core, all, others, a mask, a <c>TrySend</c> to any target, and a core of another instance.</summary>
        private static void WriteSenders(SourceWriter writer, string messageType, int type, System.Collections.Generic.IEnumerable<string> handlers)
        {
            string handledBy = string.Join(", ", handlers.Select(Code));
            const string Priority = "global::XCall.CallPriority priority = global::XCall.CallPriority.Normal";
            const string MessageDoc = "/// <param name=\"message\">The message, copied into each target's queue slot.</param>";
            const string PriorityDoc = "/// <param name=\"priority\">The queue to use on each core.</param>";
            const string Returns = "/// <returns>A ticket that completes when every handler ran on every target core (faulted if one threw).</returns>";
            (string Name, string Where, string Parameter, string ParameterDoc, string Target)[] forms =
            [
                ("Send", "core <paramref name=\"core\"/>", "int core, ", "/// <param name=\"core\">The id of the core to send it to.</param>", "global::XCall.Target.Core(core)"),
                ("SendToAll", "every online core", "", "", "global::XCall.Target.All"),
                ("SendToOthers", "every online core except the calling one", "", "", "global::XCall.Target.Others"),
                ("SendToMask", "the online cores of <paramref name=\"mask\"/>", "global::XCall.CoreMask mask, ",
                    "/// <param name=\"mask\">The cores to send it to (offline ones are skipped); it must not be empty.</param>", "global::XCall.Target.InMask(mask)"),
            ];
            foreach (var form in forms)
            {
                writer.Line();
                writer.Line($"/// <summary>Sends <paramref name=\"message\"/> (IPI type {type}) to {form.Where} and returns at once. Handled by {handledBy}, once registered.</summary>");
                writer.Line("/// <param name=\"runtime\">The runtime to send through.</param>");
                if (form.ParameterDoc.Length > 0) writer.Line(form.ParameterDoc);
                writer.Line(MessageDoc);
                writer.Line(PriorityDoc);
                writer.Line(Returns);
                writer.Line(s_generatedCode);
                using (writer.Block($"public static global::XCall.Ticket {form.Name}({Runtime} runtime, {form.Parameter}in {messageType} message, {Priority})"))
                {
                    writer.Line(ThrowIfNullRuntime);
                    writer.Line($"return runtime.SendIpi({form.Target}, {type}, in message, priority);");
                }
            }
            writer.Line();
            writer.Line($"/// <summary>Sends <paramref name=\"message\"/> (IPI type {type}) to <paramref name=\"target\"/>, or nothing when a target queue is full. Handled by {handledBy}, once registered.</summary>");
            writer.Line("/// <param name=\"runtime\">The runtime to send through.</param>");
            writer.Line("/// <param name=\"target\">Where to send it.</param>");
            writer.Line(MessageDoc);
            writer.Line("/// <param name=\"ticket\">The ticket of the accepted message; a completed ticket when nothing was sent.</param>");
            writer.Line(PriorityDoc);
            writer.Line("/// <returns>True when sent; false when a target queue was full and nothing was sent (it never waits for room).</returns>");
            writer.Line(s_generatedCode);
            using (writer.Block($"public static bool TrySend({Runtime} runtime, in global::XCall.Target target, in {messageType} message, out global::XCall.Ticket ticket, {Priority})"))
            {
                writer.Line(ThrowIfNullRuntime);
                writer.Line($"return runtime.TrySendIpi(target, {type}, in message, out ticket, priority);");
            }
            WriteInstanceSenders(writer, messageType, type, handledBy);
        }

        /// <summary>Senders to a core of another instance of the runtime's multikernel (another process): <c>SendToInstance</c> and its <c>Try</c> form.</summary>
        private static void WriteInstanceSenders(SourceWriter writer, string messageType, int type, string handledBy)
        {
            const string InstanceDoc = "/// <param name=\"instance\">The id of the instance (its own id sends to a core of this runtime).</param>";
            const string CoreDoc = "/// <param name=\"core\">The id of the core of that instance.</param>";
            const string MessageDoc = "/// <param name=\"message\">The message, copied into the ring to that core.</param>";
            writer.Line();
            writer.Line($"/// <summary>Sends <paramref name=\"message\"/> (IPI type {type}) to core <paramref name=\"core\"/> of instance <paramref name=\"instance\"/> of the multikernel <paramref name=\"runtime\"/> joined, and returns at once. Handled there by {handledBy}, once registered.</summary>");
            writer.Line("/// <param name=\"runtime\">The runtime to send through (it joined a multikernel).</param>");
            writer.Line(InstanceDoc);
            writer.Line(CoreDoc);
            writer.Line(MessageDoc);
            writer.Line("/// <returns>A ticket that completes when every handler ran on that core (faulted if one threw, or if the instance left or died first).</returns>");
            writer.Line(s_generatedCode);
            using (writer.Block($"public static global::XCall.Ticket SendToInstance({Runtime} runtime, int instance, int core, in {messageType} message)"))
            {
                writer.Line(ThrowIfNullRuntime);
                writer.Line($"return runtime.SendIpiToInstance(instance, core, {type}, in message);");
            }
            writer.Line();
            writer.Line($"/// <summary>Sends <paramref name=\"message\"/> (IPI type {type}) to core <paramref name=\"core\"/> of instance <paramref name=\"instance\"/>, or nothing when the ring to that core is full. Handled there by {handledBy}, once registered.</summary>");
            writer.Line("/// <param name=\"runtime\">The runtime to send through (it joined a multikernel).</param>");
            writer.Line(InstanceDoc);
            writer.Line(CoreDoc);
            writer.Line(MessageDoc);
            writer.Line("/// <param name=\"ticket\">The ticket of the accepted message; a completed ticket when nothing was sent.</param>");
            writer.Line("/// <returns>True when sent; false when the ring to that core was full and nothing was sent (it never waits for room).</returns>");
            writer.Line(s_generatedCode);
            using (writer.Block($"public static bool TrySendToInstance({Runtime} runtime, int instance, int core, in {messageType} message, out global::XCall.Ticket ticket)"))
            {
                writer.Line(ThrowIfNullRuntime);
                writer.Line($"return runtime.TrySendIpiToInstance(instance, core, {type}, in message, out ticket);");
            }
        }

        /// <summary>The disposable set <c>Register</c> returns.</summary>
        private static void WriteRegistrations(SourceWriter writer)
        {
            writer.Line();
            writer.Line("/// <summary>The handlers <see cref=\"Register\"/> registered with one runtime; dispose it to unregister them all.</summary>");
            writer.Line(s_generatedCode);
            using (writer.Block("public sealed class Registrations : global::System.IDisposable"))
            {
                writer.Line("private readonly global::XCall.IpiRegistration[] _items;");
                writer.Line("private int _count;");
                writer.Line();
                writer.Line("internal Registrations(int capacity) => _items = new global::XCall.IpiRegistration[capacity];");
                writer.Line();
                writer.Line("/// <summary>How many handlers were registered.</summary>");
                writer.Line("public int Count => _count;");
                writer.Line();
                writer.Line("/// <summary>Unregisters every handler, last registered first; each waits for a core still running it. Calling it again does nothing.</summary>");
                using (writer.Block("public void Dispose()"))
                {
                    writer.Line("for (int i = _count - 1; i >= 0; i--) _items[i].Dispose();");
                }
                writer.Line();
                writer.Line("internal void Add(global::XCall.IpiRegistration registration) => _items[_count++] = registration;");
            }
        }
    }
}
