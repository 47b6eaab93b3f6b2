using System.Collections.Generic;
using System.Linq;
using XCall.Generator.Models;
using XCall.Shared;

namespace XCall.Generator;

public sealed partial class XCallGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Writes the senders of one cross call: each targeting form (one core, all, others, mask, mask + condition,
        /// any of a mask) as a plain and a <c>Try</c> sender (sync forms that reach several cores with a result span too),
        /// then the private-request form.
        /// </summary>
        private sealed class CrossCallSenders
        {
            private readonly SourceWriter _writer;
            private readonly CrossCallModel _model;
            private readonly string _method;
            private readonly string _access;
            private readonly string _typeArguments;
            private readonly string _args;
            private readonly string _refs;
            private readonly string _priority;
            // Generated parameter names, kept clear of the method's own parameter names.
            private readonly string _runtime, _core, _mask, _condition, _results, _result, _ticket, _request;

            public CrossCallSenders(SourceWriter writer, CrossCallModel model)
            {
                _writer = writer;
                _model = model;
                _method = Code(model.Container.DisplayNameOf(model.MethodName));
                _access = model.IsPublic ? "public" : "internal";
                string args = $"{model.HandlerName}.{ArgsStructName(model)}";
                _typeArguments = $"{model.HandlerName}, {args}";

                List<string> taken = model.Parameters.Select(parameter => parameter.PlainName).ToList();
                string Name(string candidate)
                {
                    string name = Identifiers.Unique(candidate, taken.Contains);
                    taken.Add(name);
                    return name;
                }
                (_runtime, _core, _mask, _condition) = (Name("runtime"), Name("core"), Name("mask"), Name("condition"));
                (_results, _result, _ticket, _request) = (Name("results"), Name("result"), Name("ticket"), Name("request"));

                var payload = model.Parameters.Where(parameter => parameter.Passing == ParameterPassing.Payload).ToList();
                _args = payload.Count == 0
                    ? $"new {args}()"
                    : $"new {args} {{ {string.Join(", ", payload.Select(parameter => $"{parameter.Name} = {parameter.Name}"))} }}";
                var references = model.Parameters.Where(parameter => parameter.Passing == ParameterPassing.Reference).ToList();
                _refs = references.Count == 0
                    ? "default"
                    : $"new global::XCall.CallRefs({string.Join(", ", references.Select(parameter => parameter.Name))})";
                _priority = model.Priority switch
                {
                    XCallEnums.CallPriorityNormal => "global::XCall.CallPriority.Normal",
                    XCallEnums.CallPriorityHigh => "global::XCall.CallPriority.High",
                    int other => $"(global::XCall.CallPriority){other}",
                };
            }

            public void Write()
            {
                foreach (TargetForm form in Forms())
                {
                    if (_model.IsAsync) WriteAsync(form);
                    else WriteSync(form);
                }
                WriteRequestForm();
            }

            private IEnumerable<TargetForm> Forms()
            {
                var core = new Parameter($"int {_core}", _core, "The id of the core to run it on.");
                var mask = new Parameter($"global::XCall.CoreMask {_mask}", _mask, "The cores to run it on; offline ones are skipped.");
                var condition = new Parameter($"global::XCall.CorePredicate {_condition}", _condition,
                    $"Picks, on the caller and before sending, the cores of <paramref name=\"{_mask}\"/> that get the call.");
                var anyMask = mask with { Documentation = "The cores to choose from." };
                string inMask = $"global::XCall.Target.InMask({_mask})";

                yield return new TargetForm("On", [core], $"global::XCall.Target.Core({_core})", $"core <paramref name=\"{_core}\"/>", _core, SingleCore: true);
                yield return new TargetForm("OnAll", [], "global::XCall.Target.All", "every online core (the calling core runs its part inline)", null, SingleCore: false);
                yield return new TargetForm("OnOthers", [], "global::XCall.Target.Others", "every online core except the calling one", null, SingleCore: false);
                yield return new TargetForm("OnMask", [mask], inMask, $"the online cores of <paramref name=\"{_mask}\"/>", null, SingleCore: false);
                yield return new TargetForm("OnMask", [mask, condition], $"{inMask}.Where({_condition})",
                    $"the online cores of <paramref name=\"{_mask}\"/> for which <paramref name=\"{_condition}\"/> returns true", null, SingleCore: false);
                yield return new TargetForm("OnAny", [anyMask], $"global::XCall.Target.AnyOf({_mask})",
                    $"one core of <paramref name=\"{_mask}\"/> (the calling core if the mask holds it, else an idle one near it, else the least busy)", null, SingleCore: true);
            }

            private void WriteSync(TargetForm form)
            {
                string name = _model.MethodName + form.Suffix;
                string? result = _model.ReturnType;
                // One core runs it: the sender returns its value. A void method sent to any core of a mask keeps the
                // many-core shape below (it returns how many cores ran it), like the other mask forms.
                if (form.CoreId is not null || (form.SingleCore && result is not null))
                {
                    string single = form.CoreId ?? form.Target;
                    Sender($"Runs {_method} on {form.Where} and waits for it{(result is null ? "" : ", returning its value")}{(form.CoreId is null ? "" : " (inline when the caller is that core)")}.",
                        result is null ? null : $"What {_method} returned.", result ?? "void", name, form, null,
                        Call("Call", result, single, null));
                    Sender(TrySummary(name), TryReturns, "bool", "Try" + name, form,
                        result is null ? null : new Parameter($"out {result} {_result}", _result, "The return value; <c>default</c> when busy."),
                        result is null ? Call("TryCall", null, form.Target, null) : Call("TryCall", result, single, "out " + _result));
                    return;
                }

                bool hasSpanForm = result is not null && _model.ReturnsUnmanaged;
                var results = new Parameter($"global::System.Span<{result}> {_results}", _results,
                    $"Gets core <c>i</c>'s return value at index <c>i</c>; needs <c>CoreCount</c> entries.");
                const string Count = "How many cores ran it.";
                Sender($"Runs {_method} on {form.Where} and waits for the call to finish.", Count, "int", name, form, null,
                    Call("Call", null, form.Target, null));
                if (hasSpanForm)
                {
                    Sender($"Runs {_method} on {form.Where}, waits for the call to finish, and stores each core's return value in <paramref name=\"{_results}\"/>.", Count, "int", name, form, results,
                        Call("Call", result, form.Target, _results));
                }
                Sender(TrySummary(name), TryReturns, "bool", "Try" + name, form, null,
                    Call("TryCall", null, form.Target, null));
                if (hasSpanForm)
                {
                    Sender(TrySummary(name), TryReturns, "bool", "Try" + name, form, results,
                        Call("TryCall", result, form.Target, _results));
                }
            }

            private void WriteAsync(TargetForm form)
            {
                string name = _model.MethodName + form.Suffix;
                Sender($"Queues {_method} on {form.Where} and returns at once with a ticket{(form.CoreId is null ? "" : " (runs it inline when the caller is that core)")}.",
                    "A ticket to wait on or <c>await</c>.", "global::XCall.Ticket", name, form, null,
                    Call("Post", null, form.CoreId ?? form.Target, null));
                Sender(TrySummary(name), TryReturns, "bool", "Try" + name, form,
                    new Parameter($"out global::XCall.Ticket {_ticket}", _ticket, "The call's ticket; a completed one when busy."),
                    Call("TryPost", null, form.Target, "out " + _ticket));
            }

            private void WriteRequestForm()
            {
                string? result = _model.ReturnType;
                string outcome = _model.IsAsync
                    ? "Returns at once with the request's ticket; reuse the request once the ticket completed."
                    : $"Waits for it{(result is null ? "" : ", returning its value")}.";
                Parameter[] leading = [new Parameter($"int {_core}", _core, "The id of the core to run it on."),
                    new Parameter($"global::XCall.XCallRequest {_request}", _request, "A caller-owned request that is not in flight; it keeps the arguments until the next send.")];
                string returnType = _model.IsAsync ? "global::XCall.Ticket" : result ?? "void";
                WriteDocumentation(
                    $"Runs {_method} on core <paramref name=\"{_core}\"/> through <paramref name=\"{_request}\"/>, a caller-owned request: it carries the arguments itself, so the call needs no queue slot, never finds a queue full and allocates nothing. {outcome} Sending a request that is still in flight throws <see cref=\"global::System.InvalidOperationException\"/>.",
                    _model.IsAsync ? "The request's ticket." : result is null ? null : $"What {_method} returned.",
                    leading, null);
                using (_writer.Block($"{_access} static {returnType} {_model.MethodName}On({Parameters(leading, null)})"))
                {
                    _writer.Line($"{_request}.Prepare<{_typeArguments}>({_args}, {_refs});");
                    _writer.Line(_model.IsAsync ? $"return {_runtime}.Post({_core}, {_request});"
                        : result is null ? $"{_runtime}.Call({_core}, {_request});"
                        : $"return {_runtime}.Call<{result}>({_core}, {_request});");
                }
            }

            private static string TrySummary(string sender) => $"Like <c>{sender}</c>, but never waits for queue room: sends nothing when a target queue is full.";

            private const string TryReturns = "False if a target queue was full (then nothing was sent); true once sent.";

            /// <summary>A call to the runtime's low-level API: <c>runtime.Api&lt;THandler, TArgs[, TResult]&gt;(target, args[, extra], refs, priority)</c>.</summary>
            private string Call(string api, string? result, string target, string? extra) =>
                $"{_runtime}.{api}<{_typeArguments}{(result is null ? "" : ", " + result)}>({target}, {_args}{(extra is null ? "" : ", " + extra)}, {_refs}, {_priority})";

            private void Sender(string summary, string? returns, string returnType, string name, TargetForm form, Parameter? extra, string call)
            {
                WriteDocumentation(summary, returns, form.Parameters, extra);
                _writer.Line($"{_access} static {returnType} {name}({Parameters(form.Parameters, extra)})");
                _writer.Indented($"=> {call};");
            }

            /// <summary>The sender's parameter list: the runtime, the <paramref name="leading"/> ones (where to run), the method's own, then <paramref name="extra"/>.</summary>
            private string Parameters(Parameter[] leading, Parameter? extra)
            {
                IEnumerable<string> all = new[] { $"{Runtime} {_runtime}" }
                    .Concat(leading.Select(parameter => parameter.Declaration))
                    .Concat(_model.Parameters.Select(parameter => $"{(parameter.IsIn ? "in " : "")}{parameter.Type} {parameter.Name}"));
                return string.Join(", ", extra is { } last ? all.Append(last.Declaration) : all);
            }

            private void WriteDocumentation(string summary, string? returns, Parameter[] leading, Parameter? extra)
            {
                _writer.Line();
                if (_model.Summary is null)
                {
                    _writer.Line($"/// <summary>{summary}</summary>");
                }
                else
                {
                    _writer.Line("/// <summary>");
                    _writer.Line($"/// {_model.Summary}");
                    _writer.Line($"/// <para>{summary}</para>");
                    _writer.Line("/// </summary>");
                }
                _writer.Line($"/// <param name=\"{_runtime}\">The runtime.</param>");
                foreach (Parameter parameter in leading) WriteParameter(parameter.Name, parameter.Documentation);
                foreach (ParameterModel parameter in _model.Parameters) WriteParameter(parameter.PlainName, parameter.Documentation ?? "Passed to the method.");
                if (extra is { } last) WriteParameter(last.Name, last.Documentation);
                if (returns is not null) _writer.Line($"/// <returns>{returns}</returns>");
                _writer.Line(s_generatedCode);
            }

            private void WriteParameter(string name, string documentation) => _writer.Line($"/// <param name=\"{name}\">{documentation}</param>");
        }

        /// <summary>A generated sender parameter: its declaration, its name and its doc.</summary>
        private readonly record struct Parameter(string Declaration, string Name, string Documentation);

        /// <summary>
        /// One targeting form: the name suffix, its parameters, the <c>Target</c> expression, and how the docs say where
        /// the call runs.
        /// </summary>
        /// <param name="CoreId">
        /// The core id the runtime's <c>int core</c> overloads take (the one-core form; its void <c>Try</c> sender still
        /// takes the <c>Target</c>), or null.
        /// </param>
        /// <param name="SingleCore">Whether exactly one core runs the call (one core, any core of a mask), so a sync call has one value to return.</param>
        private readonly record struct TargetForm(string Suffix, Parameter[] Parameters, string Target, string Where, string? CoreId, bool SingleCore);
    }
}
