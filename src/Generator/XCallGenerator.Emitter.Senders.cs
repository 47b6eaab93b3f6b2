using System.Collections.Generic;
using System.Linq;
using XCall.Generator.Models;
using XCall.Shared;

namespace XCall.Generator;

public sealed partial class XCallGenerator
{
    internal static partial class Emitter
    {
        private const string ValueTask = "global::System.Threading.Tasks.ValueTask";

        /// <summary>
        /// Writes the senders of one cross call. Each targeting form (one core, all, others, mask, mask + condition, any of a
        /// mask) gets the sender of the method's mode (sync: waits; async: returns a ticket) with its <c>Try</c> twin, and an
        /// awaited sender (<c>…Async</c>); the one-core form of a sync method also gets a timeout overload. Then come the
        /// private-request form and, for an async method, the batch form. Every sender checks its reference arguments for
        /// null, then makes one call to the runtime's low-level API.
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
            private readonly string _runtime, _core, _mask, _condition, _results, _result, _ticket, _request, _timeout, _cancellation, _batch;
            private readonly Parameter _runtimeParameter, _coreParameter;

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
                (_timeout, _cancellation, _batch) = (Name("timeout"), Name("cancellationToken"), Name("batch"));
                _runtimeParameter = new Parameter($"{Runtime} {_runtime}", _runtime, "The runtime.", CheckedForNull: true);
                _coreParameter = new Parameter($"int {_core}", _core, "The id of the core to run it on.");

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
                    if (_model.IsAsync) WriteAsyncMode(form);
                    else WriteSyncMode(form);
                    WriteAwaited(form);
                }
                WriteRequestForm();
                if (_model.IsAsync) WriteBatchForm();
            }

            private IEnumerable<TargetForm> Forms()
            {
                var mask = new Parameter($"global::XCall.CoreMask {_mask}", _mask, "The cores to run it on; offline ones are skipped.");
                var condition = new Parameter($"global::XCall.CorePredicate {_condition}", _condition,
                    $"Picks, on the caller and before sending, the cores of <paramref name=\"{_mask}\"/> that get the call.", CheckedForNull: true);
                var anyMask = mask with { Documentation = "The cores to choose from." };
                string inMask = $"global::XCall.Target.InMask({_mask})";

                yield return new TargetForm("On", [_coreParameter], $"global::XCall.Target.Core({_core})", $"core <paramref name=\"{_core}\"/>", _core, SingleCore: true);
                yield return new TargetForm("OnAll", [], "global::XCall.Target.All", "every online core (the calling core runs its part inline)", null, SingleCore: false);
                yield return new TargetForm("OnOthers", [], "global::XCall.Target.Others", "every online core except the calling one", null, SingleCore: false);
                yield return new TargetForm("OnMask", [mask], inMask, $"the online cores of <paramref name=\"{_mask}\"/>", null, SingleCore: false);
                yield return new TargetForm("OnMask", [mask, condition], $"{inMask}.Where({_condition})",
                    $"the online cores of <paramref name=\"{_mask}\"/> for which <paramref name=\"{_condition}\"/> returns true", null, SingleCore: false);
                yield return new TargetForm("OnAny", [anyMask], $"global::XCall.Target.AnyOf({_mask})",
                    $"one core of <paramref name=\"{_mask}\"/> (the calling core if the mask holds it, else an idle one near it, else the least busy)", null, SingleCore: true);
            }

            private void WriteSyncMode(TargetForm form)
            {
                string name = _model.MethodName + form.Suffix;
                string? result = _model.ReturnType;
                Parameter[] leading = [_runtimeParameter, .. form.Parameters];
                if (form.SingleCore)
                {
                    // One core runs it: the sender returns the method's value, or nothing for a void method.
                    string single = form.CoreId ?? form.Target;
                    string? returns = result is null ? null : $"What {_method} returned.";
                    string runs = $"Runs {_method} on {form.Where} and waits for it{(result is null ? "" : ", returning its value")}";
                    Sender($"{runs}{(form.CoreId is null ? "" : " (inline when the caller is that core)")}.",
                        returns, result ?? "void", name, leading, [], Call("Call", result, single, null));
                    if (form.CoreId is { } core)
                    {
                        Sender($"{runs}, for at most <paramref name=\"{_timeout}\"/> and no longer once <paramref name=\"{_cancellation}\"/> is cancelled: a call its core had not started then never runs, and one already running finishes on its core with its outcome discarded.",
                            returns, result ?? "void", name, leading,
                            [new Parameter($"global::System.TimeSpan {_timeout}", _timeout, "The longest wait, or <c>Timeout.InfiniteTimeSpan</c>; past it the sender throws <c>TimeoutException</c>."),
                             new Parameter($"global::System.Threading.CancellationToken {_cancellation} = default", _cancellation, "Ends the wait early with <c>OperationCanceledException</c>.")],
                            Call("Call", result, core, $"{_timeout}, {_cancellation}"));
                    }
                    Sender(TrySummary(name), TryReturns, "bool", "Try" + name, leading,
                        result is null ? [] : [new Parameter($"out {result} {_result}", _result, "The return value; <c>default</c> when busy.")],
                        result is null ? Call("TryCall", null, form.Target, null) : Call("TryCall", result, single, "out " + _result));
                    return;
                }

                bool hasSpanForm = result is not null && _model.ReturnsUnmanaged;
                Parameter[] results = [new Parameter($"global::System.Span<{result}> {_results}", _results,
                    "Gets core <c>i</c>'s return value at index <c>i</c>; needs <c>CoreCount</c> entries.")];
                const string Count = "How many cores ran it.";
                Sender($"Runs {_method} on {form.Where} and waits for the call to finish.", Count, "int", name, leading, [],
                    Call("Call", null, form.Target, null));
                if (hasSpanForm)
                {
                    Sender($"Runs {_method} on {form.Where}, waits for the call to finish, and stores each core's return value in <paramref name=\"{_results}\"/>.", Count, "int", name, leading, results,
                        Call("Call", result, form.Target, _results));
                }
                Sender(TrySummary(name), TryReturns, "bool", "Try" + name, leading, [],
                    Call("TryCall", null, form.Target, null));
                if (hasSpanForm)
                {
                    Sender(TrySummary(name), TryReturns, "bool", "Try" + name, leading, results,
                        Call("TryCall", result, form.Target, _results));
                }
            }

            private void WriteAsyncMode(TargetForm form)
            {
                string name = _model.MethodName + form.Suffix;
                Parameter[] leading = [_runtimeParameter, .. form.Parameters];
                Sender($"Queues {_method} on {form.Where} and returns at once with a ticket{(form.CoreId is null ? "" : " (runs it inline when the caller is that core)")}.",
                    "A ticket to wait on or <c>await</c>.", "global::XCall.Ticket", name, leading, [],
                    Call("Post", null, form.CoreId ?? form.Target, null));
                Sender(TrySummary(name), TryReturns, "bool", "Try" + name, leading,
                    [new Parameter($"out global::XCall.Ticket {_ticket}", _ticket, "The call's ticket; a completed one when busy.")],
                    Call("TryPost", null, form.Target, "out " + _ticket));
            }

            /// <summary>The awaited sender of a form, whatever the method's mode: <c>ValueTask&lt;R&gt;</c> from one core, or how many cores ran it.</summary>
            private void WriteAwaited(TargetForm form)
            {
                string name = _model.MethodName + form.Suffix + "Async";
                string? result = _model.ReturnType;
                Parameter[] leading = [_runtimeParameter, .. form.Parameters];
                if (form.SingleCore)
                {
                    var cancellation = new Parameter($"global::System.Threading.CancellationToken {_cancellation} = default", _cancellation,
                        "Cancels the call if its core has not started it (it then never runs); the await ends with <c>OperationCanceledException</c> at once either way, and a call already running finishes on its core.");
                    string call = result is not null ? Call("CallAsync", result, form.CoreId ?? form.Target, _cancellation)
                        : form.CoreId is { } core ? Call("CallAsync", null, core, _cancellation)
                        : $"{_model.HandlerName}.{WithoutCount}({Call("CallAsync", null, form.Target, _cancellation)})"; // a void method on any core of a mask
                    Sender($"Runs {_method} on {form.Where}, without blocking the caller: the returned task completes {(result is null ? "once it finished" : "with its value")}.",
                        result is null ? $"A task that completes once {_method} ran." : $"A task that completes with what {_method} returned.",
                        result is null ? ValueTask : $"{ValueTask}<{result}>", name, leading, [cancellation], call);
                    return;
                }

                var cancellationMany = new Parameter($"global::System.Threading.CancellationToken {_cancellation} = default", _cancellation,
                    "Cancelled before the call, nothing is sent; cancelled later, the await ends with <c>OperationCanceledException</c> and the calls already sent still run.");
                const string Count = "A task that completes with how many cores ran it.";
                Sender($"Runs {_method} on {form.Where}, without blocking the caller: the returned task completes once every core finished.",
                    Count, $"{ValueTask}<int>", name, leading, [cancellationMany], Call("CallAsync", null, form.Target, _cancellation));
                if (result is not null && _model.ReturnsUnmanaged)
                {
                    var results = new Parameter($"global::System.Memory<{result}> {_results}", _results,
                        "Gets core <c>i</c>'s return value at index <c>i</c> once every core finished; needs <c>CoreCount</c> entries.");
                    Sender($"Runs {_method} on {form.Where}, without blocking the caller, and stores each core's return value in <paramref name=\"{_results}\"/>: the returned task completes once every core finished.",
                        Count, $"{ValueTask}<int>", name, leading, [results, cancellationMany], Call("CallAsync", result, form.Target, $"{_results}, {_cancellation}"));
                }
            }

            private void WriteRequestForm()
            {
                string? result = _model.ReturnType;
                string outcome = _model.IsAsync
                    ? "Returns at once with the request's ticket; reuse the request once the ticket completed."
                    : $"Waits for it{(result is null ? "" : ", returning its value")}.";
                Parameter[] leading = [_runtimeParameter, _coreParameter,
                    new Parameter($"global::XCall.XCallRequest {_request}", _request, "A caller-owned request that is not in flight; it keeps the arguments until the next send.", CheckedForNull: true)];
                Sender($"Runs {_method} on core <paramref name=\"{_core}\"/> through <paramref name=\"{_request}\"/>, a caller-owned request: it carries the arguments itself, so the call needs no queue slot, never finds a queue full and allocates nothing. {outcome} Sending a request that is still in flight throws <see cref=\"global::System.InvalidOperationException\"/>.",
                    _model.IsAsync ? "The request's ticket." : result is null ? null : $"What {_method} returned.",
                    _model.IsAsync ? "global::XCall.Ticket" : result ?? "void", _model.MethodName + "On", leading, [],
                    _model.IsAsync ? $"{_runtime}.Post({_core}, {_request})"
                        : result is null ? $"{_runtime}.Call({_core}, {_request})"
                        : $"{_runtime}.Call<{result}>({_core}, {_request})",
                    prepare: $"{_request}.Prepare<{_typeArguments}>({_args}, {_refs})");
            }

            private void WriteBatchForm()
            {
                var batch = new Parameter($"global::XCall.CallBatch {_batch}", _batch,
                    "An open batch from <c>XCallRuntime.Batch(core, priority)</c>: the call goes to its core, through the queue of its priority.", CheckedForNull: true);
                Sender($"Queues {_method} in <paramref name=\"{_batch}\"/> and returns at once with a ticket. The core sees the batch's calls, in the order they were queued, once the batch is published: when it is disposed, or part by part when the queue fills up.",
                    "A ticket to wait on or <c>await</c> (a wait publishes the batch first).", "global::XCall.Ticket", _model.MethodName + "On", [batch], [],
                    $"{_batch}.Post<{_typeArguments}>({_args}, {_refs})");
            }

            private static string TrySummary(string sender) => $"Like <c>{sender}</c>, but never waits for queue room: sends nothing when a target queue is full.";

            private const string TryReturns = "False if a target queue was full (then nothing was sent); true once sent.";

            /// <summary>A call to the runtime's low-level API: <c>runtime.Api&lt;THandler, TArgs[, TResult]&gt;(target, args[, extra], refs, priority)</c>.</summary>
            private string Call(string api, string? result, string target, string? extra) =>
                $"{_runtime}.{api}<{_typeArguments}{(result is null ? "" : ", " + result)}>({target}, {_args}{(extra is null ? "" : ", " + extra)}, {_refs}, {_priority})";

            /// <summary>
            /// Writes one sender: its docs, its signature (the <paramref name="leading"/> parameters, the method's own, then
            /// the <paramref name="trailing"/> ones), a null check per reference parameter it adds, then
            /// <paramref name="prepare"/> and <paramref name="call"/>.
            /// </summary>
            private void Sender(string summary, string? returns, string returnType, string name, Parameter[] leading, Parameter[] trailing,
                string call, string? prepare = null)
            {
                WriteDocumentation(summary, returns, leading, trailing);
                IEnumerable<string> parameters = leading.Select(parameter => parameter.Declaration)
                    .Concat(_model.Parameters.Select(parameter => $"{(parameter.IsIn ? "in " : "")}{parameter.Type} {parameter.Name}"))
                    .Concat(trailing.Select(parameter => parameter.Declaration));
                using (_writer.Block($"{_access} static {returnType} {name}({string.Join(", ", parameters)})"))
                {
                    foreach (Parameter parameter in leading.Where(parameter => parameter.CheckedForNull))
                        _writer.Line($"global::System.ArgumentNullException.ThrowIfNull({parameter.Name});");
                    if (prepare is not null) _writer.Line(prepare + ";");
                    _writer.Line(returnType == "void" ? call + ";" : $"return {call};");
                }
            }

            private void WriteDocumentation(string summary, string? returns, Parameter[] leading, Parameter[] trailing)
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
                foreach (Parameter parameter in leading) WriteParameter(parameter.Name, parameter.Documentation);
                foreach (ParameterModel parameter in _model.Parameters) WriteParameter(parameter.PlainName, parameter.Documentation ?? "Passed to the method.");
                foreach (Parameter parameter in trailing) WriteParameter(parameter.Name, parameter.Documentation);
                if (returns is not null) _writer.Line($"/// <returns>{returns}</returns>");
                _writer.Line(s_generatedCode);
            }

            private void WriteParameter(string name, string documentation) => _writer.Line($"/// <param name=\"{name}\">{documentation}</param>");
        }

        /// <summary>A generated sender parameter: its declaration, its name, its doc, and whether the sender rejects a null argument.</summary>
        private readonly record struct Parameter(string Declaration, string Name, string Documentation, bool CheckedForNull = false);

        /// <summary>
        /// One targeting form: the name suffix, its parameters, the <c>Target</c> expression, and how the docs say where
        /// the call runs.
        /// </summary>
        /// <param name="CoreId">
        /// The core id the runtime's <c>int core</c> overloads take (the one-core form; its void <c>Try</c> sender still
        /// takes the <c>Target</c>), or null.
        /// </param>
        /// <param name="SingleCore">Whether exactly one core runs the call (one core, any core of a mask), so a sender has one value to return.</param>
        private readonly record struct TargetForm(string Suffix, Parameter[] Parameters, string Target, string Where, string? CoreId, bool SingleCore);
    }
}
