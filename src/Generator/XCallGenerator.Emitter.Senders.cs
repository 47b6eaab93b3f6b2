using System.Collections.Generic;
using System.Linq;
using System.Text;
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
        /// <remarks>
        /// <para>
        /// Documentation: every sender has its own summary and returns, and takes its parameter docs with
        /// <c>&lt;inheritdoc cref="…" path="/param"/&gt;</c> from one of two anchors, the first sender of the one-core
        /// senders (<c>MOn(runtime, core, …)</c>) and of the many-core ones (<c>MOnAll(runtime, …)</c>). Each anchor
        /// documents every parameter its group uses, the ones it lacks too (CS1572 is off around it), so each text is
        /// written twice per method instead of once per sender; the IDE shows each sender the docs of its own parameters.
        /// </para>
        /// <para>
        /// Speed: everything per method (declarations, the argument struct, the refs, the priority, the anchors' crefs) is
        /// made once; each sender is written piece by piece into the file's one builder.
        /// </para>
        /// </remarks>
        private sealed class CrossCallSenders
        {
            // Parameter docs that do not name another parameter.
            private const string RuntimeDoc = "The runtime.";
            private const string CoreDoc = "The id of the core to run it on.";
            private const string ManyMaskDoc = "The cores to run it on; offline ones are skipped.";
            private const string AnyMaskDoc = "The cores to choose from.";
            private const string ResultDoc = "The return value; <c>default</c> when busy.";
            private const string ResultsDoc = "Gets core <c>i</c>'s return value at index <c>i</c> once every core finished; needs <c>CoreCount</c> entries.";
            private const string TicketDoc = "The call's ticket; a completed one when busy.";
            private const string RequestDoc = "A caller-owned request that is not in flight; it keeps the arguments until the next send.";
            private const string TimeoutDoc = "The longest wait, or <c>Timeout.InfiniteTimeSpan</c>; past it the sender throws <c>TimeoutException</c>.";
            private const string OneCoreCancellationDoc = "Cancels the call if its core has not started it (it then never runs); the wait ends with <c>OperationCanceledException</c> at once either way, and a call already running finishes on its core.";
            private const string ManyCoreCancellationDoc = "Cancelled before the call, nothing is sent; cancelled later, the await ends with <c>OperationCanceledException</c> and the calls already sent still run.";
            private const string BatchDoc = "An open batch from <c>XCallRuntime.Batch(core, priority)</c>: the call goes to its core, through the queue of its priority.";
            private const string UndocumentedParameter = "Passed to the method.";

            private const string TryReturns = "False if a target queue was full (then nothing was sent); true once sent.";
            private const string TicketReturns = "A ticket to wait on or <c>await</c>.";
            private const string CountReturns = "How many cores ran it.";
            private const string AwaitedCountReturns = "A task that completes with how many cores ran it.";
            private const string TryBody = ", but never waits for queue room: sends nothing when a target queue is full.";
            private const string ThrowIfNull = "global::System.ArgumentNullException.ThrowIfNull(";

            private readonly SourceWriter _writer;
            private readonly CrossCallModel _model;
            private readonly string? _result;
            private readonly string _method;
            private readonly string _access;
            private readonly string _typeArguments;
            private readonly string _args;
            /// <summary>The <c>CallRefs</c> of the reference arguments, or <c>default</c>.</summary>
            private readonly string _refs;
            /// <summary>What every low-level call ends with: <c>, refs, priority)</c>.</summary>
            private readonly string _tail;
            /// <summary>The method's own parameters as the senders declare them, each after <c>", "</c>.</summary>
            private readonly string _parameters;
            // Generated parameter names, kept clear of the method's own parameter names.
            private readonly string _runtime, _core, _mask, _condition, _results, _result_, _ticket, _request, _timeout, _cancellation, _batch;
            private readonly string _runtimeDeclaration, _throwIfNullRuntime;
            /// <summary>The two anchors' <c>&lt;inheritdoc&gt;</c> lines (without the indentation).</summary>
            private readonly string _oneCoreParameters, _manyCoreParameters;

            public CrossCallSenders(SourceWriter writer, CrossCallModel model)
            {
                _writer = writer;
                _model = model;
                _result = model.ReturnType;
                _method = Code(model.Container.DisplayNameOf(model.MethodName));
                _access = model.IsPublic ? "public static " : "internal static ";
                string args = model.HandlerName + "." + ArgsStructName(model);
                _typeArguments = model.HandlerName + ", " + args;

                List<string> taken = model.Parameters.Select(parameter => parameter.PlainName).ToList();
                string Name(string candidate)
                {
                    string name = Identifiers.Unique(candidate, taken.Contains);
                    taken.Add(name);
                    return name;
                }
                (_runtime, _core, _mask, _condition) = (Name("runtime"), Name("core"), Name("mask"), Name("condition"));
                (_results, _result_, _ticket, _request) = (Name("results"), Name("result"), Name("ticket"), Name("request"));
                (_timeout, _cancellation, _batch) = (Name("timeout"), Name("cancellationToken"), Name("batch"));
                _runtimeDeclaration = Runtime + " " + _runtime;
                _throwIfNullRuntime = ThrowIfNull + _runtime + ");";

                var text = new StringBuilder();
                text.Append("new ").Append(args);
                bool first = true;
                foreach (ParameterModel parameter in model.Parameters)
                {
                    if (parameter.Passing != ParameterPassing.Payload) continue;
                    text.Append(first ? " { " : ", ").Append(parameter.Name).Append(" = ").Append(parameter.Name);
                    first = false;
                }
                _args = text.Append(first ? "()" : " }").ToString();

                text.Clear();
                first = true;
                foreach (ParameterModel parameter in model.Parameters)
                {
                    if (parameter.Passing != ParameterPassing.Reference) continue;
                    text.Append(first ? "new global::XCall.CallRefs(" : ", ").Append(parameter.Name);
                    first = false;
                }
                _refs = text.Append(first ? "default" : ")").ToString();
                _tail = text.Clear().Append(", ").Append(_refs).Append(", ").Append(model.Priority switch
                {
                    XCallEnums.CallPriorityNormal => "global::XCall.CallPriority.Normal",
                    XCallEnums.CallPriorityHigh => "global::XCall.CallPriority.High",
                    int other => "(global::XCall.CallPriority)" + other.ToString(System.Globalization.CultureInfo.InvariantCulture),
                }).Append(')').ToString();

                text.Clear();
                foreach (ParameterModel parameter in model.Parameters)
                    text.Append(", ").Append(parameter.IsIn ? "in " : "").Append(parameter.Type).Append(' ').Append(parameter.Name);
                _parameters = text.ToString();

                _oneCoreParameters = InheritParameters(text, model.MethodName + "On", Runtime + ", int");
                _manyCoreParameters = InheritParameters(text, model.MethodName + "OnAll", Runtime);
            }

            /// <summary>The <c>&lt;inheritdoc&gt;</c> that takes the parameter docs of the anchor <paramref name="name"/>(<paramref name="leading"/>, the method's own parameters).</summary>
            private string InheritParameters(StringBuilder text, string name, string leading)
            {
                text.Clear().Append("/// <inheritdoc cref=\"").Append(name).Append('(').Append(leading);
                foreach (ParameterModel parameter in _model.Parameters)
                    text.Append(", ").Append(parameter.IsIn ? "in " : "").Append(parameter.CrefType);
                return text.Append(")\" path=\"/param\"/>").ToString();
            }

            public void Write()
            {
                string name = _model.MethodName;
                if (_model.IsAsync) WriteAsyncOneCore(name + "On", _core, SingleCoreWhere(), anchor: true);
                else WriteSyncOneCore(name + "On", SingleCoreWhere());
                WriteAwaitedOneCore(name + "OnAsync", _core, SingleCoreWhere(), null);

                string leadingMask = ", global::XCall.CoreMask " + _mask;
                string inMask = "global::XCall.Target.InMask(" + _mask + ")";
                WriteManyCore(name + "OnAll", "", "global::XCall.Target.All", "every online core (the calling core runs its part inline)", null, anchor: true);
                WriteManyCore(name + "OnOthers", "", "global::XCall.Target.Others", "every online core except the calling one", null, anchor: false);
                WriteManyCore(name + "OnMask", leadingMask, inMask, "the online cores of <paramref name=\"" + _mask + "\"/>", null, anchor: false);
                WriteManyCore(name + "OnMask", leadingMask + ", global::XCall.CorePredicate " + _condition, inMask + ".Where(" + _condition + ")",
                    "the online cores of <paramref name=\"" + _mask + "\"/> for which <paramref name=\"" + _condition + "\"/> returns true", _condition, anchor: false);

                string anyWhere = "one core of <paramref name=\"" + _mask + "\"/> (the calling core if the mask holds it, else an idle one near it, else the least busy)";
                string anyTarget = "global::XCall.Target.AnyOf(" + _mask + ")";
                if (_model.IsAsync) WriteAsyncOneCore(name + "OnAny", anyTarget, anyWhere, anchor: false, leading: leadingMask);
                else WriteSyncAny(name + "OnAny", leadingMask, anyTarget, anyWhere);
                WriteAwaitedOneCore(name + "OnAnyAsync", anyTarget, anyWhere, leadingMask);

                WriteRequestForm();
                if (_model.IsAsync) WriteBatchForm();
            }

            private string SingleCoreWhere() => "core <paramref name=\"" + _core + "\"/>";

            // ---- One core -------------------------------------------------------------------------------------------------

            /// <summary>A sync method's one-core senders: <c>MOn</c> (the one-core anchor), with a timeout, and <c>TryMOn</c>.</summary>
            private void WriteSyncOneCore(string name, string where)
            {
                string leading = ", int " + _core;
                string returnType = _result ?? "void";
                string returns = _result is null ? "" : "What " + _method + " returned.";
                string valueClause = _result is null ? "" : ", returning its value";

                StartSender(anchor: true);
                Summary("Runs ", _method, " on ", where, " and waits for it", valueClause, " (inline when the caller is that core).");
                OneCoreAnchorParameters();
                Returns(returns);
                Signature(returnType, name, leading, "");
                Body(_result is not null, null, "Call", _result, _core, null);
                EndSender(anchor: true);

                StartSender(anchor: false);
                Summary("Runs ", _method, " on ", where, " and waits for it", valueClause, ", for at most <paramref name=\"", _timeout,
                    "\"/> and no longer once <paramref name=\"", _cancellation,
                    "\"/> is cancelled: a call its core had not started then never runs, and one already running finishes on its core with its outcome discarded.");
                Inherit(_oneCoreParameters);
                Returns(returns);
                Signature(returnType, name, leading, ", global::System.TimeSpan " + _timeout + ", global::System.Threading.CancellationToken " + _cancellation + " = default");
                Body(_result is not null, null, "Call", _result, _core, _timeout + ", " + _cancellation);
                EndSender(anchor: false);

                WriteSyncTry(name, leading, "global::XCall.Target.Core(" + _core + ")", _core);
            }

            /// <summary>A sync method's any-core-of-a-mask senders: <c>MOnAny</c> and <c>TryMOnAny</c>.</summary>
            private void WriteSyncAny(string name, string leading, string target, string where)
            {
                StartSender(anchor: false);
                Summary("Runs ", _method, " on ", where, " and waits for it", _result is null ? "." : ", returning its value.");
                Inherit(_oneCoreParameters);
                Returns(_result is null ? "" : "What " + _method + " returned.");
                Signature(_result ?? "void", name, leading, "");
                Body(_result is not null, null, "Call", _result, target, null);
                EndSender(anchor: false);

                WriteSyncTry(name, leading, target, target);
            }

            /// <summary><c>TryM…</c> of a one-core form; a void method's takes the <c>Target</c>, one with a value the core id where it has one.</summary>
            private void WriteSyncTry(string name, string leading, string target, string valueTarget)
            {
                StartSender(anchor: false);
                Summary("Like <c>", name, "</c>", TryBody);
                Inherit(_oneCoreParameters);
                Returns(TryReturns);
                if (_result is null)
                {
                    Signature("bool", "Try" + name, leading, "");
                    Body(true, null, "TryCall", null, target, null);
                }
                else
                {
                    Signature("bool", "Try" + name, leading, ", out " + _result + " " + _result_);
                    Body(true, null, "TryCall", _result, valueTarget, "out " + _result_);
                }
                EndSender(anchor: false);
            }

            /// <summary>An async method's one-core senders: <c>MOn</c>/<c>MOnAny</c> and their <c>Try</c> twins.</summary>
            private void WriteAsyncOneCore(string name, string target, string where, bool anchor, string? leading = null)
            {
                bool isCore = leading is null;
                leading ??= ", int " + _core;
                StartSender(anchor);
                Summary("Queues ", _method, " on ", where, " and returns at once with a ticket", isCore ? " (runs it inline when the caller is that core)." : ".");
                if (anchor) OneCoreAnchorParameters();
                else Inherit(_oneCoreParameters);
                Returns(TicketReturns);
                Signature("global::XCall.Ticket", name, leading, "");
                Body(true, null, "Post", null, target, null);
                EndSender(anchor);

                StartSender(anchor: false);
                Summary("Like <c>", name, "</c>", TryBody);
                Inherit(_oneCoreParameters);
                Returns(TryReturns);
                Signature("bool", "Try" + name, leading, ", out global::XCall.Ticket " + _ticket);
                Body(true, null, "TryPost", null, isCore ? "global::XCall.Target.Core(" + _core + ")" : target, "out " + _ticket);
                EndSender(anchor: false);
            }

            /// <summary>The awaited sender of a one-core form, whatever the method's mode: <c>ValueTask&lt;R&gt;</c>, or <c>ValueTask</c>.</summary>
            private void WriteAwaitedOneCore(string name, string target, string where, string? leading)
            {
                StartSender(anchor: false);
                Summary("Runs ", _method, " on ", where, ", without blocking the caller: the returned task completes ", _result is null ? "once it finished." : "with its value.");
                Inherit(_oneCoreParameters);
                Returns(_result is null ? "A task that completes once " : "A task that completes with what ", _method, _result is null ? " ran." : " returned.");
                Signature(_result is null ? ValueTask : ValueTask + "<" + _result + ">", name, leading ?? ", int " + _core,
                    ", global::System.Threading.CancellationToken " + _cancellation + " = default");
                // A void method on any core of a mask: the runtime completes with a count, the sender with nothing.
                Body(true, null, "CallAsync", _result, target, _cancellation, _result is null && leading is not null ? _model.HandlerName + "." + WithoutCount : null);
                EndSender(anchor: false);
            }

            /// <summary>Docs of the one-core anchor: every parameter a one-core sender (and the request and batch forms) can have.</summary>
            private void OneCoreAnchorParameters()
            {
                Parameter(_runtime, RuntimeDoc);
                Parameter(_core, CoreDoc);
                Parameter(_request, RequestDoc);
                Parameter(_mask, AnyMaskDoc);
                UserParameters();
                if (_model.IsAsync)
                {
                    Parameter(_ticket, TicketDoc);
                    Parameter(_batch, BatchDoc);
                }
                else
                {
                    if (_result is not null) Parameter(_result_, ResultDoc);
                    Parameter(_timeout, TimeoutDoc);
                }
                Parameter(_cancellation, OneCoreCancellationDoc);
            }

            // ---- Several cores ----------------------------------------------------------------------------------------------

            /// <summary>
            /// The senders of a many-core form: the method's mode (sync: how many cores ran it, and each core's value into a
            /// span when the value is unmanaged; async: a ticket), its <c>Try</c> twins, and the awaited ones.
            /// </summary>
            private void WriteManyCore(string name, string leading, string target, string where, string? checkedParameter, bool anchor)
            {
                bool values = _result is not null && _model.ReturnsUnmanaged;
                if (_model.IsAsync)
                {
                    StartSender(anchor);
                    Summary("Queues ", _method, " on ", where, " and returns at once with a ticket.");
                    ManyCoreParameters(anchor);
                    Returns(TicketReturns);
                    Signature("global::XCall.Ticket", name, leading, "");
                    Body(true, checkedParameter, "Post", null, target, null);
                    EndSender(anchor);

                    StartSender(anchor: false);
                    Summary("Like <c>", name, "</c>", TryBody);
                    Inherit(_manyCoreParameters);
                    Returns(TryReturns);
                    Signature("bool", "Try" + name, leading, ", out global::XCall.Ticket " + _ticket);
                    Body(true, checkedParameter, "TryPost", null, target, "out " + _ticket);
                    EndSender(anchor: false);
                }
                else
                {
                    string span = ", global::System.Span<" + _result + "> " + _results;
                    StartSender(anchor);
                    Summary("Runs ", _method, " on ", where, " and waits for the call to finish.");
                    ManyCoreParameters(anchor);
                    Returns(CountReturns);
                    Signature("int", name, leading, "");
                    Body(true, checkedParameter, "Call", null, target, null);
                    EndSender(anchor);
                    if (values)
                    {
                        StartSender(anchor: false);
                        Summary("Runs ", _method, " on ", where, ", waits for the call to finish, and stores each core's return value in <paramref name=\"", _results, "\"/>.");
                        Inherit(_manyCoreParameters);
                        Returns(CountReturns);
                        Signature("int", name, leading, span);
                        Body(true, checkedParameter, "Call", _result, target, _results);
                        EndSender(anchor: false);
                    }
                    StartSender(anchor: false);
                    Summary("Like <c>", name, "</c>", TryBody);
                    Inherit(_manyCoreParameters);
                    Returns(TryReturns);
                    Signature("bool", "Try" + name, leading, "");
                    Body(true, checkedParameter, "TryCall", null, target, null);
                    EndSender(anchor: false);
                    if (values)
                    {
                        StartSender(anchor: false);
                        Summary("Like <c>", name, "</c>", TryBody);
                        Inherit(_manyCoreParameters);
                        Returns(TryReturns);
                        Signature("bool", "Try" + name, leading, span);
                        Body(true, checkedParameter, "TryCall", _result, target, _results);
                        EndSender(anchor: false);
                    }
                }

                string cancellation = ", global::System.Threading.CancellationToken " + _cancellation + " = default";
                StartSender(anchor: false);
                Summary("Runs ", _method, " on ", where, ", without blocking the caller: the returned task completes once every core finished.");
                Inherit(_manyCoreParameters);
                Returns(AwaitedCountReturns);
                Signature(ValueTask + "<int>", name + "Async", leading, cancellation);
                Body(true, checkedParameter, "CallAsync", null, target, _cancellation);
                EndSender(anchor: false);
                if (values)
                {
                    StartSender(anchor: false);
                    Summary("Runs ", _method, " on ", where, ", without blocking the caller, and stores each core's return value in <paramref name=\"", _results,
                        "\"/>: the returned task completes once every core finished.");
                    Inherit(_manyCoreParameters);
                    Returns(AwaitedCountReturns);
                    Signature(ValueTask + "<int>", name + "Async", leading, ", global::System.Memory<" + _result + "> " + _results + cancellation);
                    Body(true, checkedParameter, "CallAsync", _result, target, _results + ", " + _cancellation);
                    EndSender(anchor: false);
                }
            }

            /// <summary>The many-core anchor's docs (every parameter a many-core sender can have), or the other senders' <c>&lt;inheritdoc&gt;</c>.</summary>
            private void ManyCoreParameters(bool anchor)
            {
                if (!anchor)
                {
                    Inherit(_manyCoreParameters);
                    return;
                }
                Parameter(_runtime, RuntimeDoc);
                Parameter(_mask, ManyMaskDoc);
                Parameter(_condition, "Picks, on the caller and before sending, the cores of <paramref name=\"" + _mask + "\"/> that get the call.");
                UserParameters();
                if (_result is not null && _model.ReturnsUnmanaged) Parameter(_results, ResultsDoc);
                if (_model.IsAsync) Parameter(_ticket, TicketDoc);
                Parameter(_cancellation, ManyCoreCancellationDoc);
            }

            // ---- Requests and batches ---------------------------------------------------------------------------------------

            private void WriteRequestForm()
            {
                StartSender(anchor: false);
                Summary("Runs ", _method, " on core <paramref name=\"", _core, "\"/> through <paramref name=\"", _request,
                    "\"/>, a caller-owned request: it carries the arguments itself, so the call needs no queue slot, never finds a queue full and allocates nothing. ",
                    _model.IsAsync ? "Returns at once with the request's ticket; reuse the request once the ticket completed."
                        : _result is null ? "Waits for it." : "Waits for it, returning its value.",
                    " Sending a request that is still in flight throws <see cref=\"global::System.InvalidOperationException\"/>.");
                Inherit(_oneCoreParameters);
                Returns(_model.IsAsync ? "The request's ticket." : _result is null ? "" : "What " + _method + " returned.");
                string returnType = _model.IsAsync ? "global::XCall.Ticket" : _result ?? "void";
                Signature(returnType, _model.MethodName + "On", ", int " + _core + ", global::XCall.XCallRequest " + _request, "");
                _writer.OpenBrace();
                _writer.Line(_throwIfNullRuntime);
                _writer.StartLine().Write(ThrowIfNull).Write(_request).Write(");").EndLine();
                _writer.StartLine().Write(_request).Write(".Prepare<").Write(_typeArguments).Write(">(").Write(_args).Write(", ").Write(_refs).Write(");").EndLine();
                _writer.StartLine().Write(returnType == "void" ? "" : "return ").Write(_runtime).Write(_model.IsAsync ? ".Post(" : _result is null ? ".Call(" : ".Call<" + _result + ">(")
                    .Write(_core).Write(", ").Write(_request).Write(");").EndLine();
                _writer.CloseBrace();
                EndSender(anchor: false);
            }

            private void WriteBatchForm()
            {
                StartSender(anchor: false);
                Summary("Queues ", _method, " in <paramref name=\"", _batch,
                    "\"/> and returns at once with a ticket. The core sees the batch's calls, in the order they were queued, once the batch is published: when it is disposed, or part by part when the queue fills up.");
                Inherit(_oneCoreParameters);
                Returns("A ticket to wait on or <c>await</c> (a wait publishes the batch first).");
                _writer.Line(s_generatedCode);
                _writer.StartLine().Write(_access).Write("global::XCall.Ticket ").Write(_model.MethodName).Write("On(global::XCall.CallBatch ").Write(_batch)
                    .Write(_parameters).Write(")").EndLine();
                _writer.OpenBrace();
                _writer.StartLine().Write(ThrowIfNull).Write(_batch).Write(");").EndLine();
                _writer.StartLine().Write("return ").Write(_batch).Write(".Post<").Write(_typeArguments).Write(">(").Write(_args).Write(", ").Write(_refs).Write(");").EndLine();
                _writer.CloseBrace();
                EndSender(anchor: false);
            }

            // ---- Pieces -----------------------------------------------------------------------------------------------------

            /// <summary>
            /// Starts a sender: a blank line, and around an anchor (which documents parameters it lacks, for the other
            /// senders to inherit) CS1572 off.
            /// </summary>
            private void StartSender(bool anchor)
            {
                _writer.Line();
                if (anchor) _writer.Directive("#pragma warning disable CS1572, CS1734 // the anchor documents (and refers to) the parameters of every sender that inherits its docs");
            }

            private void EndSender(bool anchor)
            {
                if (anchor) _writer.Directive("#pragma warning restore CS1572, CS1734");
            }

            /// <summary>The summary: the method's own, if it has one, then this sender's (its pieces, written one after another).</summary>
            private void Summary(string a, string b, string c = "", string d = "", string e = "", string f = "", string g = "", string h = "",
                string i = "", string j = "", string k = "")
            {
                if (_model.Summary is null)
                {
                    _writer.StartLine().Write("/// <summary>");
                    _writer.Write(a).Write(b).Write(c).Write(d).Write(e).Write(f).Write(g).Write(h).Write(i).Write(j).Write(k);
                    _writer.Write("</summary>").EndLine();
                    return;
                }
                _writer.Line("/// <summary>");
                _writer.StartLine().Write("/// ").Write(_model.Summary).EndLine();
                _writer.StartLine().Write("/// <para>");
                _writer.Write(a).Write(b).Write(c).Write(d).Write(e).Write(f).Write(g).Write(h).Write(i).Write(j).Write(k);
                _writer.Write("</para>").EndLine();
                _writer.Line("/// </summary>");
            }

            private void Inherit(string inheritdoc) => _writer.Line(inheritdoc);

            private void Parameter(string name, string documentation) =>
                _writer.StartLine().Write("/// <param name=\"").Write(name).Write("\">").Write(documentation).Write("</param>").EndLine();

            private void UserParameters()
            {
                foreach (ParameterModel parameter in _model.Parameters) Parameter(parameter.PlainName, parameter.Documentation ?? UndocumentedParameter);
            }

            /// <summary>The returns line, unless <paramref name="a"/> is empty (a sender that returns nothing).</summary>
            private void Returns(string a, string b = "", string c = "")
            {
                if (a.Length == 0) return;
                _writer.StartLine().Write("/// <returns>").Write(a).Write(b).Write(c).Write("</returns>").EndLine();
            }

            /// <summary>
            /// <c>[GeneratedCode]</c> and the signature: the runtime, <paramref name="leading"/> (each after <c>", "</c>), the
            /// method's own parameters, then <paramref name="trailing"/>.
            /// </summary>
            private void Signature(string returnType, string name, string leading, string trailing)
            {
                _writer.Line(s_generatedCode);
                _writer.StartLine().Write(_access).Write(returnType).Write(' ').Write(name).Write('(').Write(_runtimeDeclaration)
                    .Write(leading).Write(_parameters).Write(trailing).Write(')').EndLine();
            }

            /// <summary>
            /// The body: null checks of the runtime and <paramref name="checkedParameter"/>, then one call to the runtime's
            /// low-level API, <c>runtime.Api&lt;THandler, TArgs[, TResult]&gt;(target, args[, extra], refs, priority)</c>,
            /// passed through <paramref name="wrapper"/> when there is one.
            /// </summary>
            private void Body(bool returns, string? checkedParameter, string api, string? result, string target, string? extra, string? wrapper = null)
            {
                _writer.OpenBrace();
                _writer.Line(_throwIfNullRuntime);
                if (checkedParameter is not null) _writer.StartLine().Write(ThrowIfNull).Write(checkedParameter).Write(");").EndLine();
                _writer.StartLine();
                if (returns) _writer.Write("return ");
                if (wrapper is not null) _writer.Write(wrapper).Write('(');
                _writer.Write(_runtime).Write('.').Write(api).Write('<').Write(_typeArguments);
                if (result is not null) _writer.Write(", ").Write(result);
                _writer.Write(">(").Write(target).Write(", ").Write(_args);
                if (extra is not null) _writer.Write(", ").Write(extra);
                _writer.Write(_tail);
                if (wrapper is not null) _writer.Write(')');
                _writer.Write(';').EndLine();
                _writer.CloseBrace();
            }
        }
    }
}
